/**
 * Anonymeter 1.0's own fit of the singling-out size correction, for the figure reported under
 * Anonymeter's name. Anonymeter calls scipy's `curve_fit(model, sizes, successes, p0, bounds=(0,
 * (1, inf)))` with p0 = (w₀, norm₀) = (1/max(n), 1/∫P(w₀, max n)): a local least-squares search
 * from that start, which stops at the first point it finds where the residual no longer falls.
 * When every size is the same (a control table of at most 1,000 rows) every point with
 * f(n) = mean(successes) fits equally well, and the search stops at the one its Gauss-Newton steps
 * reach from p0: w_eff moves until f fits, and when the start's norm cannot reach the mean, w_eff
 * runs into the region where (1 − w)^n ≈ 0, so that the correction becomes (n_control + 1) /
 * (n_training + 1). This is replicated with bounded Gauss-Newton steps (minimum-norm solutions of
 * the linearised problem, halved until the cost falls, scipy's default tolerances 1e-8), which
 * follows the same path as curve_fit's trust-region reflective method on this two-parameter problem
 * (the Jacobian is rank 1 on a single size, where the minimum-norm step is the trust-region step).
 * doppel's own refinement (singling-out-correction.ts) finds the global least-squares fit instead.
 */
import { type CorrectionModel, singlingOutProbabilityIntegral } from './singling-out-correction.js';

const TOLERANCE = 1e-8;
const MAX_ITERATIONS = 200;
/** scipy keeps iterates strictly inside the bounds. */
const W_MIN = 1e-12;

function model(n: number, w: number, norm: number): number {
  return norm * singlingOutProbabilityIntegral(n, 0, w);
}

function cost(sizes: readonly number[], successes: readonly number[], w: number, norm: number): number {
  let c = 0;
  sizes.forEach((n, i) => {
    c += (model(n, w, norm) - successes[i]!) ** 2;
  });
  return c / 2;
}

/**
 * The minimum-norm solution of J·δ = −r for a two-column J (normal equations by the 2×2
 * pseudo-inverse, so a rank-1 J gives the step along Jᵀr).
 */
function gaussNewtonStep(jw: number[], jn: number[], r: number[]): [number, number] {
  let a = 0;
  let b = 0;
  let d = 0;
  let gw = 0;
  let gn = 0;
  for (let i = 0; i < r.length; i++) {
    a += jw[i]! * jw[i]!;
    b += jw[i]! * jn[i]!;
    d += jn[i]! * jn[i]!;
    gw -= jw[i]! * r[i]!;
    gn -= jn[i]! * r[i]!;
  }
  const det = a * d - b * b;
  if (Math.abs(det) > 1e-10 * Math.max(a * d, Number.MIN_VALUE)) {
    return [(d * gw - b * gn) / det, (a * gn - b * gw) / det];
  }
  // Rank 1: the pseudo-inverse maps Jᵀ(−r) back along the one direction J sees.
  const trace = a + d;
  if (trace === 0) return [0, 0];
  const scale = 1 / (trace * trace);
  return [scale * (a * gw + b * gn), scale * (b * gw + d * gn)];
}

/**
 * (w_eff, norm) as Anonymeter's curve_fit finds them for these (size, successes) points.
 * @example fitCorrectionModelLikeAnonymeter(Array(10).fill(668), Array(10).fill(124)).wEff // close to 1
 */
export function fitCorrectionModelLikeAnonymeter(
  sizes: readonly number[],
  successes: readonly number[],
): CorrectionModel {
  const largest = Math.max(1, ...sizes);
  let w = 1 / largest;
  let norm = 1 / singlingOutProbabilityIntegral(largest, 0, w);
  let current = cost(sizes, successes, w, norm);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const r = sizes.map((n, i) => model(n, w, norm) - successes[i]!);
    const jw = sizes.map((n) => norm * n * w * (1 - w) ** (n - 1));
    const jn = sizes.map((n) => singlingOutProbabilityIntegral(n, 0, w));
    const [dw, dn] = gaussNewtonStep(jw, jn, r);
    let step = 1;
    let accepted = false;
    for (let halving = 0; halving < 40; halving++) {
      const nextW = Math.min(1, Math.max(W_MIN, w + step * dw));
      const nextNorm = Math.max(0, norm + step * dn);
      const next = cost(sizes, successes, nextW, nextNorm);
      if (next < current) {
        const moved = Math.hypot(nextW - w, nextNorm - norm);
        const fell = current - next;
        w = nextW;
        norm = nextNorm;
        accepted = true;
        const converged =
          fell <= TOLERANCE * current || moved <= TOLERANCE * (TOLERANCE + Math.hypot(w, norm));
        current = next;
        if (converged) return correctionModel(w, norm);
        break;
      }
      step /= 2;
    }
    if (!accepted) break;
  }
  return correctionModel(w, norm);
}

function correctionModel(wEff: number, norm: number): CorrectionModel {
  const f = ((n: number) => model(n, wEff, norm)) as CorrectionModel;
  return Object.assign(f, { wEff, norm });
}
