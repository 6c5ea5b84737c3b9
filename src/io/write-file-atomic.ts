import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DoppelError } from '../errors.js';

/** A temporary name beside `path` (same directory, so the final rename is atomic). */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.doppel-tmp-${process.pid}-${Date.now().toString(36)}-${basename(path)}`);
}

/**
 * Writes a whole file under a temporary name and renames it into place, so a reader never sees a
 * half-written file and a failure leaves nothing under the final name.
 * @throws DoppelError `write-failed`.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryPathFor(path);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new DoppelError(
      'write-failed',
      `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
}
