/**
 * One candidate writer or reader, as a whole process, for `npm run bench` (test/bench/run.ts) to
 * time side by side on the same files:
 *   node test/bench/format-candidates.mjs write <candidate> <in.arrow> <out>
 *   node test/bench/format-candidates.mjs read <candidate> <file>
 * Writers read a sampled Arrow file and write it in one thread (the sampler's own path, encoding in
 * its workers, is timed by run.ts through the CLI). Readers read a file into columns.
 * Runs on the built code (dist/), like the CLI.
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';

const [mode, candidate, input, output] = process.argv.slice(2);
const dist = new URL('../../dist/src/', import.meta.url).href;

async function write() {
  const table = tableFromIPC(readFileSync(input));
  switch (candidate) {
    case 'csv-hand': {
      const { csvHeader, encodeTextRows } = await import(`${dist}io/encode-text-rows.js`);
      const parts = [csvHeader(table.schema), ...table.batches.map((b) => encodeTextRows(b, 'csv'))];
      return writeFileSync(output, Buffer.concat(parts));
    }
    case 'csv-stringify': {
      const { stringify } = await import('csv-stringify/sync');
      const { textRowsOf } = await import(`${dist}io/text-rows.js`);
      const columns = table.schema.fields.map((f) => f.name);
      const parts = table.batches.map((b, i) => stringify(textRowsOf(b, ''), { header: i === 0, columns }));
      return writeFileSync(output, parts.join(''));
    }
    case 'parquet-hand': {
      const { writeTable } = await import(`${dist}io/write-table.js`);
      return writeTable(table, output);
    }
    case 'parquet-wasm': {
      const pw = await import('parquet-wasm');
      const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.UNCOMPRESSED).build();
      let i = 0;
      const batches = new ReadableStream({
        pull(controller) {
          if (i === table.batches.length) return controller.close();
          const ipc = tableToIPC(new Table([table.batches[i++]]), 'stream');
          controller.enqueue(pw.Table.fromIPCStream(ipc).recordBatch(0));
        },
      });
      const bytes = await pw.transformParquetStream(batches, props);
      return bytes.pipeTo(Writable.toWeb(createWriteStream(output)));
    }
    case 'hyparquet-writer': {
      // The sampler's Parquet path before: each column as a JS array, one row group per batch.
      const { parquetWriteBuffer } = await import('hyparquet-writer');
      const columnData = table.schema.fields.map((field) => {
        const vector = table.getChild(field.name);
        const type = String(field.type);
        const data = Array.from({ length: vector.length }, (_, r) => vector.get(r));
        return {
          name: field.name,
          data,
          type: type.startsWith('Dictionary')
            ? 'STRING'
            : type === 'Bool'
              ? 'BOOLEAN'
              : type === 'Int32'
                ? 'INT32'
                : 'DOUBLE',
        };
      });
      return writeFileSync(output, new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize: 65_536 })));
    }
    default:
      throw new Error(`unknown writer ${candidate}`);
  }
}

async function read() {
  switch (candidate) {
    case 'doppel': {
      const { readTable } = await import(`${dist}io/read-table.js`);
      return (await readTable(input)).numRows;
    }
    case 'bytes': {
      // The floor: the file's bytes read and passed over once (its lines counted).
      const bytes = readFileSync(input);
      let lines = 0;
      for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
      return input.endsWith('.parquet') ? bytes.length : lines - (input.endsWith('.csv') ? 1 : 0);
    }
    case 'doppel-before': {
      // doppel's CSV reader before the byte-level one: csv-parse's rows of strings, then typing.
      const { parse } = await import('csv-parse/sync');
      const { parseTextColumn, tableFromColumns } = await import(`${dist}io/table-from-columns.js`);
      const [header, ...rows] = parse(readFileSync(input, 'utf8'), { bom: true, skip_empty_lines: true });
      const columns = header.map((_, c) =>
        parseTextColumn(rows.map((row) => (row[c] === '' ? null : row[c]))),
      );
      return tableFromColumns(header, columns).numRows;
    }
    case 'csv-parse': {
      const { parse } = await import('csv-parse/sync');
      return parse(readFileSync(input)).length - 1;
    }
    case 'parquet-wasm-one-call': {
      // doppel's Parquet reader before: the whole file in one call into parquet-wasm.
      const wasm = await import('parquet-wasm');
      return tableFromIPC(wasm.readParquet(readFileSync(input), { batchSize: 1 << 20 }).intoIPCStream())
        .numRows;
    }
    case 'json-parse': {
      // JSON.parse on every line, nothing kept: the least a reader built on it does.
      const text = readFileSync(input, 'utf8');
      let rows = 0;
      for (const line of text.split('\n')) if (line !== '' && JSON.parse(line)) rows++;
      return rows;
    }
    case 'duckdb-engine': {
      // DuckDB's engine alone: the file read into a table inside DuckDB, nothing handed to JS.
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const connection = await (await DuckDBInstance.create(':memory:')).connect();
      const from = input.endsWith('.parquet')
        ? 'read_parquet'
        : input.endsWith('.csv')
          ? 'read_csv'
          : 'read_json';
      await connection.run(`CREATE TABLE t AS SELECT * FROM ${from}('${input}')`);
      const reader = await connection.runAndReadAll('SELECT count(*) FROM t');
      return Number(reader.getRows()[0][0]);
    }
    case 'hyparquet': {
      const { parquetRead } = await import('hyparquet');
      const { compressors } = await import('hyparquet-compressors');
      const bytes = readFileSync(input);
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      const columns = new Map();
      await parquetRead({
        file,
        compressors,
        onChunk: ({ columnName, columnData }) =>
          columns.set(columnName, (columns.get(columnName) ?? 0) + columnData.length),
      });
      return Math.max(...columns.values());
    }
    case 'duckdb': {
      // An engine for reference: DuckDB reads the file and hands every column to JS.
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const connection = await (await DuckDBInstance.create(':memory:')).connect();
      const from = input.endsWith('.parquet')
        ? 'read_parquet'
        : input.endsWith('.csv')
          ? 'read_csv'
          : 'read_json';
      const reader = await connection.runAndReadAll(`SELECT * FROM ${from}('${input}')`);
      return reader.getColumnsJS()[0].length;
    }
    default:
      throw new Error(`unknown reader ${candidate}`);
  }
}

const rows = mode === 'write' ? await write() : await read();
if (mode === 'read') console.log(rows);
