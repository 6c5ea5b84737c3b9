import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFailed } from './file-errors.js';
import {
  releaseTemporary,
  removeStaleTemporaries,
  removeTemporary,
  temporaryPathFor,
} from './temporary-files.js';

/**
 * Writes a whole file under a temporary name and renames it into place, so a reader never sees a
 * half-written file and a failure leaves nothing under the final name. Stale temporary files of
 * killed runs in the same folder are removed first.
 * @throws DoppelError `write-failed` naming `path` and what to do (see file-errors.ts).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryPathFor(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    await removeStaleTemporaries(dirname(path));
    await writeFile(temporary, data);
    await rename(temporary, path);
    releaseTemporary(temporary);
  } catch (error) {
    await removeTemporary(temporary);
    throw writeFailed(path, error);
  }
}
