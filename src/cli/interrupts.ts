/**
 * Ctrl-C (SIGINT) and a scheduler's SIGTERM: the process exits 128 + the signal's number (130,
 * 143), as shells and batch schedulers expect, and leaves no temporary file behind.
 *
 * The handler is armed only while there is something to clean up or cancel (a temporary file being
 * written, a sampling run). JavaScript cannot run a handler in the middle of a long synchronous
 * step such as a fit, so a handler armed then would make Ctrl-C wait for that step to end; unarmed,
 * the signal ends the process at once, and there is nothing to clean.
 */
import { constants } from 'node:os';
import { removeLiveTemporariesSync, watchTemporaries } from '../io/temporary-files.js';

type Signal = 'SIGINT' | 'SIGTERM';
const SIGNALS: readonly Signal[] = ['SIGINT', 'SIGTERM'];

const cancellers = new Set<(signal: Signal) => void>();
let liveTemporaries = 0;
let armed = false;
let received: Signal | null = null;

/** The exit code for a process ended by `signal`: 128 + its number. */
export function exitCodeForSignal(signal: Signal): number {
  return 128 + constants.signals[signal];
}

/** The signal that interrupted this run, if any (the CLI's exit code then is 128 + its number). */
export function interruptedBy(): Signal | null {
  return received;
}

function onSignal(signal: Signal): void {
  const again = received !== null;
  received = signal;
  if (cancellers.size > 0 && !again) {
    // A cancellable run stops its workers, removes its files and throws; the CLI then exits 128+n.
    for (const cancel of cancellers) cancel(signal);
    return;
  }
  removeLiveTemporariesSync();
  process.stderr.write(`\ninterrupted by ${signal}: stopped; no output was written\n`);
  process.exit(exitCodeForSignal(signal));
}

function rearm(): void {
  const wanted = cancellers.size > 0 || liveTemporaries > 0;
  if (wanted === armed) return;
  armed = wanted;
  for (const signal of SIGNALS) {
    if (wanted) process.on(signal, onSignal);
    else process.off(signal, onSignal);
  }
}

/**
 * Starts watching for interrupts for one CLI run.
 * @returns a function that stops watching.
 */
export function watchInterrupts(): () => void {
  received = null;
  watchTemporaries((count) => {
    liveTemporaries = count;
    rearm();
  });
  return () => {
    watchTemporaries(null);
    liveTemporaries = 0;
    cancellers.clear();
    rearm();
  };
}

/**
 * Registers how to cancel a running operation on SIGINT/SIGTERM (a second signal exits at once).
 * @returns a function that unregisters it.
 */
export function onInterrupt(cancel: (signal: Signal) => void): () => void {
  cancellers.add(cancel);
  rearm();
  return () => {
    cancellers.delete(cancel);
    rearm();
  };
}
