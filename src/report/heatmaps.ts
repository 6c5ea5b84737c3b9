/**
 * Association heatmaps: the strength of every column pair in the real data, in the synthetic data,
 * and their difference. A pair of two continuous columns shows Pearson's r (−1 … 1); any other pair
 * Cramér's V (0 … 1) on the QualityReport's own binning, so each cell is the statistic behind that
 * pair's trend score.
 */
import * as Plot from '@observablehq/plot';
import type { QualityReport } from '../validate/validate-quality.js';
import { fixed, signed, truncate } from './format.js';
import { HEATMAP_SCHEME } from './palette.js';
import { markupOf, type PlotDocument } from './plot-document.js';

export interface AssociationCell {
  /** Indices into `columns`; both orders are present, the diagonal is not. */
  readonly x: number;
  readonly y: number;
  readonly measure: 'r' | 'V';
  readonly real: number | null;
  readonly synthetic: number | null;
  readonly difference: number | null;
}

export interface AssociationMatrix {
  readonly columns: readonly string[];
  readonly cells: readonly AssociationCell[];
}

/** The pair table of a quality report as a symmetric matrix, in column-shape order. */
export function associationMatrix(quality: QualityReport): AssociationMatrix {
  const columns = quality.columns.map((row) => row.column);
  const index = new Map(columns.map((name, i) => [name, i]));
  const cells: AssociationCell[] = [];
  for (const pair of quality.pairs) {
    const a = index.get(pair.column1);
    const b = index.get(pair.column2);
    if (a === undefined || b === undefined) continue;
    const correlation = pair.metric === 'CorrelationSimilarity';
    const real = correlation ? pair.realCorrelation : pair.realAssociation;
    const synthetic = correlation ? pair.syntheticCorrelation : pair.syntheticAssociation;
    const difference = real !== null && synthetic !== null ? synthetic - real : null;
    const measure = correlation ? 'r' : 'V';
    cells.push(
      { x: a, y: b, measure, real, synthetic, difference },
      { x: b, y: a, measure, real, synthetic, difference },
    );
  }
  return { columns, cells };
}

export type HeatmapValue = 'real' | 'synthetic' | 'difference';

/** Colour domain of a heatmap: ±1 for strengths, ±(largest difference, at least 0.1) for differences. */
export function heatmapDomain(matrix: AssociationMatrix, value: HeatmapValue): [number, number] {
  if (value !== 'difference') return [-1, 1];
  let largest = 0.1;
  for (const cell of matrix.cells)
    if (cell.difference !== null) largest = Math.max(largest, Math.abs(cell.difference));
  const bound = Math.min(2, Math.ceil(largest * 10) / 10);
  return [-bound, bound];
}

/** Cell values are printed when the matrix is small enough to read them. */
const MAX_COLUMNS_WITH_TEXT = 14;
/**
 * Label and cell-value size in CSS pixels. The report draws each heatmap at its own size (never
 * scaled down to share a row), so these are the sizes on screen: readable, ≥ 11 px (issue 12: the
 * labels were ~7 px once three maps shared a row).
 */
export const HEATMAP_FONT_PX = 12;
/** Width of one label character at {@link HEATMAP_FONT_PX}, in pixels (system sans-serif). */
const CHARACTER_PX = 0.62 * HEATMAP_FONT_PX;

/** One heatmap as SVG; each cell's title gives the pair, measure and exact value. */
export function heatmapPlot(matrix: AssociationMatrix, value: HeatmapValue, document: PlotDocument): string {
  const n = matrix.columns.length;
  const names = matrix.columns.map((name) => truncate(name, 22));
  const longest = Math.max(4, ...names.map((name) => [...name].length));
  const margin = Math.min(190, 14 + longest * CHARACTER_PX);
  // Cells big enough for their printed value (e.g. "−.35") at the label size.
  const cell = n <= MAX_COLUMNS_WITH_TEXT ? 34 : n <= 24 ? 24 : 16;
  const data = matrix.cells.filter((c) => c[value] !== null);
  const format = value === 'difference' ? (v: number) => signed(v, 2) : (v: number) => fixed(v, 2);
  const marks = [
    Plot.cell(data, {
      x: 'x',
      y: 'y',
      fill: value,
      inset: 0.5,
      title: (c: AssociationCell) =>
        `${matrix.columns[c.y]} × ${matrix.columns[c.x]}\n${c.measure} real ${fixed(c.real, 3)} · synthetic ${fixed(c.synthetic, 3)} · difference ${signed(c.difference)}`,
    }),
  ];
  if (n <= MAX_COLUMNS_WITH_TEXT) {
    marks.push(
      Plot.text(data, {
        x: 'x',
        y: 'y',
        text: (c: AssociationCell) => format(c[value]!).replace(/^(-|−|\+)?0\./, '$1.'),
        fontSize: HEATMAP_FONT_PX - 1,
        fill: (c: AssociationCell) =>
          Math.abs(c[value]!) > 0.6 * heatmapDomain(matrix, value)[1] ? 'white' : 'black',
      }) as never,
    );
  }
  const figure = Plot.plot({
    document,
    width: margin + n * cell + 10,
    height: margin + n * cell + 10,
    marginLeft: margin,
    marginBottom: margin,
    marginTop: 10,
    marginRight: 10,
    style: { fontSize: `${HEATMAP_FONT_PX}px` },
    x: { domain: names.map((_, i) => i), tickFormat: (i: number) => names[i]!, tickRotate: -90, label: null },
    y: { domain: names.map((_, i) => i), tickFormat: (i: number) => names[i]!, label: null },
    color: { type: 'linear', scheme: HEATMAP_SCHEME, domain: heatmapDomain(matrix, value), clamp: true },
    marks,
  });
  return markupOf(figure);
}

/**
 * A colour legend drawn with SVG rectangles (Plot's own continuous legend paints on a canvas, which
 * a server-side DOM does not have).
 */
export function heatmapLegend(domain: [number, number], label: string, document: PlotDocument): string {
  const steps = 40;
  const [lo, hi] = domain;
  const stops = Array.from({ length: steps }, (_, i) => ({
    x1: lo + ((hi - lo) * i) / steps,
    x2: lo + ((hi - lo) * (i + 1)) / steps,
    v: lo + ((hi - lo) * (i + 0.5)) / steps,
  }));
  const figure = Plot.plot({
    document,
    width: 280,
    height: 50,
    marginLeft: 14,
    marginRight: 14,
    marginTop: 4,
    marginBottom: 34,
    style: { fontSize: `${HEATMAP_FONT_PX}px` },
    x: { domain, label, ticks: 5 },
    y: { axis: null },
    color: { type: 'linear', scheme: HEATMAP_SCHEME, domain },
    marks: [Plot.rectX(stops, { x1: 'x1', x2: 'x2', fill: 'v' })],
  });
  return markupOf(figure);
}
