import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runDoppelOk, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

/** The paths the process's open descriptors point to (Linux: /proc/PID/fd). */
function openFiles(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [readlinkSync(`/proc/${pid}/fd/${fd}`)];
      } catch {
        return []; // closed since listed
      }
    });
  } catch {
    return []; // not started yet, or gone
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('doppel fit --stream, killed', () => {
  it.skipIf(!existsSync('/proc/self/fd'))(
    'leaves no copy of the coded real rows in TMPDIR after SIGKILL mid-fit',
    async () => {
      const dir = temporaryDirectory();
      const model = join(dir, 'telco.model.json');
      runDoppelOk(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', model]);
      const data = join(dir, 'telco.parquet');
      runDoppelOk(['sample', model, '--rows', '400000', '--seed', '3', '-o', data, '--quiet']);
      const spillRoot = join(dir, 'tmp');
      mkdirSync(spillRoot);

      const fit = spawn(
        process.execPath,
        [BIN, 'fit', data, '--schema', TELCO_SCHEMA, '--stream', '-o', join(dir, 'streamed.json')],
        { env: { ...process.env, TMPDIR: spillRoot }, stdio: 'ignore' },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        fit.on('exit', (_, signal) => resolve(signal)),
      );
      // Mid-fit: the process holds the spill open (Linux names an unlinked file "… (deleted)"). The
      // name exists for the moment between open and unlink: a loaded machine may show it then, so
      // the file gets a second to lose it (the old spill kept its name for the whole fit).
      let spill: string | undefined;
      let firstSeen = Number.POSITIVE_INFINITY;
      const deleted = (path: string | undefined) => path?.endsWith(' (deleted)') === true;
      for (let waited = 0; fit.exitCode === null && waited < 120_000; waited += 20) {
        spill = openFiles(fit.pid!).find((path) => path.startsWith(spillRoot));
        if (spill !== undefined) firstSeen = Math.min(firstSeen, waited);
        if (deleted(spill) || waited - firstSeen > 1000) break;
        await sleep(20);
      }
      expect(spill, 'the fit never opened its spill file under TMPDIR').toBeDefined();
      // The file has no name left while the fit still uses it...
      expect(spill).toMatch(/ \(deleted\)$/);
      fit.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      // ...so a kill leaves nothing behind: no file, no directory.
      expect(readdirSync(spillRoot)).toEqual([]);
      expect(existsSync(join(dir, 'streamed.json'))).toBe(false);
    },
    300_000,
  );
});
