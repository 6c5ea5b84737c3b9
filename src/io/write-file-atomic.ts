import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFailed } from './file-errors.js';
import {
  releaseTemporary,
  removeStaleTemporaries,
  removeTemporary,
  temporaryPathFor,
} from './temporary-files.js';

/** One file of {@link writeFilesAtomic}. */
export interface FileToWrite {
  readonly path: string;
  readonly data: string | Uint8Array;
}

/**
 * Writes a whole file under a temporary name and renames it into place, so a reader never sees a
 * half-written file and a failure leaves nothing under the final name. Stale temporary files of
 * killed runs in the same folder are removed first.
 * @throws DoppelError `write-failed` naming `path` and what to do (see file-errors.ts).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeFilesAtomic([{ path, data }]);
}

/**
 * Writes several files that belong together (a report as JSON and HTML) all or none: every file
 * goes to its temporary name first, and only when all are complete are they renamed into place.
 * A failure removes the temporary files and any file already renamed.
 * @throws DoppelError `write-failed` naming the file that failed.
 */
export async function writeFilesAtomic(files: readonly FileToWrite[]): Promise<void> {
  const temporaries = files.map((file) => temporaryPathFor(file.path));
  const renamed: string[] = [];
  let current = files[0]?.path ?? '';
  try {
    for (const [i, file] of files.entries()) {
      current = file.path;
      await mkdir(dirname(file.path), { recursive: true });
      await removeStaleTemporaries(dirname(file.path));
      await writeFile(temporaries[i] as string, file.data);
    }
    for (const [i, file] of files.entries()) {
      current = file.path;
      await rename(temporaries[i] as string, file.path);
      releaseTemporary(temporaries[i] as string);
      renamed.push(file.path);
    }
  } catch (error) {
    await Promise.all(temporaries.map(removeTemporary));
    await Promise.all(renamed.map((path) => rm(path, { force: true }).catch(() => {})));
    throw writeFailed(current, error);
  }
}
