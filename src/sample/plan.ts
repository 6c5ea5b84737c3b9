/**
 * The sampling plan: rows cut into fixed-size chunks. A chunk is the unit of work, of randomness and
 * of output (one Arrow record batch), so output depends only on (model, seed, rows), never on how
 * many workers ran or in which order chunks finished.
 */

/**
 * Rows per chunk. Part of the determinism contract: changing it changes every sampled value. Big
 * enough that per-task overhead (a message, a record batch header) is negligible, small enough that
 * 2 × workers chunks in flight stay a few megabytes.
 */
export const CHUNK_ROWS = 65_536;

/**
 * Customers per chunk of a relational run: each brings its events (about 9 on the margarine model),
 * so a chunk's batches stay about as large as a single table's. Part of the determinism contract.
 */
export const RELATIONAL_CHUNK_CUSTOMERS = 8192;

/** One unit of sampling work; plain data so it can be posted to a worker. */
export interface ChunkTask {
  /** Position of the chunk in the output; also the random stream it draws from. */
  readonly chunkIndex: number;
  /** Global index of the chunk's first row. */
  readonly rowStart: number;
  readonly rowCount: number;
  readonly seed: number;
  /** Rows in the whole run (sizes the index embedded in unique personal values). */
  readonly totalRows: number;
  /** The condition set (segment) of a conditioned run the chunk belongs to (conditions/). */
  readonly segment?: number;
  /**
   * Chunks in the whole run, where segments make it more than ceil(totalRows / chunk size): a
   * relational run's event tables size their rows' indices by it (sample-relational-chunk.ts).
   */
  readonly runChunks?: number;
}

/** How many chunks `rows` rows make. */
export function chunkCount(rows: number, chunkRows = CHUNK_ROWS): number {
  return Math.ceil(rows / chunkRows);
}

/**
 * The task for chunk `chunkIndex` of a run of `rows` rows: every chunk holds {@link CHUNK_ROWS}
 * rows but the last, which holds the rest.
 * @example chunkTask(100_000, 7, 1) // { chunkIndex: 1, rowStart: 65536, rowCount: 34464, seed: 7, totalRows: 100000 }
 */
export function chunkTask(rows: number, seed: number, chunkIndex: number, chunkRows = CHUNK_ROWS): ChunkTask {
  const rowStart = chunkIndex * chunkRows;
  return {
    chunkIndex,
    rowStart,
    rowCount: Math.min(chunkRows, rows - rowStart),
    seed,
    totalRows: rows,
  };
}

/** Every chunk of a run, in output order. */
export function planChunks(rows: number, seed: number): ChunkTask[] {
  return Array.from({ length: chunkCount(rows) }, (_, i) => chunkTask(rows, seed, i));
}

/** Slice `index` of `count` of a distributed run (0-based). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * The chunks of one shard, [first, end): shards split on chunk boundaries, so every chunk (and with
 * it every row) is sampled exactly as in the single-machine run, and the shards in index order
 * cover the run once. Shards differ by at most one chunk; with more shards than chunks some are empty.
 * @example shardChunks(10, { index: 1, count: 3 }) // { first: 3, end: 6 }
 */
export function shardChunks(chunks: number, shard: Shard): { first: number; end: number } {
  return {
    first: Math.floor((shard.index * chunks) / shard.count),
    end: Math.floor(((shard.index + 1) * chunks) / shard.count),
  };
}

/** How many rows shard `shard` of a run of `rows` rows holds. */
export function shardRows(rows: number, shard: Shard): number {
  const { first, end } = shardChunks(chunkCount(rows), shard);
  return Math.max(0, Math.min(rows, end * CHUNK_ROWS) - first * CHUNK_ROWS);
}
