import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DoppelError, isDoppelError } from '../../src/errors.js';
import type { Model } from '../../src/model/model-format.js';
import { CHUNK_ROWS } from '../../src/sample/plan.js';
import type { WorkerFile } from '../../src/sample/pool.js';
import { sample, sampleToFile } from '../../src/sample/sample.js';
import { maybeSampleOptions, type SampleOptions } from '../../src/sample/sample-options.js';
import { filesIn, makeModel, telcoModel, temporaryDirectory } from './fixtures.js';

const ROWS = 4 * CHUNK_ROWS;

/** A test worker file, run from source like the real worker under vitest. */
function testWorker(name: string): WorkerFile {
  return { filename: new URL(`./workers/${name}.ts`, import.meta.url).href, execArgv: ['--import', 'tsx'] };
}

/** The one error a promise rejects with (failing the test if it resolves or rejects with anything else). */
async function rejection(promise: Promise<unknown>): Promise<DoppelError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isDoppelError(error), String(error)).toBe(true);
  return error as DoppelError;
}

describe('a failed sampling run', () => {
  let model: Model;
  beforeAll(async () => {
    model = await telcoModel();
  });

  function options(out: string, extra: Partial<SampleOptions> = {}): SampleOptions {
    return maybeSampleOptions({ rows: ROWS, seed: 1, workers: 2, out, ...extra });
  }

  it('when a worker throws: one worker-failed error naming the chunk; no file, no temporary file', async () => {
    const dir = temporaryDirectory();
    const out = join(dir, 'out.arrow');
    const error = await rejection(sampleToFile(model, options(out), testWorker('throwing-worker')));
    expect(error.code).toBe('worker-failed');
    expect(error.message).toBe(
      'a sampling worker failed on rows 65,536–131,071 (chunk 1): injected failure in chunk 1',
    );
    expect(filesIn(dir)).toEqual([]);
  });

  it('when a worker thread dies: one worker-failed error; nothing left', async () => {
    const dir = temporaryDirectory();
    const error = await rejection(
      sampleToFile(model, options(join(dir, 'out.arrow')), testWorker('exiting-worker')),
    );
    expect(error.code).toBe('worker-failed');
    expect(error.message).toMatch(/^a sampling worker failed on rows 65,536–131,071 \(chunk 1\): /);
    expect(filesIn(dir)).toEqual([]);
  });

  it('when the output cannot be created: one write-failed error; nothing left', async () => {
    const dir = temporaryDirectory();
    writeFileSync(join(dir, 'a-file'), 'not a directory');
    const out = join(dir, 'a-file', 'out.arrow');
    const error = await rejection(sample(model, { rows: ROWS, seed: 1, workers: 2, out }));
    expect(error.code).toBe('write-failed');
    expect(error.message).toBe(
      `cannot write ${out}: a file stands where a folder should be (EEXIST); check the path`,
    );
    expect(filesIn(dir)).toEqual(['a-file']);
  });

  it('when the final rename fails (a directory holds the name): write-failed; the temporary file is removed', async () => {
    const dir = temporaryDirectory();
    const out = join(dir, 'taken.arrow');
    writeFileSync(join(dir, 'keep'), '');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(out, 'inside'), { recursive: true }));
    const error = await rejection(sample(model, { rows: 1000, seed: 1, workers: 1, out }));
    expect(error.code).toBe('write-failed');
    expect(error.message).toBe(`cannot write ${out}: a folder has that name (EISDIR); name a file`);
    expect(filesIn(dir).sort()).toEqual(['keep', 'taken.arrow']);
    expect(existsSync(join(out, 'inside'))).toBe(true);
  });

  it('when aborted mid-run: one write-failed error saying so; nothing left', async () => {
    const dir = temporaryDirectory();
    const controller = new AbortController();
    const error = await rejection(
      sample(model, {
        rows: ROWS,
        seed: 1,
        workers: 2,
        out: join(dir, 'out.arrow'),
        signal: controller.signal,
        onProgress: () => controller.abort(new Error('interrupted by the user')),
      }),
    );
    expect(error.code).toBe('write-failed');
    expect(error.message).toBe(
      `sampling into ${join(dir, 'out.arrow')} was interrupted (interrupted by the user); no file was written`,
    );
    expect(filesIn(dir)).toEqual([]);
  });

  it('when the model cannot be sampled: invalid-model before any file exists', async () => {
    const dir = temporaryDirectory();
    const boolean = (name: string) => ({
      kind: 'boolean' as const,
      name,
      missingRate: 0,
      trueProbability: 0.5,
    });
    // Pairwise −0.9 between three dimensions is not a correlation matrix (not positive definite).
    const bad = makeModel(
      [boolean('a'), boolean('b'), boolean('c')],
      ['a', 'b', 'c'].map((column) => ({ column, part: 'value' as const })),
      [
        { a: 0, b: 1, rho: -0.9 },
        { a: 0, b: 2, rho: -0.9 },
        { a: 1, b: 2, rho: -0.9 },
      ],
    );
    const error = await rejection(
      sample(bad, { rows: 10, seed: 1, workers: 1, out: join(dir, 'x', 'out.arrow') }),
    );
    expect(error.code).toBe('invalid-model');
    expect(filesIn(dir)).toEqual([]);
  });
});

describe('sample options', () => {
  it.each([
    [{ rows: 0 }, 'rows must be a whole number of at least 1 (got 0)'],
    [{ rows: -5 }, 'rows must be a whole number of at least 1 (got -5)'],
    [{ rows: 2.5 }, 'rows must be a whole number of at least 1 (got 2.5)'],
    [{ rows: Number.NaN }, 'rows must be a whole number of at least 1 (got NaN)'],
    [{ workers: 0 }, 'workers must be a whole number of at least 1 (got 0)'],
    [{ seed: -1 }, 'seed must be a whole number of at least 0 (got -1)'],
    [{ out: '' }, 'out must name the Arrow file to write'],
  ])('rejects %o with a usage error', async (bad, message) => {
    const model = await telcoModel();
    const dir = temporaryDirectory();
    const error = await rejection(
      sample(model, { rows: 10, seed: 1, workers: 1, out: join(dir, 'o.arrow'), ...bad }),
    );
    expect(error.code).toBe('usage');
    expect(error.message).toBe(message);
    expect(filesIn(dir)).toEqual([]);
  });
});
