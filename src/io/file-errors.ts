/**
 * The one mapping from file-system errors (EROFS, ENOSPC, EACCES, ENOENT, EISDIR, …) to a
 * DoppelError that names the path and says what to do. Every reader and writer of user files goes
 * through it, so a full disk reads the same in `fit`, `sample`, `split`, `validate` and `release`.
 */
import { DoppelError, type DoppelErrorCode, isDoppelError } from '../errors.js';

interface FileProblem {
  /** What happened, in words. */
  readonly what: string;
  /** What the user can do about it. */
  readonly fix: string;
}

const PROBLEMS: Readonly<Record<string, FileProblem>> = {
  ENOSPC: { what: 'the disk is full', fix: 'free space there or write to another disk' },
  EDQUOT: { what: 'the disk quota is exhausted', fix: 'free space there or write to another disk' },
  EFBIG: { what: 'the file is too large for its file system', fix: 'write to another file system' },
  EROFS: { what: 'the file system is read-only', fix: 'write to a writable folder' },
  EACCES: { what: 'permission denied', fix: 'check the permissions or choose another folder' },
  EPERM: { what: 'operation not permitted', fix: 'check the permissions or choose another folder' },
  ENOENT: { what: 'no such file or folder', fix: 'check the path' },
  EISDIR: { what: 'a folder has that name', fix: 'name a file' },
  // mkdir -p reports EEXIST, and open ENOTDIR, when a file stands where a folder should be.
  ENOTDIR: { what: 'a file stands where a folder should be', fix: 'check the path' },
  EEXIST: { what: 'a file stands where a folder should be', fix: 'check the path' },
  ENOTEMPTY: { what: 'the folder is not empty', fix: 'choose a new or empty folder' },
  EMFILE: { what: 'too many open files', fix: 'raise the open-file limit (ulimit -n)' },
  ENAMETOOLONG: { what: 'the name is too long', fix: 'choose a shorter path' },
  EIO: { what: 'an input/output error from the device', fix: 'check the disk' },
};

/** The errno code of a Node file-system error, if it has one. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `the disk is full (ENOSPC): free space there or write to another disk`, or the bare code. */
export function describeFileError(error: unknown): string {
  const code = errnoOf(error);
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  const problem = PROBLEMS[code];
  return problem ? `${problem.what} (${code}); ${problem.fix}` : code;
}

/**
 * A write that failed, as one DoppelError naming the path (a DoppelError passes through unchanged).
 * @param path the file as the user named it, not a temporary name.
 */
export function writeFailed(path: string, error: unknown): DoppelError {
  if (isDoppelError(error)) return error;
  return new DoppelError('write-failed', `cannot write ${path}: ${describeFileError(error)}`, [], {
    cause: error,
  });
}

/**
 * A read that failed, as one DoppelError naming the path and what the file was for.
 * @param what how to call the file, e.g. "data file".
 */
export function readFailed(
  path: string,
  what: string,
  error: unknown,
  code: DoppelErrorCode = 'file-not-found',
): DoppelError {
  if (isDoppelError(error)) return error;
  return new DoppelError(code, `cannot read ${what} ${path}: ${describeFileError(error)}`, [], {
    cause: error,
  });
}
