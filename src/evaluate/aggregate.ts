/**
 * Across seeds: proportions with Wilson intervals, means with t or seeded
 * bootstrap intervals, and counts pooled over runs. Deterministic: the
 * bootstrap draws from a core random stream named by seed and path.
 *
 * - **Wilson interval** for s successes in n trials at confidence 1 − α, with
 *   z = Φ⁻¹(1 − α/2) and p̂ = s/n:
 *   (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), clipped to [0, 1]
 *   (exactly 0 when s = 0 and 1 when s = n). All null when n = 0.
 * - **t interval** for a mean of n ≥ 2 values: x̄ ± t(1 − α/2, n − 1)·s/√n, s
 *   the sample standard deviation (n − 1). Bounds null when n < 2.
 * - **bootstrap interval** (percentile): B resamples of n values with
 *   replacement, each index uniform from `streamFor(seed, ...path)`; the
 *   bounds are the α/2 and 1 − α/2 quantiles (linear interpolation, R type 7)
 *   of the B resample means. Bounds null when n < 2.
 * - **range**: a quantity that cannot leave [min, max] (a count, hours, a
 *   score in [0, 1]) has its interval intersected with that range. A t
 *   interval is symmetric, so a mean near 0 would otherwise show an
 *   impossible negative bound; dropping values the quantity cannot take keeps
 *   the coverage (the true mean is inside the range anyway).
 * - **pooled ratio**: Σ numerators / Σ denominators over runs (e.g. victims
 *   named / victims involved over all seeds), with a Wilson interval that
 *   treats the pooled units as independent (it ignores clustering by run).
 */
import { mean, median, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import { streamFor } from '../core/index.js';
import type { RuleRunMetrics } from './metrics.js';
import { normalQuantile } from './normal-quantile.js';
import { f1 } from './ratio.js';
import { studentTQuantile } from './student-t.js';

export const DEFAULT_CONFIDENCE = 0.95;
export const DEFAULT_RESAMPLES = 2000;

export interface ProportionInterval {
  successes: number;
  n: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface MeanInterval {
  n: number;
  mean: number | null;
  sd: number | null;
  low: number | null;
  high: number | null;
}

export interface PooledRatio {
  numerator: number;
  denominator: number;
  ratio: number | null;
  low: number | null;
  high: number | null;
}

export interface MeanOptions {
  /** Default 0.95. */
  confidence?: number;
  /** Default 't'. */
  method?: 't' | 'bootstrap';
  /** Bootstrap stream seed; default 0. */
  seed?: number;
  /** Bootstrap stream path; default ['evaluate', 'bootstrap']. */
  path?: readonly (string | number)[];
  /** Bootstrap resamples; default 2000. */
  resamples?: number;
  /** The values the quantity can take: the interval is clipped to them (default: unbounded). */
  range?: { min?: number; max?: number };
}

/** Counts, amounts, hours: never below zero. */
export const NON_NEGATIVE = { min: 0 } as const;
/** Scores and shares. */
export const UNIT_RANGE = { min: 0, max: 1 } as const;

function checkConfidence(c: number): void {
  if (!(c > 0 && c < 1)) throw new RangeError(`confidence must be in (0, 1), got ${c}`);
}

/** Wilson score interval for a proportion (formula in this file's header). */
export function wilsonInterval(successes: number, n: number, confidence = DEFAULT_CONFIDENCE): ProportionInterval {
  checkConfidence(confidence);
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval needs integers 0 <= successes <= n, got ${successes}, ${n}`);
  }
  if (n === 0) return { successes, n, rate: null, low: null, high: null };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    successes,
    n,
    rate: p,
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/** Mean with a t or bootstrap interval (formulas in this file's header). */
export function meanInterval(values: readonly number[], options: MeanOptions = {}): MeanInterval {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  checkConfidence(confidence);
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`meanInterval needs finite values, got ${v}`);
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, low: null, high: null };
  const m = mean(values);
  if (n < 2) return { n, mean: m, sd: null, low: null, high: null };
  const sd = sampleStandardDeviation(values);
  const alpha = 1 - confidence;
  const clip = (low: number, high: number): MeanInterval => ({
    n,
    mean: m,
    sd,
    low: Math.max(low, options.range?.min ?? -Infinity),
    high: Math.min(high, options.range?.max ?? Infinity),
  });
  if ((options.method ?? 't') === 't') {
    const half = (studentTQuantile(1 - alpha / 2, n - 1) * sd) / Math.sqrt(n);
    return clip(m - half, m + half);
  }
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  const rng = streamFor(options.seed ?? 0, ...(options.path ?? ['evaluate', 'bootstrap']));
  const means = new Array<number>(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += values[rng.int(0, n - 1)]!;
    means[b] = s / n;
  }
  means.sort((x, y) => x - y);
  return clip(quantileSorted(means, alpha / 2), quantileSorted(means, 1 - alpha / 2));
}

/** Σ numerators / Σ denominators, with a Wilson interval on the pooled counts. */
export function pooledRatio(
  parts: readonly { numerator: number; denominator: number }[],
  confidence = DEFAULT_CONFIDENCE,
): PooledRatio {
  let num = 0;
  let den = 0;
  for (const p of parts) {
    num += p.numerator;
    den += p.denominator;
  }
  const w = wilsonInterval(num, den, confidence);
  return { numerator: num, denominator: den, ratio: w.rate, low: w.low, high: w.high };
}

/** Pooled precision and recall of naming one role, with F1 from the pooled values. */
export interface PooledRoleScore {
  precision: PooledRatio;
  recall: PooledRatio;
  f1: number | null;
}

/** One rule across runs (seeds); every field pools or averages the runs' metrics. */
export interface RuleAggregate {
  rule: string;
  runs: number;
  /** Σ detected / Σ attack incidents. */
  detection: ProportionInterval;
  /** Σ detectedSymbolOnly / Σ attack incidents. */
  detectionSymbolOnly: ProportionInterval;
  /** Σ beforeHarm / Σ attack incidents with a harm point. */
  beforeHarm: ProportionInterval;
  /** Runs whose attacker was named / runs with an attacker account. */
  attackerNamed: ProportionInterval;
  /** Latency of every detected attack incident, pooled. */
  latencyMs: MeanInterval;
  latencyMedianMs: number | null;
  /** Σ hits / Σ named and Σ hits / Σ involved of metrics.ts `accounts`. */
  accounts: { attacker: PooledRoleScore; victim: PooledRoleScore; involved: PooledRoleScore };
  /** Per-run distinct honest accounts named: mean and interval, and the sum over runs. */
  honestNamed: MeanInterval;
  honestNamedTotal: number;
  honestNamedInOrganic: MeanInterval;
  honestNamedInOrganicTotal: number;
  alertsPerMarketDay: MeanInterval;
  storyAlertsPerMarketDay: MeanInterval;
  runScore: MeanInterval;
}

function pooledRole(runs: readonly RuleRunMetrics[], role: 'attacker' | 'victim' | 'involved', confidence: number): PooledRoleScore {
  const precision = pooledRatio(runs.map((r) => ({ numerator: r.accounts[role].hits, denominator: r.accounts[role].named })), confidence);
  const recall = pooledRatio(runs.map((r) => ({ numerator: r.accounts[role].hits, denominator: r.accounts[role].involved })), confidence);
  return { precision, recall, f1: f1(precision.ratio, recall.ratio) };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const present = (xs: readonly (number | null)[]): number[] => xs.filter((x): x is number => x !== null);

/**
 * Aggregates one rule's per-run metrics over runs (typically one per seed).
 * Bootstrap streams (when `method: 'bootstrap'`) get the path
 * `[...path, rule, metric]`, so each metric draws its own stream.
 *
 * @throws Error when a run's metrics are of another rule
 */
export function aggregateRule(rule: string, runs: readonly RuleRunMetrics[], options: MeanOptions = {}): RuleAggregate {
  for (const r of runs) if (r.rule !== rule) throw new Error(`aggregateRule(${rule}) got metrics of rule ${r.rule}`);
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const base = options.path ?? ['evaluate', 'bootstrap'];
  const meanOf = (metric: string, xs: readonly number[], range?: MeanOptions['range']) =>
    meanInterval(xs, { ...options, path: [...base, rule, metric], range });
  const latencies = runs.flatMap((r) => present(r.incidents.attacks.map((m) => m.latencyMs)));
  const named = runs.filter((r) => r.attackerNamed !== null);
  return {
    rule,
    runs: runs.length,
    detection: wilsonInterval(sum(runs.map((r) => r.detection.detected)), sum(runs.map((r) => r.detection.attacks)), confidence),
    detectionSymbolOnly: wilsonInterval(
      sum(runs.map((r) => r.detection.detectedSymbolOnly)),
      sum(runs.map((r) => r.detection.attacks)),
      confidence,
    ),
    beforeHarm: wilsonInterval(sum(runs.map((r) => r.detection.beforeHarm)), sum(runs.map((r) => r.detection.withHarmPoint)), confidence),
    attackerNamed: wilsonInterval(named.filter((r) => r.attackerNamed === true).length, named.length, confidence),
    latencyMs: meanOf('latencyMs', latencies, NON_NEGATIVE),
    latencyMedianMs: latencies.length === 0 ? null : median(latencies),
    accounts: {
      attacker: pooledRole(runs, 'attacker', confidence),
      victim: pooledRole(runs, 'victim', confidence),
      involved: pooledRole(runs, 'involved', confidence),
    },
    honestNamed: meanOf('honestNamed', runs.map((r) => r.honestNamed), NON_NEGATIVE),
    honestNamedTotal: sum(runs.map((r) => r.honestNamed)),
    honestNamedInOrganic: meanOf('honestNamedInOrganic', runs.map((r) => r.honestNamedInOrganic), NON_NEGATIVE),
    honestNamedInOrganicTotal: sum(runs.map((r) => r.honestNamedInOrganic)),
    alertsPerMarketDay: meanOf('alertsPerMarketDay', present(runs.map((r) => r.alerts.perMarketDay)), NON_NEGATIVE),
    storyAlertsPerMarketDay: meanOf('storyAlertsPerMarketDay', present(runs.map((r) => r.alerts.storyPerMarketDay)), NON_NEGATIVE),
    runScore: meanOf('runScore', runs.map((r) => r.runScore), UNIT_RANGE),
  };
}
