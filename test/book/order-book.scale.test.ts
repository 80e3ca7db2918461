import { describe, expect, it } from 'vitest';
import {
  BUY,
  depth,
  OK,
  OrderBook,
  quantityToMove,
  REJECT_DUPLICATE_ID,
  SELL,
  type SideCode,
} from '../../src/book/index.js';
import { bookOutcome, fillsOf, fullDepth, idsAt, queueAt } from './helpers.js';
import { ReferenceBook } from './reference-book.js';

/** mulberry32: a small seeded generator so the stress runs are the same every time. */
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

function shuffle<T>(xs: T[], rand: (n: number) => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const MAX_ID = Number.MAX_SAFE_INTEGER; // 2^53 - 1
const HUGE = 9_000_000_000_000;

describe('extreme values', () => {
  it('handles prices from 1 to 9e12 ticks and ids up to 2^53-1', () => {
    const b = new OrderBook();
    expect(b.limit(MAX_ID, SELL, HUGE, 3, 1)).toBe(OK);
    expect(b.limit(MAX_ID - 1, SELL, HUGE - 1, 2, 1)).toBe(OK);
    expect(b.limit(MAX_ID - 2, BUY, 1, 4, 2)).toBe(OK);
    // Ids that agree in their low 32 bits and differ only above them.
    expect(b.limit(2 ** 32 + 7, BUY, 2, 1, 2)).toBe(OK);
    expect(b.limit(7, BUY, 2, 1, 2)).toBe(OK);
    expect(b.limit(2 ** 52 + 7, BUY, 2, 1, 2)).toBe(OK);
    expect(b.limit(MAX_ID, BUY, 1, 1)).toBe(REJECT_DUPLICATE_ID);
    expect([b.bestBid(), b.bestAsk()]).toEqual([2, HUGE - 1]);
    expect(idsAt(b, BUY, 2)).toEqual([2 ** 32 + 7, 7, 2 ** 52 + 7]);
    expect(idsAt(b, SELL, HUGE)).toEqual([MAX_ID]);
    expect(depth(b, SELL, 5)).toEqual([
      { price: HUGE - 1, qty: 2, orders: 1 },
      { price: HUGE, qty: 3, orders: 1 },
    ]);
    expect(quantityToMove(b, SELL, 50)).toEqual({ qty: 3, target: 1, reached: true });

    // Quote budget of exactly 2 lots at the best ask plus 1 at the next: 2.7e13 < 2^53.
    const budget = 2 * (HUGE - 1) + HUGE;
    expect(b.market(MAX_ID - 3, BUY, Infinity, 3, budget)).toBe(OK);
    expect(fillsOf(b)).toEqual([
      { makerId: MAX_ID - 1, makerOwner: 1, price: HUGE - 1, qty: 2, makerLeft: 0 },
      { makerId: MAX_ID, makerOwner: 1, price: HUGE, qty: 1, makerLeft: 2 },
    ]);
    expect(b.budgetLeft).toBe(0);
    expect(b.remainingOf(MAX_ID)).toBe(2);

    expect(b.cancel(2 ** 32 + 7)).toBe(1);
    expect(b.has(7)).toBe(true);
    expect(b.has(2 ** 52 + 7)).toBe(true);
    expect(b.cancel(MAX_ID)).toBe(2);
    expect(b.cancel(MAX_ID)).toBe(-1);
    expect(b.bestAsk()).toBe(0);
    expect(b.market(1, SELL, 10)).toBe(OK);
    expect(fillsOf(b).map((f) => [f.makerId, f.price, f.qty])).toEqual([
      [7, 2, 1],
      [2 ** 52 + 7, 2, 1],
      [MAX_ID - 2, 1, 4],
    ]);
    expect(b.dropped).toBe(4);
    expect(b.liveOrders).toBe(0);
    expect([b.bestBid(), b.bestAsk()]).toEqual([0, 0]);
  });
});

describe('many levels', () => {
  it('keeps 10,000 levels per side in order, then empties cleanly', () => {
    const rand = rng(42);
    const N = 10_000;
    const b = new OrderBook({ capacity: 16 });
    // Bids at 1..N, asks at N+1..2N, each inserted in random order.
    const bidPrices = shuffle(
      Array.from({ length: N }, (_, i) => i + 1),
      rand,
    );
    const askPrices = shuffle(
      Array.from({ length: N }, (_, i) => N + 1 + i),
      rand,
    );
    let id = 1;
    const ids: number[] = [];
    for (let i = 0; i < N; i++) {
      ids.push(id);
      expect(b.limit(id++, BUY, bidPrices[i]!, 1 + (i % 7))).toBe(OK);
      ids.push(id);
      expect(b.limit(id++, SELL, askPrices[i]!, 1 + (i % 5))).toBe(OK);
    }
    expect(b.liveOrders).toBe(2 * N);
    expect([b.bestBid(), b.bestAsk()]).toEqual([N, N + 1]);
    const bids = fullDepth(b, BUY);
    const asks = fullDepth(b, SELL);
    expect(bids).toHaveLength(N);
    expect(asks).toHaveLength(N);
    expect(bids.map((l) => l.price)).toEqual(Array.from({ length: N }, (_, i) => N - i));
    expect(asks.map((l) => l.price)).toEqual(Array.from({ length: N }, (_, i) => N + 1 + i));
    expect(bids.every((l) => l.orders === 1) && asks.every((l) => l.orders === 1)).toBe(true);
    expect(bids.reduce((s, l) => s + l.qty, 0)).toBe(b.restingQty(BUY));
    expect(asks.reduce((s, l) => s + l.qty, 0)).toBe(b.restingQty(SELL));

    // Cancel everything in random order, checking the touch as it goes.
    const order = shuffle(ids, rand);
    for (let k = 0; k < order.length; k++) {
      const q = b.cancel(order[k]!);
      if (!(q > 0)) expect.fail(`cancel ${order[k]} returned ${q}`);
      if (k % 1000 === 999) {
        const d = fullDepth(b, BUY);
        expect(d.every((l, i) => i === 0 || l.price < d[i - 1]!.price)).toBe(true);
        const a = fullDepth(b, SELL);
        expect(a.every((l, i) => i === 0 || l.price > a[i - 1]!.price)).toBe(true);
        expect(d.length + a.length).toBe(order.length - k - 1);
        expect(b.bestBid()).toBe(d[0]?.price ?? 0);
        expect(b.bestAsk()).toBe(a[0]?.price ?? 0);
      }
    }
    expect(b.liveOrders).toBe(0);
    expect(b.restingQty()).toBe(0);
    expect([b.bestBid(), b.bestAsk()]).toEqual([0, 0]);
    expect(fullDepth(b, BUY)).toEqual([]);
    expect(fullDepth(b, SELL)).toEqual([]);
    // Every id is gone, and reusable.
    for (const x of ids.slice(0, 100)) expect(b.has(x)).toBe(false);
    expect(b.limit(ids[0]!, BUY, 5, 1)).toBe(OK);
    expect(fullDepth(b, BUY)).toEqual([{ price: 5, qty: 1, orders: 1 }]);
  });

  it('a sweep through thousands of levels fills them in price order', () => {
    const b = new OrderBook();
    const N = 5_000;
    const prices = shuffle(
      Array.from({ length: N }, (_, i) => 1000 + i),
      rng(7),
    );
    prices.forEach((p, i) => b.limit(i + 1, SELL, p, 2));
    expect(b.market(N + 1, BUY, 2 * N - 1)).toBe(OK);
    expect(b.fills.count).toBe(N);
    const f = fillsOf(b);
    expect(f.every((x, i) => x.price === 1000 + i)).toBe(true);
    expect(f[N - 1]!.makerLeft).toBe(1);
    expect(b.liveOrders).toBe(1);
    expect(b.bestAsk()).toBe(1000 + N - 1);
  });
});

describe('deep queues against the reference', () => {
  it('thousands of orders on a few levels keep their queue order through cancels, reduces, amends and fills', () => {
    const rand = rng(2024);
    const book = new OrderBook({ capacity: 8 });
    const ref = new ReferenceBook();
    const prices = [98, 99, 100];
    let nextId = 1;
    for (let step = 0; step < 4000; step++) {
      const live = ref.liveIds();
      const pickLive = () => live[rand(live.length)]!;
      const r = rand(100);
      let got: number;
      let want: number;
      if (r < 65 || live.length === 0) {
        const args = [nextId++, BUY, prices[rand(3)]!, 1 + rand(9), 1 + rand(50)] as const;
        got = book.limit(...args);
        want = ref.limit(...args);
      } else if (r < 77) {
        const id = pickLive();
        got = book.cancel(id);
        want = ref.cancel(id);
      } else if (r < 85) {
        const id = pickLive();
        const by = 1 + rand(5);
        got = book.reduce(id, by);
        want = ref.reduce(id, by);
      } else if (r < 93) {
        const id = pickLive();
        const p = prices[rand(3)]!;
        const q = 1 + rand(9);
        got = book.amend(id, p, q);
        want = ref.amend(id, p, q);
      } else {
        // A seller works through the top of the queue.
        const args = [nextId++, SELL, 1 + rand(15), 7] as const;
        got = book.market(...args);
        want = ref.market(...args);
      }
      expect(got, `step ${step}`).toBe(want);
      expect(bookOutcome(book).fills, `step ${step}`).toEqual(ref.fills);
      if (step % 250 === 0 || step === 3999) {
        for (const side of [BUY, SELL] as SideCode[]) {
          expect(fullDepth(book, side)).toEqual(ref.depth(side));
          for (const p of prices) expect(queueAt(book, side, p)).toEqual(ref.levelOrders(side, p));
        }
      }
    }
    expect(book.liveOrders).toBeGreaterThan(500);
  });
});

describe('one operation with more fills than the fill buffer starts with', () => {
  it('a market buy through 600 asks reports all 600 fills, in price-time order, with their makers', () => {
    const b = new OrderBook();
    for (let i = 0; i < 600; i++) b.limit(1 + i, SELL, 1000 + Math.floor(i / 3), 2, 100 + i);
    expect(b.market(10_000, BUY, 1200, 1)).toBe(OK);
    const fills = fillsOf(b);
    expect(fills).toHaveLength(600);
    fills.forEach((f, i) => expect(f).toMatchObject({ makerId: 1 + i, makerOwner: 100 + i, price: 1000 + Math.floor(i / 3), qty: 2, makerLeft: 0 }));
  });
});
