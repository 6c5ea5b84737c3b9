/** Generated CSV files full of what breaks CSV readers, for the reader tests. */

/** Mulberry32: a small seeded generator, so a failing case can be replayed. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CELLS = [
  '',
  '1',
  '-0',
  '+5',
  '0.5',
  '.5',
  '5.',
  '1e5',
  '1E-3',
  '2.5e+300',
  '1e400',
  '12345678901234567',
  '0123',
  '+4915112345678',
  '0',
  '00',
  '29,85',
  '"1,234,567.5"',
  '1.234',
  '1.234,5',
  '12.000',
  '"12,000"',
  'NA',
  'N/A',
  'NaN',
  'nan',
  'null',
  'NULL',
  'None',
  '#N/A',
  ' 7 ',
  '\u00a07',
  ' ',
  'Yes',
  'No',
  'true',
  'café',
  '"quoted"',
  '"with, comma"',
  '"with ""quotes"""',
  '"two\nlines"',
  '"cr\r\nlf"',
  '""',
  '2024-01-05',
  '2023-12-31T08:00:00Z',
  '15/03/2024',
  '03/15/2024 08:30',
  '01/04/2024',
  '3.4.2024',
  '0.1',
  '0.30000000000000004',
  '123456789012345.6',
  '9007199254740993',
  '-1.5',
  'Infinity',
  '1,5',
  '"a;b"',
  'x|y',
  '\t',
  'Ab"c',
  '"open',
];
export const NUMERIC_CELLS = ['1', '2.5', '-3', '1e3', '', 'NA', '1,5', '0.1', '1.234', '"1,000"', '7'];

/** A CSV of up to `maxRows` rows of random cells from `cells` (or, per column, mostly numbers), with a random line ending. */
export function randomCsv(
  random: () => number,
  maxRows = 7,
  cells: readonly string[] = CELLS,
  numericCells: readonly string[] = NUMERIC_CELLS,
): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const delimiter = pick([',', ',', ';', '\t', '|']);
  const ending = pick(['\n', '\r\n', '\r', '\n']);
  const columns = 1 + Math.floor(random() * 5);
  const numeric = Array.from({ length: columns }, () => random() < 0.6);
  const lines = [Array.from({ length: columns }, (_, c) => `col${c}`).join(delimiter)];
  const rows = Math.floor(random() * (maxRows + 1));
  for (let r = 0; r < rows; r++) {
    if (random() < 0.05) lines.push('');
    const width = random() < 0.03 ? columns + (random() < 0.5 ? 1 : -1) : columns;
    lines.push(
      Array.from({ length: Math.max(0, width) }, (_, c) =>
        numeric[c] && random() < 0.9 ? pick(numericCells) : pick(cells),
      ).join(delimiter),
    );
  }
  const bom = random() < 0.1 ? '\uFEFF' : '';
  return bom + lines.join(ending) + (random() < 0.7 ? ending : '');
}
