import { type Table, tableToIPC } from 'apache-arrow';
import { stringify } from 'csv-stringify/sync';
import { formatFromPath } from './read-table.js';
import { textRowsOf } from './text-rows.js';
import { writeFileAtomic } from './write-file-atomic.js';
import { openOutputSink } from './write-output.js';

/**
 * Writes a table in the format its extension names (.csv/.tsv via csv-stringify, .arrow as an IPC
 * file, .arrows as an IPC stream, .jsonl, .parquet via hyparquet-writer), atomically.
 */
export async function writeTable(table: Table, path: string): Promise<void> {
  const format = formatFromPath(path);
  switch (format) {
    case 'arrow':
      return writeFileAtomic(path, tableToIPC(table, path.endsWith('.arrows') ? 'stream' : 'file'));
    case 'csv':
      return writeFileAtomic(
        path,
        stringify(textRowsOf(table, ''), {
          header: true,
          columns: table.schema.fields.map((f) => f.name),
          delimiter: path.endsWith('.tsv') ? '\t' : ',',
        }),
      );
    case 'jsonl':
      return writeFileAtomic(
        path,
        textRowsOf(table, null)
          .map((row) => `${JSON.stringify(row)}\n`)
          .join(''),
      );
    case 'parquet': {
      // The sampler's streaming Parquet sink (hyparquet-writer), one row group per batch.
      const sink = await openOutputSink(path, 'parquet');
      try {
        for (const batch of table.batches) await sink.write(batch);
        await sink.commit();
      } catch (error) {
        await sink.discard();
        throw error;
      }
      return;
    }
    default:
      throw new Error(`writeTable: unhandled format ${format satisfies never}`);
  }
}
