import { spawnSync } from 'node:child_process';

/**
 * Builds dist/ once so end-to-end tests exercise the real `doppel` binary and worker files.
 * Type errors do not stop the build here (tsc still emits); `npm run typecheck` is where they fail.
 */
export default function setup(): void {
  const result = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'pipe', encoding: 'utf8' });
  if (result.error) throw result.error;
}
