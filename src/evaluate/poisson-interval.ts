/**
 * Exact (Garwood) confidence interval for a Poisson rate: k events over an
 * exposure E (e.g. false alarms over market-days). The bounds on the mean
 * count are the λ where the observed count becomes just implausible:
 *
 *   lower λ_L: P(X ≥ k; λ_L) = α/2   (0 when k = 0)
 *   upper λ_U: P(X ≤ k; λ_U) = α/2
 *
 * (the same as χ²(α/2, 2k)/2 and χ²(1 − α/2, 2k + 2)/2), found by bisection on
 * the Poisson CDF summed in log space, then divided by E. Conservative: the
 * coverage is at least the nominal level. It assumes events are independent
 * given the rate; false alarms that cluster by coin make it too narrow (see
 * the by-coin bootstrap beside it in the reports).
 */

export interface RateInterval {
  count: number;
  exposure: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

/** P(X ≤ k) for X ~ Poisson(λ). */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda === 0) return 1;
  // Sum terms e^{-λ} λ^i / i! in log space, from i = 0 up.
  let logTerm = -lambda;
  let sum = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log(lambda) - Math.log(i);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

/** λ in [lo, hi] where the decreasing function f(λ) crosses target, by bisection. */
function solveDecreasing(f: (l: number) => number, target: number, lo: number, hi: number): number {
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-12 * Math.max(1, hi)) break;
  }
  return (lo + hi) / 2;
}

/** Exact interval of the mean count for an observed count k. */
export function poissonMeanInterval(k: number, confidence = 0.95): { low: number; high: number } {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`poisson count must be a non-negative integer, got ${k}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const a = (1 - confidence) / 2;
  const top = k + 20 + 10 * Math.sqrt(k + 1);
  const high = solveDecreasing((l) => poissonCdf(k, l), a, 0, top);
  // P(X ≥ k; λ) = 1 − P(X ≤ k − 1; λ) grows with λ, so P(X ≤ k − 1) falls: solve it = 1 − α/2.
  const low = k === 0 ? 0 : solveDecreasing((l) => poissonCdf(k - 1, l), 1 - a, 0, top);
  return { low, high };
}

/** Rate with an exact Poisson interval; all null when the exposure is 0. */
export function poissonRateInterval(count: number, exposure: number, confidence = 0.95): RateInterval {
  if (!(exposure > 0)) return { count, exposure, rate: null, low: null, high: null };
  const m = poissonMeanInterval(count, confidence);
  return { count, exposure, rate: count / exposure, low: m.low / exposure, high: m.high / exposure };
}
