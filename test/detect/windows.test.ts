/**
 * The shared rolling windows: incremental sums, price scans and the baseline
 * agree with a brute-force recomputation over the raw trades (property tests),
 * taker orders are grouped as documented, the account table matches a Map
 * model and stays bounded, and alert pacing behaves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountSlots } from '../../src/detect/account-slots.js';
import { newPace, paceAlert } from '../../src/detect/alert-pace.js';
import { QuoteDecimals } from '../../src/detect/explain.js';
import { PerSymbol } from '../../src/detect/per-symbol.js';
import { flooredZ, SymbolWindows } from '../../src/detect/windows.js';
import { Field, FIELD_COUNT, type FieldIndex } from '../../src/detect/window-spec.js';
import { PumpStream, SYMBOL } from './pump-stream.js';

interface Raw {
  t: number;
  price: number;
  qty: number;
  quote: number;
  buy: boolean;
  newOrder: boolean;
}

const SPEC = { bucketMs: 1000, windowsMs: [5000, 15000, 25000], baselineBucketMs: 10_000, baselineBuckets: 6 };

/** Field value of one raw trade. */
function fieldOf(r: Raw, f: FieldIndex): number {
  switch (f) {
    case Field.trades:
      return 1;
    case Field.buys:
      return r.buy ? 1 : 0;
    case Field.buyOrders:
      return r.buy && r.newOrder ? 1 : 0;
    case Field.sellOrders:
      return !r.buy && r.newOrder ? 1 : 0;
    case Field.volume:
      return r.qty;
    case Field.quote:
      return r.quote;
    case Field.buyQuote:
      return r.buy ? r.quote : 0;
  }
  return 0;
}

/** Trades with non-decreasing times: gaps from 0 ms to 40 s (so windows empty and refill). */
const tradesArb = fc
  .array(
    fc.record({
      gap: fc.oneof(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 40_000 })),
      price: fc.integer({ min: 1, max: 50 }),
      qty: fc.integer({ min: 1, max: 20 }),
      buy: fc.boolean(),
      newOrder: fc.boolean(),
    }),
    { minLength: 1, maxLength: 300 },
  )
  .map((xs) => {
    let t = 0;
    return xs.map((x) => {
      t += x.gap;
      return { t, price: x.price, qty: x.qty, quote: x.price * x.qty * 7, buy: x.buy, newOrder: x.newOrder };
    });
  });

describe('SymbolWindows short windows', () => {
  it('sums, high, low, open and reference price match a brute-force recomputation after every trade', () => {
    fc.assert(
      fc.property(tradesArb, (trades) => {
        const w = new SymbolWindows(SPEC);
        for (let i = 0; i < trades.length; i++) {
          const r = trades[i]!;
          w.add(r.t, r.price, r.qty, r.quote, r.buy, r.newOrder);
          const bucket = Math.floor(r.t / SPEC.bucketMs);
          for (let k = 0; k < SPEC.windowsMs.length; k++) {
            const len = SPEC.windowsMs[k]! / SPEC.bucketMs;
            const inWin = trades.slice(0, i + 1).filter((x) => Math.floor(x.t / SPEC.bucketMs) > bucket - len);
            for (let f = 0; f < FIELD_COUNT; f++) {
              const want = inWin.reduce((a, x) => a + fieldOf(x, f as FieldIndex), 0);
              expect(w.sum(k, f as FieldIndex)).toBe(want);
            }
            expect(w.high(k)).toBe(inWin.length ? Math.max(...inWin.map((x) => x.price)) : 0);
            expect(w.low(k)).toBe(inWin.length ? Math.min(...inWin.map((x) => x.price)) : 0);
            expect(w.open(k)).toBe(inWin[0]?.price ?? 0);
            const before = trades.slice(0, i + 1 - inWin.length);
            expect(w.refPrice(k)).toBe(before.length ? before[before.length - 1]!.price : inWin[0]!.price);
          }
          expect(w.lastPrice).toBe(r.price);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('advance() without trades empties the windows', () => {
    const w = new SymbolWindows(SPEC);
    w.add(1000, 10, 1, 10, true, true);
    w.add(2500, 12, 1, 12, true, true);
    expect(w.sum(0, Field.trades)).toBe(2);
    w.advance(6999); // buckets 2..6: the trade at 2.5 s is still in
    expect(w.sum(0, Field.trades)).toBe(1);
    w.advance(7000); // buckets 3..7
    expect(w.sum(0, Field.trades)).toBe(0);
    expect(w.sum(1, Field.trades)).toBe(2);
    w.advance(1_000_000);
    for (let k = 0; k < 3; k++) expect(w.sum(k, Field.quote)).toBe(0);
    expect(w.refPrice(2)).toBe(12);
  });

  it('rejects a window that is not a multiple of the bucket', () => {
    expect(() => new SymbolWindows({ ...SPEC, windowsMs: [1500] })).toThrow(/multiple/);
  });
});

describe('SymbolWindows baseline', () => {
  it('mean, variance and mean absolute return over completed long buckets match a brute-force recomputation (empty buckets count as zeros)', () => {
    fc.assert(
      fc.property(tradesArb, fc.integer({ min: 0, max: 200_000 }), (trades, extra) => {
        const w = new SymbolWindows(SPEC);
        for (const r of trades) w.add(r.t, r.price, r.qty, r.quote, r.buy, r.newOrder);
        const end = trades[trades.length - 1]!.t + extra;
        w.advance(end);
        const M = SPEC.baselineBucketMs;
        const cur = Math.floor(end / M);
        const firstIdx = Math.floor(trades[0]!.t / M);
        const covered = Math.min(SPEC.baselineBuckets, cur - firstIdx);
        expect(w.baselineCovered).toBe(Math.max(0, covered));
        if (covered <= 0) return;
        // Close and |log return| of every long bucket from the first to cur - 1.
        const closes = new Map<number, number>();
        for (const r of trades) closes.set(Math.floor(r.t / M), r.price);
        const absRet = new Map<number, number>();
        let prev = 0;
        for (let b = firstIdx; b < cur; b++) {
          const c = closes.get(b);
          if (c === undefined) continue;
          absRet.set(b, prev > 0 ? Math.abs(Math.log(c / prev)) : 0);
          prev = c;
        }
        for (let f = 0; f < FIELD_COUNT; f++) {
          const per: number[] = [];
          for (let b = cur - covered; b < cur; b++) {
            per.push(trades.filter((x) => Math.floor(x.t / M) === b).reduce((a, x) => a + fieldOf(x, f as FieldIndex), 0));
          }
          const mean = per.reduce((a, x) => a + x, 0) / covered;
          const vr = per.reduce((a, x) => a + (x - mean) ** 2, 0) / covered;
          expect(w.baselineMean(f as FieldIndex)).toBeCloseTo(mean, 6);
          expect(w.baselineVar(f as FieldIndex)).toBeCloseTo(vr, 4);
          expect(w.expected(2 * M, f as FieldIndex)).toBeCloseTo(2 * mean, 6);
          expect(w.expectedVar(M / 2, f as FieldIndex)).toBeCloseTo(vr / 2, 4);
        }
        let sum = 0;
        for (let b = cur - covered; b < cur; b++) sum += absRet.get(b) ?? 0;
        expect(w.baselineAbsReturn).toBeCloseTo(sum / covered, 9);
      }),
      { numRuns: 100 },
    );
  });

  it('short-window statistics (sliding sums sampled at every bucket close, and their per-long-bucket peaks) match a brute-force recomputation', () => {
    fc.assert(
      fc.property(tradesArb, fc.integer({ min: 0, max: 100_000 }), (trades, extra) => {
        const w = new SymbolWindows(SPEC);
        for (const r of trades) w.add(r.t, r.price, r.qty, r.quote, r.buy, r.newOrder);
        const end = trades[trades.length - 1]!.t + extra;
        w.advance(end);
        const B = SPEC.bucketMs;
        const M = SPEC.baselineBucketMs;
        const perLong = M / B;
        const curLong = Math.floor(end / M);
        const covered = w.baselineCovered;
        if (covered <= 0) return;
        const curBucket = Math.floor(end / B);
        const firstBucket = Math.floor(trades[0]!.t / B);
        for (let k = 0; k < SPEC.windowsMs.length; k++) {
          const len = SPEC.windowsMs[k]! / B;
          for (const f of [Field.trades, Field.buyOrders, Field.buyQuote] as FieldIndex[]) {
            let sx = 0;
            let sxx = 0;
            const peaks = new Map<number, number>();
            for (let c = firstBucket; c < curBucket; c++) {
              const lc = Math.floor((c * B) / M);
              if (lc < curLong - covered || lc >= curLong) continue;
              const x = trades.filter((r) => Math.floor(r.t / B) > c - len && Math.floor(r.t / B) <= c).reduce((a, r) => a + fieldOf(r, f), 0);
              sx += x;
              sxx += x * x;
              peaks.set(lc, Math.max(peaks.get(lc) ?? 0, x));
            }
            const n = covered * perLong;
            const mean = sx / n;
            expect(w.windowMean(k, f)).toBeCloseTo(mean, 6);
            expect(w.windowVar(k, f)).toBeCloseTo(Math.max(0, sxx / n - mean * mean), 3);
            const pk = [...peaks.values()];
            const pm = pk.reduce((a, x) => a + x, 0) / covered;
            expect(w.peakMean(k, f)).toBeCloseTo(pm, 6);
            expect(w.peakVar(k, f)).toBeCloseTo(Math.max(0, pk.reduce((a, x) => a + x * x, 0) / covered - pm * pm), 3);
            expect(w.peakMax(k, f)).toBe(pk.length ? Math.max(...pk) : 0);
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it('excludes the current long bucket, so a burst does not raise its own baseline', () => {
    const w = new SymbolWindows(SPEC);
    w.advance(0);
    for (let t = 0; t < 60_000; t += 10_000) w.add(t + 1, 10, 1, 10, true, true);
    w.advance(60_000);
    expect(w.baselineMean(Field.trades)).toBe(1);
    for (let i = 0; i < 50; i++) w.add(60_500, 11, 1, 11, true, true);
    expect(w.baselineMean(Field.trades)).toBe(1);
    expect(w.sum(0, Field.trades)).toBe(50);
  });
});

describe('taker order grouping (addTrade)', () => {
  it('counts one order per taker order id, and one per millisecond and side when ids are per trade', () => {
    const s = new PumpStream();
    s.at(1000);
    s.sweep(7, 'buy', 100, 6); // one order, six trades, same ms
    s.advance(1);
    s.trade({ price: 106, side: 'buy', taker: 8 }); // another order
    s.trade({ price: 107, side: 'buy', taker: 9 }); // same ms, same side, new id: merged (trade-only data)
    s.trade({ price: 105, side: 'sell', taker: 10 }); // same ms, other side: a new sell order
    s.advance(5);
    const o = s.order();
    s.trade({ price: 107, side: 'buy', taker: 11, takerOrder: o });
    s.advance(3);
    s.trade({ price: 108, side: 'buy', taker: 11, takerOrder: o }); // same id later: same order
    const w = new SymbolWindows(SPEC);
    const starts: boolean[] = [];
    for (const e of s.events) if (e.type === 'trade') starts.push(w.addTrade(e));
    expect(starts).toEqual([true, false, false, false, false, false, true, false, true, true, false]);
    expect(w.sum(0, Field.buyOrders)).toBe(3);
    expect(w.sum(0, Field.sellOrders)).toBe(1);
    expect(w.sum(0, Field.trades)).toBe(11);
  });
});

describe('flooredZ', () => {
  it('is 0 at or below the mean and uses the floor when the variance is smaller', () => {
    expect(flooredZ(1, 2, 1, 1)).toBe(0);
    expect(flooredZ(5, 1, 0, 4)).toBe(2);
    expect(flooredZ(5, 1, 16, 4)).toBe(1);
  });
});

describe('paceAlert', () => {
  it('raises once per episode, escalates on a score step, and starts fresh after the cooldown', () => {
    const p = newPace();
    expect(paceAlert(p, 0, 0.4, 1000, 0.15)).toBe('');
    expect(paceAlert(p, 10, 0.5, 1000, 0.15)).toBeNull();
    expect(paceAlert(p, 20, 0.56, 1000, 0.15)).toBe('#1');
    expect(paceAlert(p, 30, 0.9, 1000, 0.15)).toBe('#2');
    expect(paceAlert(p, 500, 0.95, 1000, 0.15)).toBeNull();
    expect(paceAlert(p, 1030, 0.3, 1000, 0.15)).toBe('');
    expect(p.escalations).toBe(0);
  });
});

describe('AccountSlots', () => {
  it('behaves like a Map of live accounts with expiry, and never holds more than maxAccounts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ op: fc.constant('touch' as const), account: fc.integer({ min: 1, max: 300 }), dt: fc.integer({ min: 0, max: 50 }) }), fc.record({ op: fc.constant('expire' as const), idle: fc.integer({ min: 0, max: 500 }) })), { maxLength: 400 }),
        fc.integer({ min: 1, max: 120 }),
        (ops, max) => {
          const slots = new AccountSlots(max);
          const model = new Map<number, number>(); // account -> last t
          let t = 0;
          for (const op of ops) {
            if (op.op === 'touch') {
              t += op.dt;
              const s = slots.slotFor(op.account, t);
              if (model.has(op.account)) {
                expect(s).toBeGreaterThanOrEqual(0);
                expect(slots.isNew).toBe(false);
                model.set(op.account, t);
              } else if (model.size >= max) {
                expect(s).toBe(-1);
              } else {
                expect(s).toBeGreaterThanOrEqual(0);
                expect(slots.isNew).toBe(true);
                model.set(op.account, t);
              }
              if (s >= 0) expect(slots.account[s]).toBe(op.account);
            } else {
              slots.expire(t, op.idle);
              for (const [a, lt] of [...model]) if (t - lt > op.idle) model.delete(a);
            }
            expect(slots.size).toBe(model.size);
            expect(slots.capacity).toBeLessThanOrEqual(Math.max(64, max));
            for (const a of model.keys()) expect(slots.find(a)).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('PerSymbol and QuoteDecimals', () => {
  it('keeps one state per symbol in first-seen order', () => {
    let made = 0;
    const ps = new PerSymbol((s) => ({ s, n: made++ }));
    ps.get('B');
    ps.get('A');
    ps.get('B');
    expect([...ps.values()].map((v) => v.s)).toEqual(['B', 'A']);
    expect(ps.size).toBe(2);
    expect(made).toBe(2);
  });

  it('formats quote amounts with the decimals learnt from listings', () => {
    const q = new QuoteDecimals();
    for (const e of new PumpStream().events) q.onEvent(e);
    expect(q.format(SYMBOL, 310_420_000)).toBe('3.104 BTC');
    expect(q.format(SYMBOL, 1_234_567)).toBe('0.0123 BTC');
    expect(q.format('X/Y', 5)).toBe('5 quote units');
  });
});
