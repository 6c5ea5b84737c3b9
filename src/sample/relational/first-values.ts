/**
 * First events that take their parent's first value of a column (model/relational/first-events.ts):
 * the column's events are drawn as levels, as any event column; a parent's first event then writes
 * the parent's first-value summary over its level, present and rounded as the column is.
 */
import type { ColumnModel, CopulaDimension, Model } from '../../model/model-format.js';
import { EVENT, firstValueName } from '../../model/relational/child-column-prefixes.js';
import { roundHalfUp } from '../round-half-up.js';
import type { ModelledOutput } from '../sample-chunk.js';
import { roundingScale } from './evolving-values.js';

export interface FirstValueRule {
  /** The column's index in the child's layout. */
  readonly column: number;
  /** The parent layout's column holding the first value, and its model (for reading it back). */
  readonly firstColumn: number;
  readonly firstModel: ColumnModel;
  /** 10^decimals (1 for whole numbers), or 0 when values are not rounded. */
  readonly scale: number;
}

/**
 * The rules of a child's event columns that have a first-value summary in the parent's layout but
 * no change dimension (those are evolving-values.ts's). `drawn` lists the child copula's drawn
 * dimensions in draw order; `evolvingColumns` the layout columns evolving rules already generate.
 */
export function firstValueRules(
  childName: string,
  events: Model,
  drawn: readonly number[],
  layoutModel: Model,
  parentLayout: Model,
  parentColumnOf: (summary: string) => number,
  evolvingColumns: ReadonlySet<number>,
): FirstValueRule[] {
  const dims: readonly CopulaDimension[] = events.copula.dimensions;
  return layoutModel.columns.flatMap((level, column): FirstValueRule[] => {
    if (evolvingColumns.has(column) || !(level.kind === 'integer' || level.kind === 'numeric')) return [];
    const firstColumn = parentColumnOf(firstValueName(childName, level.name));
    const valueDimension = drawn.findIndex(
      (i) => dims[i]!.column === `${EVENT}${level.name}` && dims[i]!.part === 'value',
    );
    if (firstColumn < 0 || valueDimension < 0) return [];
    return [
      {
        column,
        firstColumn,
        firstModel: parentLayout.columns[firstColumn]!,
        scale: roundingScale(level),
      },
    ];
  });
}

/** The first value as written (rounded as the column is), NaN when the parent has none. */
export function firstValueOf(rule: FirstValueRule, x: number): number {
  if (Number.isNaN(x) || rule.scale === 0) return x;
  return roundHalfUp(x * rule.scale) / rule.scale;
}

/** Writes a first value into a numeric or integer output row, marking it present. */
export function writeFirstValue(output: ModelledOutput, row: number, x: number): void {
  const values = output.values;
  if (values instanceof BigInt64Array) values[row] = BigInt(x);
  else (values as Float64Array | Int32Array)[row] = x;
  const validity = output.validity;
  if (validity !== null && (validity[row >>> 3]! & (1 << (row & 7))) === 0) {
    validity[row >>> 3] = validity[row >>> 3]! | (1 << (row & 7));
    output.nullCount--;
  }
}
