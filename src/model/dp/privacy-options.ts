import { randomBytes } from 'node:crypto';
import { DoppelError } from '../../errors.js';
import { DEFAULT_DELTA } from './accountant.js';

/** The privacy options of a fit, checked and filled. */
export interface ResolvedPrivacyOptions {
  readonly epsilon: number;
  readonly delta: number;
}

/**
 * Checks `epsilon` and `delta` once, at the entry, and fills δ = {@link DEFAULT_DELTA} when only ε
 * is given; null when neither is (a fit without differential privacy).
 * @throws DoppelError `usage` for ε not positive and finite, δ outside [0, 1), or δ without ε.
 * @example maybePrivacyOptions({ epsilon: 1 }) // { epsilon: 1, delta: 1e-9 }
 */
export function maybePrivacyOptions(options: {
  readonly epsilon?: number | undefined;
  readonly delta?: number | undefined;
}): ResolvedPrivacyOptions | null {
  const { epsilon, delta } = options;
  if (epsilon === undefined) {
    if (delta !== undefined) {
      throw new DoppelError('usage', 'delta is a differential privacy parameter: give epsilon with it', [
        { path: ['delta'], message: 'only allowed together with epsilon' },
      ]);
    }
    return null;
  }
  if (typeof epsilon !== 'number' || !(epsilon > 0) || !Number.isFinite(epsilon)) {
    throw new DoppelError('usage', `epsilon must be a positive number, got ${String(epsilon)}`, [
      { path: ['epsilon'], message: 'expected a finite number > 0' },
    ]);
  }
  const filled = delta ?? DEFAULT_DELTA;
  if (typeof filled !== 'number' || !(filled >= 0 && filled < 1)) {
    throw new DoppelError('usage', `delta must be at least 0 and below 1, got ${String(delta)}`, [
      { path: ['delta'], message: 'expected 0 <= delta < 1' },
    ]);
  }
  return { epsilon, delta: filled };
}

/**
 * A seed for a private fit's noise when none is given: 48 random bits from the operating system's
 * cryptographic source. The noise is only as secret as its seed: anyone who knows the seed can
 * regenerate the noise and subtract it, so a seed passed for reproducibility must be kept as
 * secret as the data. The model never records it.
 */
export function secretSeed(): number {
  return randomBytes(6).readUIntBE(0, 6);
}
