/** Small, independent statistics for the sampler's tests. */

/** Average ranks (ties share their mean rank). */
function ranks(values: readonly number[]): Float64Array {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const result = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    for (let k = i; k <= j; k++) result[order[k]!] = (i + j) / 2;
    i = j + 1;
  }
  return result;
}

function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rank correlation. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(ranks(x), ranks(y));
}

/**
 * Spearman's rho of a bivariate normal with correlation r: (6/π) asin(r/2) (Pearson 1907; see
 * Kruskal 1958, "Ordinal measures of association", JASA 53). Monotone marginal transforms keep it.
 */
export function spearmanOfNormal(r: number): number {
  return (6 / Math.PI) * Math.asin(r / 2);
}

/** Four standard errors of a proportion p estimated from n draws: a tolerance that fails by chance ~1 in 16,000. */
export function proportionTolerance(p: number, n: number): number {
  return 4 * Math.sqrt((p * (1 - p)) / n);
}

/** Luhn checksum validity (ISO/IEC 7812-1), written independently of the sampler's. */
export function isLuhnValid(text: string): boolean {
  const digits = text.replace(/\D/g, '');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 1 && sum % 10 === 0;
}

/** IBAN validity: the rearranged number is 1 mod 97 (ISO 13616), by BigInt. */
export function isIbanValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  const numeric = [...rearranged.toUpperCase()]
    .map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c))
    .join('');
  return BigInt(numeric) % 97n === 1n;
}
