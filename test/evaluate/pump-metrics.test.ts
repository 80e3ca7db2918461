import { describe, expect, it } from 'vitest';
import type { TradeTape } from '../../src/core/index.js';
import {
  chooseEntry,
  coinSplit,
  coinSplits,
  delayFigures,
  episodeStarts,
  heldOut,
  poissonMeanInterval,
  poissonRateInterval,
  pumpFigures,
  scoreEvent,
  scoreNegative,
  type GridEntry,
  type ScoredCases,
  type TapeAlert,
} from '../../src/evaluate/index.js';

const MIN = 60_000;
const T = 1_600_000_000_000;

function tape(times: number[], prices: number[]): TradeTape {
  return {
    symbol: 'ABC/BTC', baseAsset: 'ABC', quoteAsset: 'BTC', tickSize: '0.00000001', lotSize: '0.001',
    quoteDecimals: 11, baseDecimals: 8, baseUnitsPerLot: 100_000, length: times.length,
    t: Float64Array.from(times), price: Float64Array.from(prices), qty: new Float64Array(times.length).fill(1), buy: new Uint8Array(times.length).fill(1),
  };
}
const alert = (unixMs: number, index = 0, score = 0.5): TapeAlert => ({ rule: 'r', unixMs, index, score, explanation: '' });

describe('hit window [T − 60 s, T + 30 min]', () => {
  const tp = tape([T - 7 * 3_600_000, T - MIN, T, T + 10_000, T + 30 * MIN, T + 30 * MIN + 1], [100, 100, 110, 150, 200, 300]);
  const ev = { id: 'e', coin: 'ABC', announcedMs: T, visible: true, tape: tp };
  it.each([
    [T - MIN, true],
    [T - MIN - 1, false],
    [T + 30 * MIN, true],
    [T + 30 * MIN + 1, false],
  ])('alert at T%+d → detected %s', (t, hit) => {
    expect(scoreEvent(ev, [alert(t)]).detected).toBe(hit);
  });
  it('delay is from the announcement (negative before it) and the price is compared with the peak of [T, T + 30 min]', () => {
    const s = scoreEvent(ev, [alert(T - 30_000, 1), alert(T + 10_000, 3)]);
    expect(s.delayMs).toBe(-30_000);
    expect(s.priceOverPeak).toBeCloseTo(100 / 200);
  });
  it('alarms before the pump count from the first hour on and stop 5 min before T; [T − 5 min, T − 60 s) is "early"', () => {
    const first = T - 7 * 3_600_000;
    const s = scoreEvent(ev, [alert(first + 30 * MIN), alert(first + 2 * 3_600_000), alert(T - 12 * MIN), alert(T - 2 * MIN)]);
    expect(s.preAlarms.map((a) => a.unixMs)).toEqual([first + 2 * 3_600_000, T - 12 * MIN]);
    expect(s.early).toBe(1);
    expect(s.preExposureMs).toBe(7 * 3_600_000 - 3_600_000 - 5 * MIN);
  });
});

describe('episodes and false alarms', () => {
  it('an alert within 5 min of the previous one continues its episode', () => {
    const eps = episodeStarts([alert(0), alert(4 * MIN), alert(8 * MIN), alert(13 * MIN + 1)]);
    expect(eps.map((a) => a.unixMs)).toEqual([0, 13 * MIN + 1]);
  });
  it('marks alarms inside a screened spike', () => {
    const c = { id: 'n', coin: 'ABC', marketDays: 2, tape: tape([0], [1]), spikes: [{ onsetMs: 100 * MIN, peakMs: 110 * MIN }] };
    const s = scoreNegative(c, [alert(94 * MIN), alert(96 * MIN + 1), alert(130 * MIN)]);
    expect(s.alarms.map((a) => [a.unixMs, a.screened])).toEqual([
      [94 * MIN, false],
      [130 * MIN, false],
    ]);
    const s2 = scoreNegative(c, [alert(95 * MIN), alert(125 * MIN)]);
    expect(s2.alarms.map((a) => a.screened)).toEqual([true, true]);
  });
});

describe('delay percentiles and rates', () => {
  it('median and p90 interpolate (R type 7)', () => {
    expect(delayFigures([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ n: 10, medianMs: 5.5, p90Ms: 9.1 });
    expect(delayFigures([])).toEqual({ n: 0, medianMs: null, p90Ms: null });
  });
  it('exact Poisson intervals match the chi-square values', () => {
    const z = poissonMeanInterval(0);
    expect(z.low).toBe(0);
    expect(z.high).toBeCloseTo(3.6889, 3);
    const ten = poissonMeanInterval(10);
    expect(ten.low).toBeCloseTo(4.7954, 3);
    expect(ten.high).toBeCloseTo(18.3904, 3);
    const r = poissonRateInterval(10, 100);
    expect(r.rate).toBe(0.1);
    expect(r.low).toBeCloseTo(0.047954, 5);
  });
});

describe('splits by coin', () => {
  const coins = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
  it('partitions the coins, each coin in one half, deterministically', () => {
    const s = coinSplit([...coins, 'A', 'C'], 3, 0);
    expect([...s.train, ...s.test].sort()).toEqual(coins);
    expect(s.train.length).toBe(3);
    expect(coinSplit(coins, 3, 0)).toEqual(s);
    const many = coinSplits(coins, 3, 10);
    expect(new Set(many.map((x) => x.train.join())).size).toBeGreaterThan(1);
    expect(coinSplits(coins, 3, 10)).toEqual(many);
  });

  // Coin X: caught, 1 alarm over 10 days; coin Y: caught only by 'loose', which alarms a lot on Y.
  function entry(label: string, caughtY: boolean, alarmsY: number): GridEntry {
    const ev = (coin: string, detected: boolean) => ({
      id: coin, coin, visible: true, announcedMs: T, detected, delayMs: detected ? 1000 : null, priceOverPeak: 0.9, preAlarms: [], preExposureMs: 0, early: 0,
    });
    const alarms = (coin: string, k: number) => Array.from({ length: k }, (_, i) => ({ case: coin, coin, unixMs: i, score: 0.5, screened: false, explanation: '' }));
    const scored: ScoredCases = {
      events: [ev('X', true), ev('Y', caughtY)],
      negatives: [
        { id: 'x', coin: 'X', marketDays: 10, alarms: alarms('X', 1) },
        { id: 'y', coin: 'Y', marketDays: 10, alarms: alarms('Y', alarmsY) },
      ],
      longWindows: [],
    };
    return { rule: 'r', label, params: {}, scored };
  }
  const entries = [entry('strict', false, 0), entry('loose', true, 5)];

  it('picks the most recall within the false-alarm bound on the train coins', () => {
    expect(chooseEntry(entries, new Set(['X', 'Y']), { maxFaPerDay: 0.1 }).entry.label).toBe('strict');
    expect(chooseEntry(entries, new Set(['X', 'Y']), { maxFaPerDay: 0.5 }).entry.label).toBe('loose');
    const f = pumpFigures(entries[1]!.scored, new Set(['Y']), { resamples: 0 });
    expect(f.recall.rate).toBe(1);
    expect(f.negatives.raw.rate).toBe(0.5);
  });

  it('held-out figures come from the test half', () => {
    const h = heldOut(entries, 1, 4, { maxFaPerDay: 0.1 });
    expect(h.splits.length).toBe(4);
    for (const s of h.splits) expect(s.trainCoins + s.testCoins).toBe(2);
    expect(heldOut(entries, 1, 4, { maxFaPerDay: 0.1 })).toEqual(h);
  });
});
