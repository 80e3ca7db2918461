/**
 * The figures of one rule configuration on the real pump data (or on a subset
 * of its coins): recall on the visible pumps with a Wilson interval, delay
 * percentiles, price at the alert over the peak, and false alarms per
 * market-day with an exact Poisson interval and a by-coin bootstrap interval,
 * raw and excluding screened spikes. Percentiles are R type 7 (linear
 * interpolation), as simple-statistics computes them.
 */
import { quantileSorted } from 'simple-statistics';
import { streamFor } from '../core/index.js';
import { wilsonInterval, type ProportionInterval } from './aggregate.js';
import type { EventScore, FalseAlarm, LongWindowScore, NegativeScore } from './pump-cases.js';
import { poissonRateInterval, type RateInterval } from './poisson-interval.js';

const DAY_MS = 86_400_000;

export interface DelayFigures {
  n: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface FalseAlarmFigures extends RateInterval {
  /** Percentile interval of the rate over resamples of coins (with replacement), null when < 2 coins. */
  coinBootstrapLow: number | null;
  coinBootstrapHigh: number | null;
}

export interface PumpFigures {
  coins: number;
  /** Visible pumps caught in [T − 60 s, T + 30 min]. */
  recall: ProportionInterval;
  delay: DelayFigures;
  /** Median over caught pumps of price at the first alert / peak in [T, T + 30 min]. */
  priceOverPeakMedian: number | null;
  /** Pumps without a visible move that raised an alert in the window (not counted in recall). */
  invisibleAlerted: { alerted: number; n: number };
  /** Alert episodes in [T − 5 min, T − 60 s) over all events. */
  early: number;
  negatives: { raw: FalseAlarmFigures; excludingScreened: FalseAlarmFigures };
  prePump: FalseAlarmFigures;
  longWindows: FalseAlarmFigures | null;
}

/** Percentile p (0..1) of values (R type 7), null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  return quantileSorted([...values].sort((a, b) => a - b), p);
}

export function delayFigures(delaysMs: readonly number[]): DelayFigures {
  return { n: delaysMs.length, medianMs: percentile(delaysMs, 0.5), p90Ms: percentile(delaysMs, 0.9) };
}

export interface CoinCount {
  coin: string;
  count: number;
  exposure: number;
}

/**
 * False alarms per unit of exposure over coins: exact Poisson interval on the
 * pooled count, and a percentile bootstrap that resamples whole coins (their
 * alarms cluster), `resamples` draws from `streamFor(seed, ...path)`; 0
 * resamples skips the bootstrap (bounds null).
 */
export function falseAlarmRate(perCoin: readonly CoinCount[], seed: number, path: readonly (string | number)[], resamples = 1000): FalseAlarmFigures {
  let count = 0;
  let exposure = 0;
  for (const c of perCoin) {
    count += c.count;
    exposure += c.exposure;
  }
  const base = poissonRateInterval(count, exposure);
  if (resamples === 0 || perCoin.length < 2 || !(exposure > 0)) return { ...base, coinBootstrapLow: null, coinBootstrapHigh: null };
  const rng = streamFor(seed, 'fa-bootstrap', ...path);
  const rates: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let k = 0;
    let e = 0;
    for (let i = 0; i < perCoin.length; i++) {
      const c = perCoin[rng.int(0, perCoin.length - 1)]!;
      k += c.count;
      e += c.exposure;
    }
    if (e > 0) rates.push(k / e);
  }
  rates.sort((a, b) => a - b);
  return { ...base, coinBootstrapLow: quantileSorted(rates, 0.025), coinBootstrapHigh: quantileSorted(rates, 0.975) };
}

/** Sums counts and exposures per coin (sorted by coin). */
export function byCoin(items: readonly { coin: string; count: number; exposure: number }[]): CoinCount[] {
  const m = new Map<string, CoinCount>();
  for (const it of items) {
    const c = m.get(it.coin) ?? { coin: it.coin, count: 0, exposure: 0 };
    c.count += it.count;
    c.exposure += it.exposure;
    m.set(it.coin, c);
  }
  return [...m.values()].sort((a, b) => (a.coin < b.coin ? -1 : a.coin > b.coin ? 1 : 0));
}

export interface ScoredCases {
  events: readonly EventScore[];
  negatives: readonly NegativeScore[];
  longWindows: readonly LongWindowScore[];
}

/**
 * Figures over the cases whose coin is in `coins` (all when null). Long
 * windows are only counted when `coins` is null (they overlap the negatives
 * of two coins and are too few to split).
 */
export function pumpFigures(
  s: ScoredCases,
  coins: ReadonlySet<string> | null,
  opts: { seed?: number; path?: readonly (string | number)[]; resamples?: number } = {},
): PumpFigures {
  const seed = opts.seed ?? 0;
  const path = opts.path ?? [];
  const rs = opts.resamples ?? 1000;
  const keep = (c: { coin: string }) => coins === null || coins.has(c.coin);
  const events = s.events.filter(keep);
  const negatives = s.negatives.filter(keep);
  const visible = events.filter((e) => e.visible);
  const caught = visible.filter((e) => e.detected);
  const invisible = events.filter((e) => !e.visible);
  const ratios = caught.map((e) => e.priceOverPeak).filter((x): x is number => x !== null);
  const negCounts = (pred: (a: FalseAlarm) => boolean) =>
    byCoin(negatives.map((n) => ({ coin: n.coin, count: n.alarms.filter(pred).length, exposure: n.marketDays })));
  const allCoins = new Set([...events.map((e) => e.coin), ...negatives.map((n) => n.coin)]);
  return {
    coins: allCoins.size,
    recall: wilsonInterval(caught.length, visible.length),
    delay: delayFigures(caught.map((e) => e.delayMs!)),
    priceOverPeakMedian: percentile(ratios, 0.5),
    invisibleAlerted: { alerted: invisible.filter((e) => e.detected).length, n: invisible.length },
    early: events.reduce((a, e) => a + e.early, 0),
    negatives: {
      raw: falseAlarmRate(negCounts(() => true), seed, [...path, 'negatives-raw'], rs),
      excludingScreened: falseAlarmRate(negCounts((a) => !a.screened), seed, [...path, 'negatives'], rs),
    },
    prePump: falseAlarmRate(
      byCoin(events.map((e) => ({ coin: e.coin, count: e.preAlarms.length, exposure: e.preExposureMs / DAY_MS }))),
      seed,
      [...path, 'pre-pump'],
      rs,
    ),
    longWindows:
      coins === null && s.longWindows.length > 0
        ? falseAlarmRate(
            byCoin(s.longWindows.map((l) => ({ coin: l.coin, count: l.alarms.length, exposure: l.exposureDays }))),
            seed,
            [...path, 'long-windows'],
            rs,
          )
        : null,
  };
}
