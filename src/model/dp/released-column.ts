/**
 * Where a row lies on [0, 1] under a released marginal, from the released model and the row's own
 * value alone. The private fit draws its copula scores inside these intervals; a fit from partial
 * statistics (model/partial/private-merge.ts) reads the released models back from its plan and
 * draws the same scores over each partition's rows.
 */
import type { PreparedColumn } from '../../schema/prepare-table.js';
import type {
  BooleanColumnModel,
  CategoricalColumnModel,
  DatetimeColumnModel,
  IntegerColumnModel,
  ModelledColumnModel,
  NumericColumnModel,
} from '../model-format.js';
import { latticeFor, type UnitLattice } from './magnitude-grid.js';
import { cdfAt } from './private-cdf-at.js';

type NumberModel = NumericColumnModel | IntegerColumnModel | DatetimeColumnModel;

/** A released marginal over some rows: each row's interval, and a categorical row's slot. */
export interface ReleasedColumn {
  readonly model: ModelledColumnModel;
  interval(row: number): readonly [number, number] | null;
  /** The index in `model.categories` of a row's category, −1 when it has none (categorical only). */
  slotOf(row: number): number;
}

/** The unit lattice a released number marginal puts values on (magnitude-grid.ts). */
export function latticeOfModel(model: NumberModel): UnitLattice {
  switch (model.kind) {
    case 'numeric':
      return latticeFor({ kind: 'numeric', decimals: model.decimals ?? 0 });
    case 'integer':
      return latticeFor({ kind: 'integer' });
    case 'datetime':
      return latticeFor({ kind: 'datetime', unit: model.unit });
  }
}

/** A number's interval: its lattice unit's span under the released CDF; null when missing. */
export function numberInterval(
  model: NumberModel,
  lattice: UnitLattice,
  x: number,
): readonly [number, number] | null {
  if (Number.isNaN(x)) return null;
  const u = lattice.unitOf(x);
  return [cdfAt(model.cdf, lattice.edgeValue(u)), cdfAt(model.cdf, lattice.edgeValue(u + 1))];
}

/** A boolean's interval: false [0, 1 − p), true [1 − p, 1]; null when missing. */
export function booleanInterval(model: BooleanColumnModel, label: string | null | undefined) {
  if (label === null || label === undefined) return null;
  const p = model.trueProbability;
  return (label === 'true' ? [1 - p, 1] : [0, 1 - p]) as readonly [number, number];
}

/**
 * The slot of a label in a released categorical: its category, else the "(other)" bucket when
 * there is one (a label present in the data but not released), else −1.
 */
export function categorySlots(model: CategoricalColumnModel): (label: string | null | undefined) => number {
  const other = model.suppressed.otherLabel;
  const otherSlot = other === null ? -1 : model.categories.length - 1;
  const slot = new Map(model.categories.map((label, i) => [label, i]));
  if (other !== null) slot.delete(other);
  return (label) => (label === null || label === undefined ? -1 : (slot.get(label) ?? otherSlot));
}

/** Cumulative probabilities of a categorical's categories in their order, ending at exactly 1. */
export function categoryEdges(probabilities: readonly number[]): number[] {
  const edges = [0];
  for (const p of probabilities) edges.push(edges[edges.length - 1]! + p);
  edges[edges.length - 1] = 1;
  return edges;
}

/** The released model over a column of rows (prepared like the fit's, consent applied). */
export function releasedColumn(model: ModelledColumnModel, column: PreparedColumn): ReleasedColumn {
  switch (model.kind) {
    case 'numeric':
    case 'integer':
    case 'datetime': {
      if (column.type !== 'number') throw new Error(`column "${model.name}" was not prepared as numbers`);
      const lattice = latticeOfModel(model);
      const values = column.values;
      return { model, interval: (row) => numberInterval(model, lattice, values[row]!), slotOf: () => -1 };
    }
    case 'boolean': {
      if (column.type !== 'label') throw new Error(`column "${model.name}" was not prepared as labels`);
      const labels = column.values;
      return { model, interval: (row) => booleanInterval(model, labels[row]), slotOf: () => -1 };
    }
    case 'categorical': {
      if (column.type !== 'label') throw new Error(`column "${model.name}" was not prepared as labels`);
      const labels = column.values;
      const slotOfLabel = categorySlots(model);
      const edges = categoryEdges(model.probabilities);
      const slotOf = (row: number) => slotOfLabel(labels[row]);
      return {
        model,
        slotOf,
        interval(row) {
          const slot = slotOf(row);
          return slot < 0 ? null : [edges[slot]!, edges[slot + 1]!];
        },
      };
    }
    default:
      throw new Error(
        `column "${(model as ModelledColumnModel).name}" is not a modelled kind a private fit makes`,
      );
  }
}
