import { execFileSync } from 'node:child_process';

/** Builds dist/ once so end-to-end tests exercise the real `doppel` binary and worker files. */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
