/**
 * The trade store against a plain Map: whatever the ids, times and window,
 * it returns exactly the trades younger than the window, with their fields
 * and reversal marks, across chunk boundaries (65,536 trades a chunk) and
 * after everything was pruned.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TradeStore, type TradeRecord } from '../../src/exchange/trade-store.js';

/** Adds `n` trades one ms apart from `t0` to both the store and the model. */
function addRun(store: TradeStore, model: Map<number, TradeRecord>, next: { id: number; t: number }, n: number, gap: number): void {
  for (let k = 0; k < n; k++) {
    const id = next.id++;
    const t = next.t;
    next.t += gap;
    const r: TradeRecord = { id, t, market: id % 3, buyer: id % 7, seller: id % 11, base: id * 2, quote: id * 3, buyerTook: id % 5 < 2, reversed: false };
    store.add(id, t, r.market, r.buyer, r.seller, r.base, r.quote, r.buyerTook);
    model.set(id, r);
  }
}

function expected(model: Map<number, TradeRecord>, id: number, now: number, windowMs: number): TradeRecord | undefined {
  const r = model.get(id);
  return r !== undefined && r.t >= now - windowMs ? r : undefined;
}

describe('TradeStore', () => {
  it('keeps exactly the trades inside the window, across chunks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000 }),
        fc.array(fc.record({ n: fc.integer({ min: 0, max: 70_000 }), gap: fc.integer({ min: 0, max: 3 }), pause: fc.integer({ min: 0, max: 300_000 }) }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        (windowMs, runs, probes) => {
          const store = new TradeStore(windowMs);
          const model = new Map<number, TradeRecord>();
          const next = { id: 1, t: 0 };
          for (const run of runs) {
            addRun(store, model, next, run.n, run.gap);
            next.t += run.pause;
            const now = next.t;
            for (const p of probes) {
              const id = 1 + (p % next.id);
              if (p % 4 === 0 && expected(model, id, now, windowMs) !== undefined) {
                store.markReversed(id);
                model.get(id)!.reversed = true;
              }
              expect(store.get(id, now)).toEqual(expected(model, id, now, windowMs));
            }
          }
        },
      ),
      { numRuns: 10 },
    );
  });

  it('refuses ids out of sequence', () => {
    const store = new TradeStore(1000);
    store.add(1, 0, 0, 1, 2, 10, 20, true);
    expect(() => store.add(3, 0, 0, 1, 2, 10, 20, false)).toThrow(/consecutive/);
  });

  it('starts a new chunk after every kept trade was pruned at a chunk boundary', () => {
    const store = new TradeStore(10);
    const model = new Map<number, TradeRecord>();
    const next = { id: 1, t: 0 };
    addRun(store, model, next, 65_535, 0); // ids 1..65535: the next id starts chunk 1
    next.t = 1_000; // everything ages out
    expect(store.get(65_535, next.t)).toBeUndefined();
    addRun(store, model, next, 3, 1);
    for (const id of [65_536, 65_537, 65_538]) expect(store.get(id, next.t)).toEqual(model.get(id));
    expect(store.get(65_535, next.t)).toBeUndefined();
  });
});
