import { readFile } from 'node:fs/promises';
import { DoppelError } from '../errors.js';

/**
 * Reads a file the user named, turning the usual failures into one clear message.
 * @param what how to call the file in the message, e.g. "schema file".
 * @throws DoppelError `file-not-found`.
 */
export async function readInputFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (code ?? 'error');
    throw new DoppelError('file-not-found', `cannot read ${what} ${path}: ${reason}`);
  }
}
