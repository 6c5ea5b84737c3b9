import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * Bytes an unprivileged writer may still use on the file system that would hold `path` (its
 * nearest existing folder, since output folders are created on demand); null when it cannot be told.
 */
export async function freeBytesFor(path: string): Promise<number | null> {
  let folder = dirname(resolve(path));
  for (;;) {
    try {
      const stats = await statfs(folder);
      return stats.bavail * stats.bsize;
    } catch {
      const parent = dirname(folder);
      if (parent === folder) return null;
      folder = parent;
    }
  }
}
