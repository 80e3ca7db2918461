import { describe, expect, it } from 'vitest';
import {
  AMEND_KEPT_PRIORITY,
  AMEND_REQUEUED,
  AMEND_UNKNOWN,
  BUY,
  depth,
  DROP_FOK,
  DROP_NONE,
  DROP_SELF_TRADE,
  DROP_UNFILLED,
  FOK,
  GTC,
  IOC,
  OK,
  OrderBook,
  quantityToMove,
  REJECT_BAD_PRICE,
  REJECT_BAD_QUANTITY,
  REJECT_DUPLICATE_ID,
  REJECT_POST_ONLY_WOULD_CROSS,
  SELL,
  STP_CANCEL_BOTH,
  STP_CANCEL_NEWEST,
  STP_CANCEL_OLDEST,
  STP_NONE,
} from '../../src/book/index.js';
import { bookOutcome, fillsOf, fullDepth, idsAt, queueAt, removedOf } from './helpers.js';

/** A book with asks 5@100 (id 1), 5@101 (id 2), 5@103 (id 3) and bids 5@99 (id 11), 5@98 (id 12). */
function ladder(): OrderBook {
  const b = new OrderBook();
  b.limit(1, SELL, 100, 5, 1);
  b.limit(2, SELL, 101, 5, 1);
  b.limit(3, SELL, 103, 5, 1);
  b.limit(11, BUY, 99, 5, 2);
  b.limit(12, BUY, 98, 5, 2);
  return b;
}

const snapshot = (b: OrderBook) => ({
  bids: fullDepth(b, BUY),
  asks: fullDepth(b, SELL),
  live: b.liveOrders,
  resting: b.restingQty(),
});

describe('limit orders', () => {
  it('GTC that does not cross rests in full', () => {
    const b = new OrderBook();
    expect(b.limit(1, BUY, 100, 7, 1, GTC)).toBe(OK);
    expect(bookOutcome(b)).toEqual({ fills: [], removed: [], filled: 0, rested: 7, dropped: 0, dropReason: DROP_NONE });
    expect(b.bestBid()).toBe(100);
    expect(b.has(1)).toBe(true);
    expect(b.remainingOf(1)).toBe(7);
    expect(b.priceOf(1)).toBe(100);
    expect(b.sideOf(1)).toBe(BUY);
    expect(b.restingQty(BUY)).toBe(7);
    expect(b.restingQty(SELL)).toBe(0);
  });

  it('GTC that crosses trades through levels up to its price and rests the remainder there', () => {
    const b = ladder();
    expect(b.limit(20, BUY, 101, 12, 3)).toBe(OK);
    expect(fillsOf(b)).toEqual([
      { makerId: 1, makerOwner: 1, price: 100, qty: 5, makerLeft: 0 },
      { makerId: 2, makerOwner: 1, price: 101, qty: 5, makerLeft: 0 },
    ]);
    expect(b.filled).toBe(10);
    expect(b.rested).toBe(2);
    expect(b.dropped).toBe(0);
    expect(b.bestBid()).toBe(101);
    expect(b.remainingOf(20)).toBe(2);
    expect(b.bestAsk()).toBe(103);
  });

  it('IOC drops its remainder with DROP_UNFILLED', () => {
    const b = ladder();
    expect(b.limit(20, BUY, 100, 8, 3, IOC)).toBe(OK);
    expect(bookOutcome(b)).toEqual({
      fills: [{ makerId: 1, makerOwner: 1, price: 100, qty: 5, makerLeft: 0 }],
      removed: [],
      filled: 5,
      rested: 0,
      dropped: 3,
      dropReason: DROP_UNFILLED,
    });
    expect(b.has(20)).toBe(false);
    expect(b.bestBid()).toBe(99);
  });

  it('IOC that cannot cross is dropped whole', () => {
    const b = ladder();
    expect(b.limit(20, BUY, 99, 4, 3, IOC)).toBe(OK);
    expect(b.dropped).toBe(4);
    expect(b.dropReason).toBe(DROP_UNFILLED);
    expect(b.has(20)).toBe(false);
    expect(fullDepth(b, BUY)).toEqual([
      { price: 99, qty: 5, orders: 1 },
      { price: 98, qty: 5, orders: 1 },
    ]);
  });

  it('FOK that cannot fill in full trades nothing (DROP_FOK) and leaves the book alone', () => {
    const b = ladder();
    const before = snapshot(b);
    expect(b.limit(20, BUY, 101, 11, 3, FOK)).toBe(OK);
    expect(bookOutcome(b)).toEqual({ fills: [], removed: [], filled: 0, rested: 0, dropped: 11, dropReason: DROP_FOK });
    expect(snapshot(b)).toEqual(before);
  });

  it('FOK that is exactly fillable trades in full', () => {
    const b = ladder();
    expect(b.limit(20, BUY, 101, 10, 3, FOK)).toBe(OK);
    expect(b.filled).toBe(10);
    expect(b.dropped).toBe(0);
    expect(b.dropReason).toBe(DROP_NONE);
    expect(fillsOf(b).map((f) => f.makerId)).toEqual([1, 2]);
    expect(b.bestAsk()).toBe(103);
    expect(b.has(20)).toBe(false);
  });

  it('FOK sell counts only bids at or above its price', () => {
    const b = ladder();
    expect(b.limit(20, SELL, 99, 6, 3, FOK)).toBe(OK);
    expect(b.dropReason).toBe(DROP_FOK);
    expect(b.limit(21, SELL, 98, 6, 3, FOK)).toBe(OK);
    expect(fillsOf(b)).toEqual([
      { makerId: 11, makerOwner: 2, price: 99, qty: 5, makerLeft: 0 },
      { makerId: 12, makerOwner: 2, price: 98, qty: 1, makerLeft: 4 },
    ]);
  });

  it('post-only that would cross is rejected and changes nothing', () => {
    const b = ladder();
    const before = snapshot(b);
    expect(b.limit(20, BUY, 100, 3, 3, GTC, true)).toBe(REJECT_POST_ONLY_WOULD_CROSS);
    expect(b.limit(21, SELL, 99, 3, 3, GTC, true)).toBe(REJECT_POST_ONLY_WOULD_CROSS);
    expect(snapshot(b)).toEqual(before);
    expect(b.has(20)).toBe(false);
    expect(b.fills.count).toBe(0);
  });

  it('post-only that does not cross is accepted and rests', () => {
    const b = ladder();
    expect(b.limit(20, BUY, 99, 3, 3, GTC, true)).toBe(OK);
    expect(b.limit(21, SELL, 102, 3, 3, GTC, true)).toBe(OK);
    expect(b.rested).toBe(3);
    expect(idsAt(b, BUY, 99)).toEqual([11, 20]);
    expect(idsAt(b, SELL, 102)).toEqual([21]);
  });
});

describe('market orders', () => {
  it('by quantity sweeps best price first and drops what it cannot fill', () => {
    const b = ladder();
    expect(b.market(20, BUY, 18, 3)).toBe(OK);
    expect(fillsOf(b)).toEqual([
      { makerId: 1, makerOwner: 1, price: 100, qty: 5, makerLeft: 0 },
      { makerId: 2, makerOwner: 1, price: 101, qty: 5, makerLeft: 0 },
      { makerId: 3, makerOwner: 1, price: 103, qty: 5, makerLeft: 0 },
    ]);
    expect(b.filled).toBe(15);
    expect(b.rested).toBe(0);
    expect(b.dropped).toBe(3);
    expect(b.dropReason).toBe(DROP_UNFILLED);
    expect(b.bestAsk()).toBe(0);
    expect(b.has(20)).toBe(false);
  });

  it('sell by quantity partially fills the last maker and leaves it in place', () => {
    const b = ladder();
    expect(b.market(20, SELL, 7, 3)).toBe(OK);
    expect(fillsOf(b)).toEqual([
      { makerId: 11, makerOwner: 2, price: 99, qty: 5, makerLeft: 0 },
      { makerId: 12, makerOwner: 2, price: 98, qty: 2, makerLeft: 3 },
    ]);
    expect(b.dropped).toBe(0);
    expect(b.dropReason).toBe(DROP_NONE);
    expect(b.remainingOf(12)).toBe(3);
  });

  it('by quote budget fills min(maker, floor(budget/price)) and reports budgetLeft', () => {
    const b = ladder();
    // 5 @ 100 costs 500, leaving 250: floor(250 / 101) = 2 lots at 101, 48 left.
    expect(b.market(20, BUY, Infinity, 3, 750)).toBe(OK);
    expect(fillsOf(b)).toEqual([
      { makerId: 1, makerOwner: 1, price: 100, qty: 5, makerLeft: 0 },
      { makerId: 2, makerOwner: 1, price: 101, qty: 2, makerLeft: 3 },
    ]);
    expect(b.filled).toBe(7);
    expect(b.budgetLeft).toBe(48);
    expect(b.dropped).toBe(0);
    expect(b.rested).toBe(0);
    expect(b.dropReason).toBe(DROP_UNFILLED);
  });

  it('by quote budget spent exactly has no drop reason', () => {
    const b = ladder();
    expect(b.market(20, BUY, Infinity, 3, 500)).toBe(OK);
    expect(b.filled).toBe(5);
    expect(b.budgetLeft).toBe(0);
    expect(b.dropReason).toBe(DROP_NONE);
  });

  it('by quote budget that cannot afford one lot fills nothing', () => {
    const b = ladder();
    expect(b.market(20, BUY, Infinity, 3, 99)).toBe(OK);
    expect(b.fills.count).toBe(0);
    expect(b.budgetLeft).toBe(99);
    expect(b.dropReason).toBe(DROP_UNFILLED);
    expect(b.remainingOf(1)).toBe(5);
  });

  it('with both a quantity and a budget stops at whichever binds first', () => {
    const b = ladder();
    expect(b.market(20, BUY, 3, 3, 1000)).toBe(OK);
    expect(b.filled).toBe(3);
    expect(b.budgetLeft).toBe(700);
    expect(b.dropped).toBe(0);
    expect(b.market(21, BUY, 10, 3, 250)).toBe(OK);
    expect(b.filled).toBe(2);
    expect(b.budgetLeft).toBe(50);
    expect(b.dropped).toBe(8);
    expect(b.dropReason).toBe(DROP_UNFILLED);
  });

  it('protection price stops the sweep (buy)', () => {
    const b = ladder();
    expect(b.market(20, BUY, 12, 3, Infinity, 101)).toBe(OK);
    expect(fillsOf(b).map((f) => [f.price, f.qty])).toEqual([
      [100, 5],
      [101, 5],
    ]);
    expect(b.dropped).toBe(2);
    expect(b.dropReason).toBe(DROP_UNFILLED);
    expect(b.bestAsk()).toBe(103);
  });

  it('protection price stops the sweep (sell)', () => {
    const b = ladder();
    expect(b.market(20, SELL, 12, 3, Infinity, 99)).toBe(OK);
    expect(fillsOf(b).map((f) => [f.price, f.qty])).toEqual([[99, 5]]);
    expect(b.dropped).toBe(7);
    expect(b.bestBid()).toBe(98);
  });

  it('on an empty side drops everything', () => {
    const b = new OrderBook();
    expect(b.market(1, BUY, 5)).toBe(OK);
    expect(b.dropped).toBe(5);
    expect(b.dropReason).toBe(DROP_UNFILLED);
    expect(b.market(2, SELL, Infinity, 0, 1000)).toBe(OK);
    expect(b.budgetLeft).toBe(1000);
    expect(b.dropReason).toBe(DROP_UNFILLED);
  });
});

describe('rejections leave the book unchanged', () => {
  it.each([0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53])('limit with qty %s -> REJECT_BAD_QUANTITY', (q) => {
    const b = ladder();
    const before = snapshot(b);
    expect(b.limit(20, BUY, 100, q)).toBe(REJECT_BAD_QUANTITY);
    expect(snapshot(b)).toEqual(before);
    expect(b.has(20)).toBe(false);
  });

  it.each([0, -1, 100.5, NaN, Infinity, 2 ** 53])('limit with price %s -> REJECT_BAD_PRICE', (p) => {
    const b = ladder();
    const before = snapshot(b);
    expect(b.limit(20, BUY, p, 3)).toBe(REJECT_BAD_PRICE);
    expect(snapshot(b)).toEqual(before);
  });

  it('limit with a live id -> REJECT_DUPLICATE_ID; a dead id may be reused', () => {
    const b = ladder();
    const before = snapshot(b);
    expect(b.limit(1, BUY, 120, 3)).toBe(REJECT_DUPLICATE_ID);
    expect(b.limit(11, BUY, 90, 3)).toBe(REJECT_DUPLICATE_ID);
    expect(snapshot(b)).toEqual(before);
    expect(b.cancel(12)).toBe(5);
    expect(b.limit(12, BUY, 90, 3)).toBe(OK);
    expect(b.priceOf(12)).toBe(90);
  });

  it('quantity is checked before price, price before the id', () => {
    const b = ladder();
    expect(b.limit(1, BUY, 0, 0)).toBe(REJECT_BAD_QUANTITY);
    expect(b.limit(1, BUY, 0, 1)).toBe(REJECT_BAD_PRICE);
  });

  it.each([0, -1, 1.5, NaN])('market with qty %s -> REJECT_BAD_QUANTITY', (q) => {
    const b = ladder();
    const before = snapshot(b);
    expect(b.market(20, BUY, q)).toBe(REJECT_BAD_QUANTITY);
    expect(snapshot(b)).toEqual(before);
  });

  it.each([Infinity, 0, -5, NaN])('market by quote with budget %s -> REJECT_BAD_QUANTITY', (budget) => {
    const b = ladder();
    const before = snapshot(b);
    expect(b.market(20, BUY, Infinity, 0, budget)).toBe(REJECT_BAD_QUANTITY);
    expect(snapshot(b)).toEqual(before);
  });

  it.each([-1, 100.5, NaN])('market with protection %s -> REJECT_BAD_PRICE', (p) => {
    const b = ladder();
    const before = snapshot(b);
    expect(b.market(20, BUY, 3, 0, Infinity, p)).toBe(REJECT_BAD_PRICE);
    expect(snapshot(b)).toEqual(before);
  });

  it('market with a live id -> REJECT_DUPLICATE_ID', () => {
    const b = ladder();
    const before = snapshot(b);
    expect(b.market(11, BUY, 3)).toBe(REJECT_DUPLICATE_ID);
    expect(snapshot(b)).toEqual(before);
    expect(b.fills.count).toBe(0);
  });
});

describe('self-trade prevention', () => {
  /** Asks at 100: id 1 (owner 1, 3 lots), id 2 (owner 7, 4 lots), id 3 (owner 1, 5 lots). */
  function mixed(): OrderBook {
    const b = new OrderBook();
    b.limit(1, SELL, 100, 3, 1);
    b.limit(2, SELL, 100, 4, 7);
    b.limit(3, SELL, 100, 5, 1);
    b.limit(4, SELL, 101, 5, 1);
    return b;
  }

  it('STP none lets an owner trade with itself', () => {
    const b = mixed();
    expect(b.limit(20, BUY, 100, 5, 7, GTC, false, STP_NONE)).toBe(OK);
    expect(fillsOf(b).map((f) => [f.makerId, f.qty])).toEqual([
      [1, 3],
      [2, 2],
    ]);
  });

  it('cancel-newest: the taker remainder is dropped at its own order, which stays', () => {
    const b = mixed();
    expect(b.limit(20, BUY, 101, 10, 7, GTC, false, STP_CANCEL_NEWEST)).toBe(OK);
    expect(bookOutcome(b)).toEqual({
      fills: [{ makerId: 1, makerOwner: 1, price: 100, qty: 3, makerLeft: 0 }],
      removed: [],
      filled: 3,
      rested: 0,
      dropped: 7,
      dropReason: DROP_SELF_TRADE,
    });
    expect(b.has(20)).toBe(false);
    expect(idsAt(b, SELL, 100)).toEqual([2, 3]);
  });

  it('cancel-oldest: the own resting order is removed and matching continues', () => {
    const b = mixed();
    expect(b.limit(20, BUY, 100, 10, 7, GTC, false, STP_CANCEL_OLDEST)).toBe(OK);
    expect(fillsOf(b).map((f) => [f.makerId, f.qty])).toEqual([
      [1, 3],
      [3, 5],
    ]);
    expect(removedOf(b)).toEqual([{ id: 2, qty: 4 }]);
    expect(b.filled).toBe(8);
    expect(b.rested).toBe(2);
    expect(b.dropReason).toBe(DROP_NONE);
    expect(b.has(2)).toBe(false);
    expect(b.restingQty(SELL)).toBe(5);
    expect(b.bestBid()).toBe(100);
  });

  it('cancel-both: the own resting order is removed and the remainder dropped', () => {
    const b = mixed();
    expect(b.limit(20, BUY, 101, 10, 7, GTC, false, STP_CANCEL_BOTH)).toBe(OK);
    expect(bookOutcome(b)).toEqual({
      fills: [{ makerId: 1, makerOwner: 1, price: 100, qty: 3, makerLeft: 0 }],
      removed: [{ id: 2, qty: 4 }],
      filled: 3,
      rested: 0,
      dropped: 7,
      dropReason: DROP_SELF_TRADE,
    });
    expect(idsAt(b, SELL, 100)).toEqual([3]);
    expect(b.restingQty(SELL)).toBe(10);
  });

  it('owner 0 never triggers self-trade prevention', () => {
    const b = new OrderBook();
    b.limit(1, SELL, 100, 3, 0);
    expect(b.limit(2, BUY, 100, 3, 0, GTC, false, STP_CANCEL_NEWEST)).toBe(OK);
    expect(b.filled).toBe(3);
  });

  it('applies to market orders, sized in lots or in quote', () => {
    const b = mixed();
    expect(b.market(20, BUY, 10, 7, Infinity, 0, STP_CANCEL_NEWEST)).toBe(OK);
    expect(b.filled).toBe(3);
    expect(b.dropped).toBe(7);
    expect(b.dropReason).toBe(DROP_SELF_TRADE);
    const c = mixed();
    expect(c.market(20, BUY, Infinity, 7, 10_000, 0, STP_CANCEL_BOTH)).toBe(OK);
    expect(c.filled).toBe(3);
    expect(c.budgetLeft).toBe(9_700);
    expect(removedOf(c)).toEqual([{ id: 2, qty: 4 }]);
    expect(c.dropReason).toBe(DROP_SELF_TRADE);
  });

  it('FOK counts around own orders: skipped under cancel-oldest, a wall under cancel-newest', () => {
    const b = mixed();
    expect(b.fillable(BUY, 100, 100, 7, STP_CANCEL_OLDEST)).toBe(8);
    expect(b.fillable(BUY, 100, 100, 7, STP_CANCEL_NEWEST)).toBe(3);
    expect(b.limit(20, BUY, 100, 4, 7, FOK, false, STP_CANCEL_NEWEST)).toBe(OK);
    expect(b.dropReason).toBe(DROP_FOK);
    expect(b.fills.count).toBe(0);
    expect(b.limit(21, BUY, 100, 8, 7, FOK, false, STP_CANCEL_OLDEST)).toBe(OK);
    expect(b.filled).toBe(8);
    expect(removedOf(b)).toEqual([{ id: 2, qty: 4 }]);
  });
});

describe('cancel, reduce, execute, amend', () => {
  /** Bids at 100: ids 1, 2, 3, 4 in that order. */
  function queue(): OrderBook {
    const b = new OrderBook();
    for (const id of [1, 2, 3, 4]) b.limit(id, BUY, 100, id * 10, id);
    return b;
  }

  it('cancel of an unknown id returns -1; a second cancel of the same id too', () => {
    const b = queue();
    expect(b.cancel(99)).toBe(-1);
    expect(b.cancel(2)).toBe(20);
    expect(b.cancel(2)).toBe(-1);
  });

  it('cancel in the middle, at the head and at the tail keeps the others in order', () => {
    const b = queue();
    b.cancel(2);
    expect(idsAt(b, BUY, 100)).toEqual([1, 3, 4]);
    b.limit(5, BUY, 100, 50, 5);
    b.cancel(1);
    expect(idsAt(b, BUY, 100)).toEqual([3, 4, 5]);
    b.cancel(5);
    expect(idsAt(b, BUY, 100)).toEqual([3, 4]);
    expect(fullDepth(b, BUY)).toEqual([{ price: 100, qty: 70, orders: 2 }]);
    b.market(9, SELL, 35);
    expect(fillsOf(b).map((f) => [f.makerId, f.qty])).toEqual([
      [3, 30],
      [4, 5],
    ]);
  });

  it('cancel of the last order removes the level', () => {
    const b = new OrderBook();
    b.limit(1, BUY, 100, 5);
    b.limit(2, BUY, 99, 5);
    b.cancel(1);
    expect(b.bestBid()).toBe(99);
    expect(queueAt(b, BUY, 100)).toEqual([]);
  });

  it('reduce keeps priority; reducing to zero cancels', () => {
    const b = queue();
    expect(b.reduce(1, 7)).toBe(7);
    expect(queueAt(b, BUY, 100)).toEqual([
      { id: 1, qty: 3, owner: 1 },
      { id: 2, qty: 20, owner: 2 },
      { id: 3, qty: 30, owner: 3 },
      { id: 4, qty: 40, owner: 4 },
    ]);
    expect(b.restingQty(BUY)).toBe(93);
    b.market(9, SELL, 4);
    expect(fillsOf(b).map((f) => [f.makerId, f.qty])).toEqual([
      [1, 3],
      [2, 1],
    ]);
    expect(b.reduce(3, 100)).toBe(30);
    expect(b.has(3)).toBe(false);
    expect(b.reduce(3, 1)).toBe(-1);
  });

  it('execute by id: partial keeps the order with makerLeft, full removes it', () => {
    const b = queue();
    expect(b.execute(2, 5)).toBe(5);
    expect(fillsOf(b)).toEqual([{ makerId: 2, makerOwner: 2, price: 100, qty: 5, makerLeft: 15 }]);
    expect(b.filled).toBe(5);
    expect(idsAt(b, BUY, 100)).toEqual([1, 2, 3, 4]);
    expect(b.remainingOf(2)).toBe(15);
    expect(b.execute(2, 15)).toBe(15);
    expect(fillsOf(b)).toEqual([{ makerId: 2, makerOwner: 2, price: 100, qty: 15, makerLeft: 0 }]);
    expect(b.has(2)).toBe(false);
    expect(b.execute(3, 1000)).toBe(30);
    expect(b.has(3)).toBe(false);
    expect(b.execute(3, 1)).toBe(-1);
    expect(fullDepth(b, BUY)).toEqual([{ price: 100, qty: 50, orders: 2 }]);
  });

  it('amend down at the same price keeps priority', () => {
    const b = queue();
    expect(b.amend(1, 100, 4)).toBe(AMEND_KEPT_PRIORITY);
    expect(b.amend(2, 100, 20)).toBe(AMEND_KEPT_PRIORITY);
    expect(queueAt(b, BUY, 100).map((o) => [o.id, o.qty])).toEqual([
      [1, 4],
      [2, 20],
      [3, 30],
      [4, 40],
    ]);
  });

  it('amend up in quantity requeues at the back', () => {
    const b = queue();
    expect(b.amend(1, 100, 11)).toBe(AMEND_REQUEUED);
    expect(idsAt(b, BUY, 100)).toEqual([2, 3, 4, 1]);
    expect(b.remainingOf(1)).toBe(11);
  });

  it('amend to a new price requeues there and may trade', () => {
    const b = queue();
    b.limit(10, SELL, 102, 5, 9);
    b.limit(11, BUY, 101, 5, 9);
    expect(b.amend(2, 101, 20)).toBe(AMEND_REQUEUED);
    expect(idsAt(b, BUY, 101)).toEqual([11, 2]);
    expect(b.amend(3, 102, 8)).toBe(AMEND_REQUEUED);
    expect(fillsOf(b)).toEqual([{ makerId: 10, makerOwner: 9, price: 102, qty: 5, makerLeft: 0 }]);
    expect(b.rested).toBe(3);
    expect(b.bestBid()).toBe(102);
    expect(b.sideOf(3)).toBe(BUY);
  });

  it('amend of an unknown id or with a bad quantity -> AMEND_UNKNOWN and no change', () => {
    const b = queue();
    const before = snapshot(b);
    expect(b.amend(99, 100, 5)).toBe(AMEND_UNKNOWN);
    expect(b.amend(1, 100, 0)).toBe(AMEND_UNKNOWN);
    expect(b.amend(1, 100, 2.5)).toBe(AMEND_UNKNOWN);
    expect(b.amend(1, 0, 5)).toBe(AMEND_UNKNOWN);
    expect(snapshot(b)).toEqual(before);
  });

  it('every operation resets the outcome of the one before', () => {
    const b = ladder();
    b.limit(20, BUY, 101, 12, 3);
    expect(b.fills.count).toBe(2);
    b.cancel(20);
    expect(bookOutcome(b)).toEqual({ fills: [], removed: [], filled: 0, rested: 0, dropped: 0, dropReason: DROP_NONE });
    b.limit(21, BUY, 103, 1, 3);
    b.reduce(11, 1);
    expect(bookOutcome(b)).toEqual({ fills: [], removed: [], filled: 0, rested: 0, dropped: 0, dropReason: DROP_NONE });
  });
});

describe('queries and analysis', () => {
  it('bestBid / bestAsk are 0 on an empty book and after it empties', () => {
    const b = new OrderBook();
    expect(b.bestBid()).toBe(0);
    expect(b.bestAsk()).toBe(0);
    expect(b.liveOrders).toBe(0);
    expect(b.restingQty()).toBe(0);
    b.limit(1, BUY, 100, 5);
    b.limit(2, SELL, 101, 5);
    expect([b.bestBid(), b.bestAsk()]).toEqual([100, 101]);
    b.market(3, SELL, 5);
    b.cancel(2);
    expect([b.bestBid(), b.bestAsk()]).toEqual([0, 0]);
    expect(b.liveOrders).toBe(0);
    expect(b.remainingOf(1)).toBe(-1);
    expect(b.priceOf(1)).toBe(-1);
    expect(b.sideOf(1)).toBe(-1);
  });

  it('depth lists the top n levels of a side, best first, with qty and order counts', () => {
    const b = ladder();
    b.limit(13, BUY, 99, 2, 4);
    b.limit(14, BUY, 95, 1, 4);
    expect(depth(b, BUY, 2)).toEqual([
      { price: 99, qty: 7, orders: 2 },
      { price: 98, qty: 5, orders: 1 },
    ]);
    expect(depth(b, BUY, 10)).toHaveLength(3);
    expect(depth(b, SELL, 10)).toEqual([
      { price: 100, qty: 5, orders: 1 },
      { price: 101, qty: 5, orders: 1 },
      { price: 103, qty: 5, orders: 1 },
    ]);
    expect(depth(b, SELL, 0)).toEqual([]);
    expect(depth(new OrderBook(), BUY, 5)).toEqual([]);
  });

  it('levelOrders yields one price queue in order, and nothing for an absent price', () => {
    const b = ladder();
    b.limit(13, BUY, 99, 2, 4);
    expect(queueAt(b, BUY, 99)).toEqual([
      { id: 11, qty: 5, owner: 2 },
      { id: 13, qty: 2, owner: 4 },
    ]);
    expect(queueAt(b, BUY, 100)).toEqual([]);
    expect(queueAt(b, SELL, 99)).toEqual([]);
  });

  it('quantityToMove: lots strictly before the target, the target, and whether it is reached', () => {
    const b = ladder();
    // Buy: best ask 100, +2% -> 102: the levels at 100 and 101 must go.
    expect(quantityToMove(b, BUY, 2)).toEqual({ qty: 10, target: 102, reached: true });
    // +3% -> 103: the level at 103 is the target and is not counted.
    expect(quantityToMove(b, BUY, 3)).toEqual({ qty: 10, target: 103, reached: true });
    expect(quantityToMove(b, BUY, 5)).toEqual({ qty: 15, target: 105, reached: false });
    // Sell: best bid 99, -1% -> floor(98.01) = 98.
    expect(quantityToMove(b, SELL, 1)).toEqual({ qty: 5, target: 98, reached: true });
    expect(quantityToMove(b, SELL, 20)).toEqual({ qty: 10, target: 79, reached: false });
    expect(quantityToMove(new OrderBook(), BUY, 1)).toBeNull();
  });

  it('fillable stops at the limit price', () => {
    const b = ladder();
    expect(b.fillable(BUY, 99, 100)).toBe(0);
    expect(b.fillable(BUY, 101, 100)).toBe(10);
    expect(b.fillable(SELL, 98, 100)).toBe(10);
    expect(b.fillable(BUY, 1000, 3)).toBeGreaterThanOrEqual(3);
  });
});
