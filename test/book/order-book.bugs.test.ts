/**
 * Defects found in src/book while writing the differential tests. Each test
 * states the behaviour the documentation promises and FAILS against the
 * current code; the comment above it gives the minimal reproduction and a
 * proposed fix. Delete the comment (not the test) once src/book is fixed.
 */
import { describe, expect, it } from 'vitest';
import {
  AMEND_UNKNOWN,
  BUY,
  OrderBook,
  quantityToMove,
  SELL,
} from '../../src/book/index.js';
import { fillsOf, fullDepth, queueAt } from './helpers.js';

describe('OrderBook.amend', () => {
  /**
   * amend() only checks `price > 0`, then cancels the order and calls limit(),
   * which rejects a non-integer / unsafe price with REJECT_BAD_PRICE. The
   * rejection is ignored: the order is gone and amend reports AMEND_REQUEUED.
   *   b.limit(1, BUY, 100, 5); b.amend(1, 100.5, 5) -> 2 (REQUEUED); b.has(1) -> false
   * Fix: validate before cancelling, as limit() does:
   *   if (o === NIL || !isQty(qty) || !(price > 0) || !Number.isSafeInteger(price)) return AMEND_UNKNOWN;
   */
  it.each([100.5, Infinity, 2 ** 53])('with a bad price (%s) is refused and leaves the order alone', (price) => {
    const b = new OrderBook();
    b.limit(1, BUY, 100, 5, 1);
    b.limit(2, BUY, 100, 5, 1);
    const r = b.amend(1, price, 5);
    expect({ r, has: b.has(1), queue: queueAt(b, BUY, 100).map((o) => o.id), live: b.liveOrders }).toEqual({
      r: AMEND_UNKNOWN,
      has: true,
      queue: [1, 2],
      live: 2,
    });
  });
});

describe('outcome reset', () => {
  /**
   * The class doc says "Every operation resets and then fills in its outcome",
   * but reduce() and amend() return early for an unknown id (and amend for a
   * bad quantity) before calling reset(), so the previous operation's fills,
   * filled, rested, dropped and dropReason are still there. A consumer that
   * reads `fills` after every operation records the previous trades twice.
   *   b.limit(1, SELL, 100, 5); b.limit(2, BUY, 100, 3);  // 1 fill
   *   b.amend(99, 100, 1) -> -1; b.fills.count -> 1, b.filled -> 3
   * Fix: call this.reset() first in reduce() and amend() (reduce's `by >= q`
   * path calls cancel(), which resets again harmlessly).
   */
  it('reduce and amend of an unknown id leave no outcome from the previous operation', () => {
    const b = new OrderBook();
    b.limit(1, SELL, 100, 5, 1);
    b.limit(2, BUY, 100, 3, 2);
    expect(b.fills.count).toBe(1);
    expect(b.amend(99, 100, 1)).toBe(AMEND_UNKNOWN);
    expect({ fills: b.fills.count, filled: b.filled }).toEqual({ fills: 0, filled: 0 });

    b.limit(3, BUY, 100, 4, 2);
    expect(b.dropped + b.rested + b.filled).toBe(4);
    expect(b.reduce(99, 1)).toBe(-1);
    expect({ fills: b.fills.count, filled: b.filled, rested: b.rested }).toEqual({ fills: 0, filled: 0, rested: 0 });
  });

  it('amend of a live id with a bad quantity leaves no outcome from the previous operation', () => {
    const b = new OrderBook();
    b.limit(1, SELL, 100, 5, 1);
    b.limit(2, BUY, 100, 3, 2);
    expect(b.amend(1, 100, 0)).toBe(AMEND_UNKNOWN);
    expect(b.fills.count).toBe(0);
  });
});

describe('reduce / execute amounts', () => {
  /**
   * reduce(id, by) never validates `by`. A negative `by` GROWS the order while
   * it keeps its place at the head of the queue (a queue-jumping size
   * increase, exactly what amend forbids); NaN turns the order's and the
   * level's quantity into NaN; 1.5 leaves a fractional lot.
   *   b.limit(1, BUY, 100, 5); b.limit(2, BUY, 100, 5);
   *   b.reduce(1, -10) -> -10; b.remainingOf(1) -> 15, still ahead of order 2
   * Fix: `if (!Number.isSafeInteger(by) || by <= 0) return 0;` (or a distinct
   * error code) at the top of reduce(), after the unknown-id check.
   */
  it.each([-10, NaN, 1.5])('reduce by %s does not change the order', (by) => {
    const b = new OrderBook();
    b.limit(1, BUY, 100, 5, 1);
    b.limit(2, BUY, 100, 5, 2);
    b.reduce(1, by);
    expect({ remaining: b.remainingOf(1), depth: fullDepth(b, BUY), resting: b.restingQty() }).toEqual({
      remaining: 5,
      depth: [{ price: 100, qty: 10, orders: 2 }],
      resting: 10,
    });
  });

  /**
   * execute(id, qty) never validates `qty` either: 0 records a zero-lot fill,
   * a negative qty records a negative fill and grows the resting order, 1.5
   * records a fractional fill.
   *   b.limit(1, BUY, 100, 5); b.execute(1, -3) -> -3; fills: qty -3, makerLeft 8
   * Fix: `if (!isQty(qty)) return 0;` (or an error code) after the unknown-id check.
   */
  it.each([0, -3, 1.5, NaN])('execute of %s lots records no fill and leaves the order alone', (qty) => {
    const b = new OrderBook();
    b.limit(1, BUY, 100, 5, 1);
    b.execute(1, qty);
    expect({ fills: fillsOf(b), remaining: b.remainingOf(1), resting: b.restingQty() }).toEqual({
      fills: [],
      remaining: 5,
      resting: 5,
    });
  });
});

describe('quantityToMove', () => {
  /**
   * The target is computed in floating point, best * (1 + pct/100), and then
   * rounded with ceil/floor, so a product that should be an exact tick lands
   * one ulp past it and is rounded a whole tick too far:
   *   100 * (1 + 10/100) = 110.00000000000001 -> ceil -> 111 (should be 110)
   *   20 * (1 - 80/100)  = 3.9999999999999996 -> floor -> 3 (should be 4)
   * The reported qty then includes a whole extra level (a thin book looks
   * thicker than it is). 38 of the (best <= 200, integer pct < 100) buy
   * cases are off by one tick.
   * Fix: keep the arithmetic exact for integer percentages, e.g.
   *   buying ? Math.ceil((best * (100 + pct)) / 100) : Math.floor((best * (100 - pct)) / 100)
   * (exact while best * (100 + pct) < 2^53; for fractional pct scale by 10^k first).
   */
  it('buy side: +10% from 100 targets 110, not 111', () => {
    const b = new OrderBook();
    b.limit(1, SELL, 100, 5);
    b.limit(2, SELL, 110, 5);
    b.limit(3, SELL, 111, 5);
    expect(quantityToMove(b, BUY, 10)).toEqual({ qty: 5, target: 110, reached: true });
  });

  it('sell side: -80% from 20 targets 4, not 3', () => {
    const b = new OrderBook();
    b.limit(1, BUY, 20, 5);
    b.limit(2, BUY, 4, 5);
    b.limit(3, BUY, 3, 5);
    expect(quantityToMove(b, SELL, 80)).toEqual({ qty: 5, target: 4, reached: true });
  });
});
