/**
 * Temporary files and folders beside an output, named so that a later run can tell a stale one
 * from a live one: `.doppel-tmp-<pid>-<host>-<unique>-<name>`. A run killed outright (SIGKILL, the
 * OOM killer, a power cut) cannot clean up after itself; the next run that writes into the same
 * folder removes every temporary file of this host whose process is gone. A file of another host
 * (a shared network folder) is never touched: its process cannot be checked from here.
 *
 * The live ones of this process are also kept in a registry, so that an interrupt (Ctrl-C) can
 * remove them before the process exits.
 */
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

const PREFIX = '.doppel-tmp-';
/** This machine, as 8 hex digits (a host name may hold the separator `-`). */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
const STALE = /^\.doppel-tmp-(\d+)-([0-9a-f]{8})-/;

const live = new Set<string>();
type Listener = (liveCount: number) => void;
let listener: Listener | null = null;

/** A temporary name beside `path` (same folder, so the final rename is atomic), registered as live. */
export function temporaryPathFor(path: string): string {
  const unique = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const temporary = join(dirname(path), `${PREFIX}${process.pid}-${HOST}-${unique}-${basename(path)}`);
  live.add(temporary);
  listener?.(live.size);
  return temporary;
}

/** Marks a temporary path as renamed into place or removed. */
export function releaseTemporary(temporary: string): void {
  if (live.delete(temporary)) listener?.(live.size);
}

/** Removes a temporary file or folder (never throws) and forgets it. */
export async function removeTemporary(temporary: string): Promise<void> {
  await rm(temporary, { recursive: true, force: true }).catch(() => {});
  releaseTemporary(temporary);
}

/**
 * Removes every live temporary path at once, synchronously: the last act of an interrupted process.
 * @internal
 */
export function removeLiveTemporariesSync(): void {
  for (const temporary of live) {
    try {
      rmSync(temporary, { recursive: true, force: true });
    } catch {
      // Best effort: the next run removes what is left (see removeStaleTemporaries).
    }
  }
  live.clear();
  listener?.(0);
}

/**
 * Called with the number of live temporary paths whenever it changes (the CLI arms its interrupt
 * handler only while there is something to clean up).
 * @internal
 */
export function watchTemporaries(onChange: Listener | null): void {
  listener = onChange;
}

/** True while a process with this id exists (EPERM: it exists but belongs to someone else). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files and folders in `folder` left by doppel runs of this host that no
 * longer run (a killed `sample` leaves its whole partial output). Never throws: a folder that
 * cannot be read has nothing we could remove.
 * @returns the names removed.
 */
export async function removeStaleTemporaries(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const stale = names.filter((name) => {
    const match = STALE.exec(name);
    if (!match || match[2] !== HOST) return false;
    const pid = Number(match[1]);
    return pid !== process.pid && !isRunning(pid);
  });
  await Promise.all(
    stale.map((name) => rm(join(folder, name), { recursive: true, force: true }).catch(() => {})),
  );
  return stale;
}
