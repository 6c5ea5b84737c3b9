/**
 * Coded batches kept between the passes of the streamed fit (stream-fit.ts) in a temporary file, so
 * that only the first pass decodes the data file and codes its labels (on 1M telco-shaped rows from
 * Parquet those were about two thirds of each pass). On disk, not in memory: the fit's working set
 * stays one batch whatever the row count. Labels are stored as one byte per cell while a column has
 * fewer than 255 distinct labels (telco-shaped rows: about 41 bytes a row, 410 MB for 10M rows).
 *
 * The file holds the modelled columns of real rows: it is created in a directory of its own that
 * only this user can read (mkdtemp, 0700) and unlinked, with its directory, as soon as it is open:
 * the fit reads and writes it through its descriptor, and the kernel frees it when the descriptor
 * is closed ({@link CodedSpill.close}) or the process ends, even by SIGKILL or a crash, so no copy
 * of real rows outlives the fit (a name exists only for the microseconds between open and unlink).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColumnSpec } from '../../schema/dataset-schema.js';
import type { CodedBatch, CodedColumn, LabelDictionary } from './coded-batch.js';
import { type ArraySource, FRESH_ARRAYS, type ScratchArrays } from './scratch-arrays.js';

interface StoredColumn {
  readonly spec: ColumnSpec;
  /** Null for a number column. (Only the description: the cells are on disk.) */
  readonly dictionary: LabelDictionary | null;
  /** Bytes per cell on disk: 8 (a number), 1 (a label code + 1, 0 missing) or 4 (a label code). */
  readonly width: 8 | 1 | 4;
  readonly at: number;
}

interface StoredBatch {
  readonly rowCount: number;
  readonly rowsRead: number;
  readonly rowsDroppedByConsent: number;
  readonly columns: readonly StoredColumn[];
}

/** A read-write descriptor of a new file that has no name any more (see the module comment). */
function openUnlinkedFile(): number {
  const directory = mkdtempSync(join(tmpdir(), 'doppel-fit-'));
  try {
    return openSync(join(directory, 'batches'), 'w+', 0o600);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export class CodedSpill {
  private readonly fd = openUnlinkedFile();
  private readonly batches: StoredBatch[] = [];
  private size = 0;

  /** Appends a batch (its arrays are copied to the file; the caller may drop them). */
  add(batch: CodedBatch): void {
    const columns = batch.columns.map((column): StoredColumn => {
      const at = this.size;
      if (column.type === 'number') {
        this.write(new Uint8Array(column.values.buffer, column.values.byteOffset, column.values.byteLength));
        return { spec: column.spec, dictionary: null, width: 8, at };
      }
      if (column.dictionary.size < 255) {
        const bytes = new Uint8Array(column.codes.length);
        for (let i = 0; i < bytes.length; i++) bytes[i] = column.codes[i]! + 1;
        this.write(bytes);
        return { spec: column.spec, dictionary: column.dictionary, width: 1, at };
      }
      this.write(new Uint8Array(column.codes.buffer, column.codes.byteOffset, column.codes.byteLength));
      return { spec: column.spec, dictionary: column.dictionary, width: 4, at };
    });
    this.batches.push({
      rowCount: batch.rowCount,
      rowsRead: batch.rowsRead,
      rowsDroppedByConsent: batch.rowsDroppedByConsent,
      columns,
    });
  }

  /**
   * The stored batches, in the order added, read back from the file one at a time.
   * @param scratch arrays for the batches when the caller keeps none of a batch once it asks for
   * the next (each batch is read into the same memory: no new arrays to collect).
   */
  *pass(scratch?: ScratchArrays): Generator<CodedBatch> {
    let byteBuffer = new Uint8Array(0);
    for (const stored of this.batches) {
      const n = stored.rowCount;
      scratch?.reset();
      const arrays: ArraySource = scratch ?? FRESH_ARRAYS;
      const columns = stored.columns.map(({ spec, dictionary, width, at }): CodedColumn => {
        if (dictionary === null) {
          const values = arrays.float(n);
          this.read(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
          return { type: 'number', spec, values };
        }
        const codes = arrays.int(n);
        if (width === 4) this.read(new Uint8Array(codes.buffer, codes.byteOffset, codes.byteLength), at);
        else {
          if (byteBuffer.length < n) byteBuffer = new Uint8Array(n);
          const bytes = byteBuffer.subarray(0, n);
          this.read(bytes, at);
          for (let i = 0; i < n; i++) codes[i] = bytes[i]! - 1;
        }
        return { type: 'label', spec, codes, dictionary };
      });
      yield { ...stored, columns };
    }
  }

  /** Closes the file, which frees it (it has no name). */
  close(): void {
    closeSync(this.fd);
  }

  private write(bytes: Uint8Array): void {
    for (let done = 0; done < bytes.length; )
      done += writeSync(this.fd, bytes, done, bytes.length - done, this.size + done);
    this.size += bytes.length;
  }

  private read(into: Uint8Array, at: number): void {
    for (let done = 0; done < into.length; ) {
      const got = readSync(this.fd, into, done, into.length - done, at + done);
      if (got === 0) throw new Error('the streamed fit’s temporary file ended early');
      done += got;
    }
  }
}
