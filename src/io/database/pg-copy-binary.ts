/**
 * Row blocks as PostgreSQL COPY binary format (https://www.postgresql.org/docs/current/sql-copy.html,
 * "Binary Format"): a signature header, then per row a 16-bit field count and per field a 32-bit length
 * (-1 for NULL) and the value in the type's network (big-endian) form. Written by hand because no
 * kept npm library encodes it from columns; it is the hot loop of a PostgreSQL seed.
 */
import type { RowBlock } from './cells.js';
import type { SqlType } from './seed-plan.js';

/** 'PGCOPY\n\377\r\n\0', flags 0, header extension length 0. */
export const COPY_BINARY_HEADER = Buffer.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);
/** The file trailer: a field count of -1. */
export const COPY_BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/** PostgreSQL's epoch, 2000-01-01, in Unix milliseconds and days. */
const PG_EPOCH_MS = 946_684_800_000;
const PG_EPOCH_DAYS = 10_957;
const MS_PER_DAY = 86_400_000;

/** A growable output buffer with big-endian writers. */
class ByteWriter {
  buffer = Buffer.allocUnsafe(1 << 20);
  offset = 0;
  ensure(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }
}

/** The COPY binary rows of a block (no header or trailer). */
export function copyBinaryOf(block: RowBlock, types: readonly SqlType[]): Buffer {
  const { rowCount, columns } = block;
  const width = columns.length;
  const out = new ByteWriter();
  for (let row = 0; row < rowCount; row++) {
    out.ensure(2 + width * 12);
    out.buffer.writeInt16BE(width, out.offset);
    out.offset += 2;
    for (let c = 0; c < width; c++) {
      const cell = (columns[c] as (typeof columns)[number])[row];
      if (cell === null || cell === undefined) {
        out.ensure(4);
        out.buffer.writeInt32BE(-1, out.offset);
        out.offset += 4;
        continue;
      }
      writeField(out, cell, types[c] as SqlType);
    }
  }
  return out.buffer.subarray(0, out.offset);
}

function writeField(out: ByteWriter, cell: number | bigint | string | boolean, type: SqlType): void {
  switch (type) {
    case 'integer':
      out.ensure(8);
      out.buffer.writeInt32BE(4, out.offset);
      out.buffer.writeInt32BE(Number(cell), out.offset + 4);
      out.offset += 8;
      return;
    case 'bigint':
      out.ensure(12);
      out.buffer.writeInt32BE(8, out.offset);
      out.buffer.writeBigInt64BE(typeof cell === 'bigint' ? cell : BigInt(Number(cell)), out.offset + 4);
      out.offset += 12;
      return;
    case 'double':
      out.ensure(12);
      out.buffer.writeInt32BE(8, out.offset);
      out.buffer.writeDoubleBE(Number(cell), out.offset + 4);
      out.offset += 12;
      return;
    case 'boolean':
      out.ensure(5);
      out.buffer.writeInt32BE(1, out.offset);
      out.buffer[out.offset + 4] = cell ? 1 : 0;
      out.offset += 5;
      return;
    case 'date':
      out.ensure(8);
      out.buffer.writeInt32BE(4, out.offset);
      out.buffer.writeInt32BE(Math.floor(Number(cell) / MS_PER_DAY) - PG_EPOCH_DAYS, out.offset + 4);
      out.offset += 8;
      return;
    case 'timestamp':
      out.ensure(12);
      out.buffer.writeInt32BE(8, out.offset);
      out.buffer.writeBigInt64BE(BigInt(Math.round(Number(cell) - PG_EPOCH_MS)) * 1000n, out.offset + 4);
      out.offset += 12;
      return;
    case 'text': {
      const text = String(cell);
      out.ensure(4 + text.length * 3);
      const written = out.buffer.write(text, out.offset + 4, 'utf8');
      out.buffer.writeInt32BE(written, out.offset);
      out.offset += 4 + written;
      return;
    }
    default:
      throw new Error(`copyBinaryOf: unhandled type ${type satisfies never}`);
  }
}
