/**
 * The output of one sampling run as one file or as numbered part files of at most `partRows` rows
 * (`telco.arrow` → `telco-00000.arrow`, `telco-00001.arrow`, …; five digits so they sort). Every
 * part is written under a temporary name and all are renamed only when the last is complete, so a
 * failed or interrupted run leaves no part under a final name.
 */
import { rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { type OutputFormat, type OutputSink, openOutputSink, outputFormatOf } from './write-output.js';

export interface WrittenFile {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

export interface PartedSink {
  /** Appends a batch, splitting it where a part ends. */
  write(batch: RecordBatch): Promise<void>;
  /** Resolves once every part holds all bytes written to it so far (see {@link OutputSink.flushed}). */
  flushed(): Promise<void>;
  /** Finishes every part and renames all into place; resolves to the files in row order. */
  commit(): Promise<WrittenFile[]>;
  /** Removes every temporary (and any already renamed) part. Never throws. */
  discard(): Promise<void>;
}

/** The name of part `index` of `out`. */
export function partPath(out: string, index: number): string {
  const extension = extname(out);
  return join(dirname(out), `${basename(out, extension)}-${String(index).padStart(5, '0')}${extension}`);
}

/** A sink that finishes its file but leaves the rename to the caller. */
interface OpenPart {
  readonly path: string;
  readonly sink: OutputSink;
  rows: number;
}

/**
 * Opens the output of a run: one file at `out`, or parts of `partRows` rows when given.
 * @throws DoppelError `usage` for an unknown format, `write-failed` when a file cannot be created.
 */
export async function openPartedSink(
  out: string,
  format: OutputFormat | undefined,
  partRows: number | null,
): Promise<PartedSink> {
  const resolvedFormat = format ?? outputFormatOf(out);
  const parts: OpenPart[] = [];
  const committed: WrittenFile[] = [];
  const open = async () => {
    const path = partRows === null ? out : partPath(out, parts.length);
    const part: OpenPart = { path, sink: await openOutputSink(path, resolvedFormat), rows: 0 };
    parts.push(part);
    return part;
  };
  let current = partRows === null ? await open() : null;

  return {
    async write(batch) {
      let offset = 0;
      // A zero-row batch (an empty shard's schema) still opens the first part.
      do {
        if (current === null || (partRows !== null && current.rows === partRows)) current = await open();
        const room = partRows === null ? batch.numRows - offset : partRows - current.rows;
        const take = Math.min(room, batch.numRows - offset);
        await current.sink.write(take === batch.numRows ? batch : batch.slice(offset, offset + take));
        current.rows += take;
        offset += take;
      } while (offset < batch.numRows);
    },
    async flushed() {
      await Promise.all(parts.map((part) => part.sink.flushed()));
    },
    async commit() {
      // Each part's sink renames its file when it commits; a later failure removes the earlier ones.
      for (const part of parts) {
        const bytes = await part.sink.commit();
        committed.push({ path: part.path, rows: part.rows, bytes });
      }
      return committed;
    },
    async discard() {
      await Promise.all(parts.map((part) => part.sink.discard()));
      await Promise.all(committed.map((file) => rm(file.path, { force: true }).catch(() => {})));
    },
  };
}
