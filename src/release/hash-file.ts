import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 (lowercase hex) and size of a file, streamed so large data files are not held in memory. */
export async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** SHA-256 (lowercase hex) of bytes in memory. */
export function hashBytes(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
