import { describe, expect, it } from 'vitest';
import { aggregateRule, meanInterval, pooledRatio, wilsonInterval } from '../../src/evaluate/aggregate.js';
import { ruleRunMetrics } from '../../src/evaluate/metrics.js';
import { normalQuantile } from '../../src/evaluate/normal-quantile.js';
import { regularizedBeta, studentTCdf, studentTQuantile } from '../../src/evaluate/student-t.js';
import { ALERTS, ALT, SPAN, TRUTH, alert, org1, truth } from './fixtures.js';

describe('normalQuantile (AS 241)', () => {
  it('known values', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 14);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 14);
    expect(normalQuantile(0.8413447460685429)).toBeCloseTo(1, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(1e-20)).toBeCloseTo(-9.262340089798408, 12);
    expect([normalQuantile(0), normalQuantile(1)]).toEqual([-Infinity, Infinity]);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });

  it('far tail: Φ(z) by the Mills-ratio series gives back p', () => {
    for (const p of [1e-300, 1e-100, 1e-20]) {
      const x = -normalQuantile(p);
      let series = 1;
      let term = 1;
      for (let k = 1; k < 12; k++) {
        term *= -(2 * k - 1) / (x * x);
        series += term;
      }
      const logPhi = (-x * x) / 2 - 0.5 * Math.log(2 * Math.PI) - Math.log(x) + Math.log(series);
      expect(Math.abs(logPhi - Math.log(p)) / x).toBeLessThan(1e-12); // error in z
    }
  });
});

describe('Student t', () => {
  it('two-sided 95% critical values (tables)', () => {
    const table: [number, number][] = [
      [1, 12.706204736174707],
      [2, 4.302652729749464],
      [3, 3.182446305284263],
      [4, 2.7764451051977934],
      [5, 2.570581835636314],
      [10, 2.2281388519862744],
      [30, 2.042272456301238],
      [100, 1.9839715185235556],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 9);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959963984540054, 14);
  });

  it('quantile and CDF are inverse, symmetric about 0', () => {
    for (const df of [3, 7.5, 40]) {
      for (const p of [0.01, 0.3, 0.5, 0.9, 0.999]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
      expect(studentTQuantile(0.1, df)).toBeCloseTo(-studentTQuantile(0.9, df), 10);
    }
    expect(studentTCdf(0, 5)).toBe(0.5);
    expect(regularizedBeta(0.5, 2, 2)).toBeCloseTo(0.5, 14);
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
  });
});

describe('wilsonInterval', () => {
  it('textbook values', () => {
    const w = wilsonInterval(8, 10);
    expect([w.rate, w.low, w.high].map((x) => Number(x!.toFixed(4)))).toEqual([0.8, 0.4902, 0.9433]);
    const h = wilsonInterval(5, 10);
    expect([h.low, h.high].map((x) => Number(x!.toFixed(4)))).toEqual([0.2366, 0.7634]);
  });

  it('edges: 0 successes start at 0, all successes end at 1, no trials is null', () => {
    expect(wilsonInterval(0, 10)).toEqual({ successes: 0, n: 10, rate: 0, low: 0, high: expect.closeTo(0.27753, 5) });
    expect(wilsonInterval(10, 10)).toEqual({ successes: 10, n: 10, rate: 1, low: expect.closeTo(0.72247, 5), high: 1 });
    expect(wilsonInterval(0, 0)).toEqual({ successes: 0, n: 0, rate: null, low: null, high: null });
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 2, 1)).toThrow(RangeError);
  });

  it('a wider interval at 99%', () => {
    const w95 = wilsonInterval(3, 10);
    const w99 = wilsonInterval(3, 10, 0.99);
    expect(w99.low!).toBeLessThan(w95.low!);
    expect(w99.high!).toBeGreaterThan(w95.high!);
  });
});

describe('meanInterval', () => {
  it('t interval: [1..5] → 3 ± t(.975, 4)·√2.5/√5', () => {
    const m = meanInterval([1, 2, 3, 4, 5]);
    const half = (2.7764451051977934 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(m).toEqual({ n: 5, mean: 3, sd: Math.sqrt(2.5), low: expect.closeTo(3 - half, 9), high: expect.closeTo(3 + half, 9) });
  });

  it('edges: no values, one value, constant values', () => {
    expect(meanInterval([])).toEqual({ n: 0, mean: null, sd: null, low: null, high: null });
    expect(meanInterval([7])).toEqual({ n: 1, mean: 7, sd: null, low: null, high: null });
    expect(meanInterval([2, 2, 2])).toEqual({ n: 3, mean: 2, sd: 0, low: 2, high: 2 });
    expect(meanInterval([2, 2, 2], { method: 'bootstrap' })).toEqual({ n: 3, mean: 2, sd: 0, low: 2, high: 2 });
    expect(() => meanInterval([1, Number.NaN])).toThrow(RangeError);
  });

  it('a range clips the interval to the values the quantity can take, and only then', () => {
    // Counts 0, 0, 1: the t interval reaches below zero, which no count's mean can.
    const free = meanInterval([0, 0, 1]);
    expect(free.low!).toBeLessThan(0);
    const count = meanInterval([0, 0, 1], { range: { min: 0 } });
    expect(count).toEqual({ ...free, low: 0 });
    // Scores near 1: clipped above.
    const scores = meanInterval([1, 1, 0.5], { range: { min: 0, max: 1 } });
    expect(scores.high).toBe(1);
    expect(scores.low).toBeCloseTo(meanInterval([1, 1, 0.5]).low!, 12);
    // Inside the range nothing moves.
    expect(meanInterval([1, 2, 3, 4, 5], { range: { min: 0 } })).toEqual(meanInterval([1, 2, 3, 4, 5]));
    expect(meanInterval([0, 0, 1], { method: 'bootstrap', range: { min: 0 } }).low!).toBeGreaterThanOrEqual(0);
  });

  it('bootstrap is deterministic per seed and path, and lies within the data', () => {
    const xs = [3.1, 9.7, 4.4, 1.3, 7.9, 8.2, 2.6, 6.05, 5.15, 9.5];
    const a = meanInterval(xs, { method: 'bootstrap', seed: 1 });
    expect(meanInterval(xs, { method: 'bootstrap', seed: 1 })).toEqual(a);
    expect(meanInterval(xs, { method: 'bootstrap', seed: 2 })).not.toEqual(a);
    expect(meanInterval(xs, { method: 'bootstrap', seed: 1, path: ['other'] })).not.toEqual(a);
    expect(a.mean).toBeCloseTo(5.79, 12);
    expect(a.low!).toBeGreaterThan(1.3);
    expect(a.high!).toBeLessThan(9.7);
    expect(a.low!).toBeLessThan(5.79);
    expect(a.high!).toBeGreaterThan(5.79);
    // Near the t interval; the percentile bootstrap is a bit narrower (its
    // resample spread is σ/√n with divisor n, and no t widening).
    const t = meanInterval(xs);
    expect(Math.abs(a.low! - t.low!)).toBeLessThan(0.6);
    expect(Math.abs(a.high! - t.high!)).toBeLessThan(0.6);
  });
});

describe('pooledRatio', () => {
  it('sums numerators and denominators over runs', () => {
    const p = pooledRatio([
      { numerator: 2, denominator: 3 },
      { numerator: 1, denominator: 3 },
      { numerator: 0, denominator: 0 },
    ]);
    expect(p).toMatchObject({ numerator: 3, denominator: 6, ratio: 0.5 });
    expect(p.low!).toBeCloseTo(wilsonInterval(3, 6).low!, 15);
    expect(pooledRatio([])).toEqual({ numerator: 0, denominator: 0, ratio: null, low: null, high: null });
  });
});

describe('aggregateRule', () => {
  // Seed 1: the fixture run. Seed 2: an organic-only run where r names whale 5 and maker 7.
  const organic = truth([org1]);
  const seed2 = {
    truth: organic,
    alerts: [alert('r', 2_100_000, ALT, [5, 7], 0.4)],
    span: { storyStart: 0, endTime: 86_400_000 },
  };
  const runs = [ruleRunMetrics({ truth: TRUTH, alerts: ALERTS, span: SPAN }, 'r'), ruleRunMetrics(seed2, 'r')];
  const agg = aggregateRule('r', runs);

  it('pools episodes and accounts over runs', () => {
    expect(agg.rule).toBe('r');
    expect(agg.runs).toBe(2);
    expect(agg.detection).toMatchObject({ successes: 1, n: 2, rate: 0.5 });
    expect(agg.detectionSymbolOnly).toMatchObject({ successes: 0, n: 2 });
    expect(agg.beforeHarm).toMatchObject({ successes: 1, n: 1, rate: 1, high: 1 });
    // The organic run has attacker accounts (the shared account table) but none named.
    expect(agg.attackerNamed).toMatchObject({ successes: 0, n: 2 });
    expect(agg.latencyMs).toEqual({ n: 1, mean: 70_000, sd: null, low: null, high: null });
    expect(agg.latencyMedianMs).toBe(70_000);
    expect(agg.accounts.victim.precision).toMatchObject({ numerator: 1, denominator: 4, ratio: 0.25 });
    expect(agg.accounts.victim.recall).toMatchObject({ numerator: 1, denominator: 3 });
    expect(agg.accounts.victim.f1).toBeCloseTo(2 / 7, 12);
    expect(agg.accounts.attacker.recall).toMatchObject({ numerator: 0, denominator: 2, ratio: 0 });
  });

  it('averages per-run counts and rates', () => {
    expect(agg.honestNamed).toMatchObject({ n: 2, mean: 2.5 }); // 3 and 2 (5 and 7)
    expect(agg.honestNamedTotal).toBe(5);
    expect(agg.honestNamedInOrganic).toMatchObject({ n: 2, mean: 2 }); // 2 and 2
    expect(agg.honestNamedInOrganicTotal).toBe(4);
    expect(agg.alertsPerMarketDay).toMatchObject({ n: 2, mean: 7.5 }); // 14 and 1
    expect(agg.runScore).toMatchObject({ n: 2, mean: 0.65 });
    // Two runs give a wide t interval; counts and rates stop at 0, the score at [0, 1].
    expect(agg.honestNamed.low).toBe(0);
    expect(agg.alertsPerMarketDay.low).toBe(0);
    expect(agg.runScore.low!).toBeGreaterThanOrEqual(0);
    expect(agg.runScore.high!).toBeLessThanOrEqual(1);
  });

  it('fixed key order, JSON-able, deterministic under bootstrap', () => {
    expect(Object.keys(agg)).toEqual([
      'rule', 'runs', 'detection', 'detectionSymbolOnly', 'beforeHarm', 'attackerNamed', 'latencyMs', 'latencyMedianMs',
      'accounts', 'honestNamed', 'honestNamedTotal', 'honestNamedInOrganic', 'honestNamedInOrganicTotal',
      'alertsPerMarketDay', 'storyAlertsPerMarketDay', 'runScore',
    ]);
    expect(JSON.parse(JSON.stringify(agg))).toEqual(agg);
    const b = aggregateRule('r', runs, { method: 'bootstrap', seed: 3 });
    expect(aggregateRule('r', runs, { method: 'bootstrap', seed: 3 })).toEqual(b);
  });

  it('no runs: empty intervals; metrics of another rule are refused', () => {
    const e = aggregateRule('r', []);
    expect(e.detection.rate).toBeNull();
    expect(e.runScore).toEqual({ n: 0, mean: null, sd: null, low: null, high: null });
    expect(() => aggregateRule('s', runs)).toThrow(/rule r/);
  });
});
