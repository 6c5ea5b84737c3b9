/**
 * The formats part of `npm run bench`: sampling into Arrow, CSV and Parquet through the built CLI
 * (whole process, median of runs, each format's time against Arrow's in the same run), then every
 * candidate writer and reader side by side on the same 1M-row files (format-candidates.mjs).
 */
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Measure } from './run.js';

interface FormatBenchOptions {
  readonly model: string;
  readonly dir: string;
  readonly runs: number;
  readonly workers: string;
  readonly rows: number;
  timed(command: string, args: string[]): Measure;
  median(xs: number[]): number;
}

const CLI = 'dist/src/cli/main.js';
const CANDIDATES = 'test/bench/format-candidates.mjs';

export function benchFormats({ model, dir, runs, workers, rows, timed, median }: FormatBenchOptions): void {
  const sampleInto = (out: string, count: number, seed: number) =>
    timed(process.execPath, [
      CLI,
      'sample',
      model,
      '--rows',
      String(count),
      '--out',
      out,
      '--workers',
      workers,
      '--seed',
      String(seed),
      '--quiet',
    ]);

  // --format-rows 0 skips this table (the candidates below are timed at 1M rows regardless).
  if (rows > 0) sampleFormats();
  function sampleFormats() {
    console.log(
      `doppel sample into each format, ${rows.toLocaleString('en')} telco rows, ${workers} workers, median of ${runs} runs`,
    );
    console.log('| format | s | rows/s | peak RSS MB | file MB | s / Arrow s |');
    console.log('|---|---|---|---|---|---|');
    const seconds = new Map<string, number>();
    for (const format of ['arrow', 'csv', 'parquet']) {
      const out = join(dir, `formats.${format}`);
      const measures: Measure[] = [];
      let bytes = 0;
      for (let run = 0; run < runs; run++) {
        measures.push(sampleInto(out, rows, run + 1));
        bytes = statSync(out).size;
        rmSync(out, { force: true });
      }
      const s = median(measures.map((m) => m.seconds));
      seconds.set(format, s);
      const rss = median(measures.map((m) => m.peakRssMb));
      console.log(
        `| ${format} | ${s.toFixed(2)} | ${Math.round(rows / s).toLocaleString('en')} | ${rss.toFixed(0)} | ${(bytes / 2 ** 20).toFixed(0)} | ${(s / seconds.get('arrow')!).toFixed(2)} |`,
      );
    }
  }

  // Candidates on the same 1M rows: one sampled Arrow file in, one written file per format out.
  const million = 1_000_000;
  const arrow = join(dir, 'million.arrow');
  sampleInto(arrow, million, 1);
  const files = new Map<string, string>();
  for (const format of ['csv', 'parquet', 'jsonl']) {
    files.set(format, join(dir, `million.${format}`));
    sampleInto(files.get(format)!, million, 1);
  }
  const row = (label: string, measures: Measure[]) => {
    const s = median(measures.map((m) => m.seconds));
    console.log(
      `| ${label} | ${s.toFixed(2)} | ${Math.round(million / s).toLocaleString('en')} | ${median(measures.map((m) => m.peakRssMb)).toFixed(0)} |`,
    );
  };
  console.log('');
  console.log(
    `writers, 1,000,000 telco rows from an Arrow file, one thread, whole process, median of ${runs} runs`,
  );
  console.log('| writer | s | rows/s | peak RSS MB |');
  console.log('|---|---|---|---|');
  for (const [candidate, extension] of [
    ['csv-hand', 'csv'],
    ['csv-stringify', 'csv'],
    ['parquet-hand', 'parquet'],
    ['parquet-wasm', 'parquet'],
    ['hyparquet-writer', 'parquet'],
  ] as const) {
    const out = join(dir, `candidate.${extension}`);
    const measures = Array.from({ length: runs }, () => {
      const m = timed(process.execPath, [CANDIDATES, 'write', candidate, arrow, out]);
      rmSync(out, { force: true });
      return m;
    });
    row(candidate, measures);
  }
  benchReaders({ files, runs, timed, median });
}

interface ReaderBenchOptions {
  /** The 1M-row telco files doppel sample wrote, by format (csv, parquet, jsonl). */
  readonly files: ReadonlyMap<string, string>;
  readonly runs: number;
  timed(command: string, args: string[]): Measure;
  median(xs: number[]): number;
  /** Only these candidates (the floor, `bytes`, always runs); all when absent. */
  readonly only?: readonly string[];
}

/**
 * Every candidate reader side by side on the same million-row files, each as a whole process, with
 * a floor per format measured in the same run (the process reading the file's bytes and passing
 * over them once, format-candidates.mjs `bytes`): `s / floor` does not depend on the machine's load.
 */
export function benchReaders({ files, runs, timed, median, only }: ReaderBenchOptions): void {
  const million = 1_000_000;
  console.log('');
  console.log(`readers, the 1,000,000-row files doppel sample wrote, whole process, median of ${runs} runs`);
  console.log('| reader | s | rows/s | peak RSS MB | s / floor | CPU s |');
  console.log('|---|---|---|---|---|---|');
  const candidates: Record<string, readonly string[]> = {
    csv: ['bytes', 'doppel', 'doppel-before', 'csv-parse', 'duckdb-engine', 'duckdb'],
    parquet: ['bytes', 'doppel', 'parquet-wasm-one-call', 'hyparquet', 'duckdb-engine', 'duckdb'],
    jsonl: ['bytes', 'doppel', 'json-parse', 'duckdb-engine', 'duckdb'],
  };
  for (const [format, names] of Object.entries(candidates)) {
    let floor = Number.NaN;
    for (const candidate of names.filter((name) => name === 'bytes' || !only || only.includes(name))) {
      // Interleaved runs: a change in the machine's load falls on every candidate alike.
      const measures = Array.from({ length: runs }, () =>
        timed(process.execPath, [CANDIDATES, 'read', candidate, files.get(format)!]),
      );
      const s = median(measures.map((m) => m.seconds));
      if (candidate === 'bytes') floor = s;
      console.log(
        `| ${candidate} ${format} | ${s.toFixed(2)} | ${Math.round(million / s).toLocaleString('en')} | ${median(measures.map((m) => m.peakRssMb)).toFixed(0)} | ${(s / floor).toFixed(2)} | ${median(measures.map((m) => m.cpuSeconds)).toFixed(2)} |`,
      );
    }
  }
}
