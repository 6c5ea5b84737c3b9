import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import type { OutputFormat } from './write-output.js';
import { openPartedSink, type PartedSink, type WrittenFile } from './write-parts.js';

/** The file extension each output format gets in a directory of tables. */
const EXTENSION: Record<OutputFormat, string> = {
  arrow: 'arrow',
  arrows: 'arrows',
  csv: 'csv',
  jsonl: 'jsonl',
  parquet: 'parquet',
};

export interface RelatedTablesSink {
  /** Appends a batch to one table's file. */
  write(table: string, batch: RecordBatch): Promise<void>;
  flushed(): Promise<void>;
  /** Finishes every table's file and renames all into place; a failure removes them all. */
  commit(): Promise<(WrittenFile & { table: string })[]>;
  /** Removes every temporary (and any already renamed) file. Never throws. */
  discard(): Promise<void>;
}

/** `dir/<table>.<ext>`: where a table of a related sample is written. */
export function tablePath(dir: string, table: string, format: OutputFormat): string {
  return join(dir, `${table}.${EXTENSION[format]}`);
}

/**
 * One sink per table, `dir/<table>.<ext>`, in any single-table output format: every file is written
 * under a temporary name and all are renamed into place together at the end (all or nothing: a
 * failure while committing removes the files already renamed).
 * @throws DoppelError `write-failed` when a file cannot be created.
 */
export async function openRelatedTablesSink(
  dir: string,
  tables: readonly string[],
  format: OutputFormat,
): Promise<RelatedTablesSink> {
  const sinks = new Map<string, PartedSink>();
  try {
    for (const table of tables)
      sinks.set(table, await openPartedSink(tablePath(dir, table, format), format, null));
  } catch (error) {
    await Promise.all([...sinks.values()].map((sink) => sink.discard()));
    throw error;
  }
  const committed: PartedSink[] = [];
  return {
    write: (table, batch) => sinks.get(table)!.write(batch),
    async flushed() {
      await Promise.all([...sinks.values()].map((sink) => sink.flushed()));
    },
    async commit() {
      const files: (WrittenFile & { table: string })[] = [];
      for (const [table, sink] of sinks) {
        committed.push(sink);
        for (const file of await sink.commit()) files.push({ ...file, table });
      }
      return files;
    },
    async discard() {
      await Promise.all([...sinks.values()].map((sink) => sink.discard()));
    },
  };
}
