import { readFile } from 'node:fs/promises';
import { DoppelError, type DoppelErrorCode } from '../errors.js';
import { readFailed } from './file-errors.js';

/**
 * Reads a file the user named, turning the usual failures into one clear message.
 * @param what how to call the file in the message, e.g. "schema file".
 * @throws DoppelError `file-not-found`.
 */
export async function readInputFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw readFailed(path, what, error);
  }
}

/**
 * Parses the JSON text of a file the user named (a schema, model, policy or manifest: files that
 * describe data, never rows of it, so the parser's message may quote them).
 * @param what how to call the file in the message, e.g. "policy file".
 * @throws DoppelError with `code` when the text is not JSON.
 */
export function parseJsonFile(text: string, path: string, what: string, code: DoppelErrorCode): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DoppelError(code, `${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * {@link readInputFile}, then {@link parseJsonFile}.
 * @throws DoppelError `file-not-found`, or `code` when the file is not JSON.
 */
export async function readJsonFile(path: string, what: string, code: DoppelErrorCode): Promise<unknown> {
  return parseJsonFile((await readInputFile(path, what)).toString('utf8'), path, what, code);
}
