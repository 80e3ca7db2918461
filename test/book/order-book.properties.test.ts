import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AMEND_KEPT_PRIORITY,
  AMEND_REQUEUED,
  BUY,
  OK,
  OrderBook,
  SELL,
  type SideCode,
} from '../../src/book/index.js';
import { bookOutcome, fullDepth, queueAt } from './helpers.js';
import { apply, concretize, genOps, hasOutcome, type Op } from './ops.js';
import { ReferenceBook } from './reference-book.js';

const SIDES: SideCode[] = [BUY, SELL];
const MAX_OPS = 120;
/** `BOOK_PROPERTY_SCALE=50 npx vitest run test/book` searches harder; the default keeps the file at a few seconds. */
const SCALE = Number(process.env.BOOK_PROPERTY_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)) });

/** The taker side of an operation that can trade as a taker, or null. */
function takerSide(op: Op, ref: ReferenceBook): SideCode | null {
  if (op.k === 'limit' || op.k === 'market') return op.side;
  if (op.k === 'amend') {
    const s = ref.sideOf(op.id);
    return s === -1 ? null : (s as SideCode);
  }
  return null;
}

describe('OrderBook properties over random operation sequences', () => {
  it('matches the naive reference book after every operation', () => {
    fc.assert(
      fc.property(genOps(MAX_OPS), (gen) => {
        const ops = concretize(gen);
        const book = new OrderBook({ capacity: 4 });
        const ref = new ReferenceBook();
        ops.forEach((op, step) => {
          const got = apply(book, op);
          const want = apply(ref, op);
          const where = `step ${step}: ${JSON.stringify(op)}`;
          if (op.k === 'fillable') {
            // Beyond `want` the count is an implementation detail (early exit per level).
            expect(Math.min(got, op.want), where).toBe(Math.min(want, op.want));
          } else expect(got, where).toBe(want);
          if (hasOutcome(op, want)) {
            expect(bookOutcome(book), where).toEqual({
              fills: ref.fills,
              removed: ref.removed,
              filled: ref.filled,
              rested: ref.rested,
              dropped: ref.dropped,
              dropReason: ref.dropReason,
            });
          }
          if (op.k === 'market' && got === OK) expect(book.budgetLeft, where).toBe(ref.budgetLeft);
          if ('id' in op) {
            expect(book.has(op.id), where).toBe(ref.has(op.id));
            expect(book.remainingOf(op.id), where).toBe(ref.remainingOf(op.id));
            expect(book.priceOf(op.id), where).toBe(ref.priceOf(op.id));
            expect(book.sideOf(op.id), where).toBe(ref.sideOf(op.id));
          }
          for (const side of SIDES) {
            const d = fullDepth(book, side);
            expect(d, where).toEqual(ref.depth(side));
            for (const lvl of d) expect(queueAt(book, side, lvl.price), where).toEqual(ref.levelOrders(side, lvl.price));
          }
          expect(book.bestBid(), where).toBe(ref.bestBid());
          expect(book.bestAsk(), where).toBe(ref.bestAsk());
          expect(book.liveOrders, where).toBe(ref.liveOrders);
        });
      }),
      runs(250),
    );
  });

  it('is never crossed at rest', () => {
    fc.assert(
      fc.property(genOps(MAX_OPS), (gen) => {
        const book = new OrderBook();
        for (const op of concretize(gen)) {
          apply(book, op);
          const bid = book.bestBid();
          const ask = book.bestAsk();
          if (bid !== 0 && ask !== 0) expect(bid).toBeLessThan(ask);
        }
      }),
      runs(200),
    );
  });

  it('conserves quantity, per submit and globally', () => {
    fc.assert(
      fc.property(genOps(MAX_OPS), (gen) => {
        const book = new OrderBook();
        let submitted = 0;
        let takerFilled = 0;
        let makerFilled = 0;
        let dropped = 0;
        let cancelled = 0;
        let reduced = 0;
        let executed = 0;
        let stpRemoved = 0;
        /** Outcome of a submit (limit, market or the re-add half of an amend) of `qty` lots. */
        const submit = (qty: number) => {
          if (qty === Infinity) {
            // Sized in quote: no lot quantity was asked for; what filled is what was "submitted".
            expect(book.dropped).toBe(0);
            expect(book.rested).toBe(0);
            submitted += book.filled;
          } else {
            expect(book.filled + book.rested + book.dropped).toBe(qty);
            submitted += qty;
          }
          takerFilled += book.filled;
          dropped += book.dropped;
          for (let i = 0; i < book.fills.count; i++) makerFilled += book.fills.qty[i]!;
          for (const q of book.removed.qtys) stpRemoved += q;
        };
        for (const op of concretize(gen)) {
          const before = 'id' in op ? book.remainingOf(op.id) : -1;
          const r = apply(book, op);
          switch (op.k) {
            case 'limit':
            case 'market':
              if (r === OK) submit(op.qty);
              else expect(book.fills.count + book.rested + book.dropped + book.filled).toBe(0);
              break;
            case 'cancel':
              expect(r).toBe(before);
              if (r > 0) cancelled += r;
              break;
            case 'reduce':
              if (r >= 0) reduced += r;
              break;
            case 'execute':
              if (r >= 0) {
                expect(book.filled).toBe(r);
                executed += r;
              }
              break;
            case 'amend':
              if (r === AMEND_KEPT_PRIORITY) reduced += before - op.qty;
              else if (r === AMEND_REQUEUED) {
                cancelled += before;
                submit(op.qty);
              }
              break;
            case 'fillable':
              break;
          }
          // Every taker fill is also a maker fill: each traded lot leaves one submission on each side.
          expect(makerFilled).toBe(takerFilled);
          const resting = book.restingQty();
          expect(submitted).toBe(
            takerFilled + makerFilled + resting + cancelled + reduced + dropped + executed + stpRemoved,
          );
        }
      }),
      runs(200),
    );
  });

  it('fills each taker in price-time priority and reports makerLeft truthfully', () => {
    fc.assert(
      fc.property(genOps(MAX_OPS), (gen) => {
        const book = new OrderBook();
        const ref = new ReferenceBook();
        for (const op of concretize(gen)) {
          const side = takerSide(op, ref);
          // Arrival order of every live maker, before the taker arrives.
          const seq = new Map(ref.orders.map((o) => [o.id, o.seq]));
          apply(ref, op);
          const r = apply(book, op);
          if (side === null || !hasOutcome(op, r)) continue;
          const f = book.fills;
          for (let i = 1; i < f.count; i++) {
            const p0 = f.price[i - 1]!;
            const p1 = f.price[i]!;
            if (side === BUY) expect(p1).toBeGreaterThanOrEqual(p0);
            else expect(p1).toBeLessThanOrEqual(p0);
            if (p0 === p1) expect(seq.get(f.makerId[i]!)!).toBeGreaterThan(seq.get(f.makerId[i - 1]!)!);
            // Only the last maker of a sweep can be left partially filled.
            expect(f.makerLeft[i - 1]).toBe(0);
          }
          for (let i = 0; i < f.count; i++) {
            const id = f.makerId[i]!;
            expect(seq.has(id)).toBe(true);
            expect(book.remainingOf(id)).toBe(f.makerLeft[i]! === 0 ? -1 : f.makerLeft[i]);
          }
        }
      }),
      runs(200),
    );
  });

  it('is deterministic: the same operations give byte-identical outcomes', () => {
    const run = (ops: Op[]): string => {
      const book = new OrderBook({ capacity: 2 });
      const log = ops.map((op) => ({ r: apply(book, op), ...bookOutcome(book), budgetLeft: book.budgetLeft }));
      return JSON.stringify({ log, bids: fullDepth(book, BUY), asks: fullDepth(book, SELL) });
    };
    fc.assert(
      fc.property(genOps(MAX_OPS), (gen) => {
        const ops = concretize(gen);
        expect(run(ops)).toBe(run(ops));
      }),
      runs(100),
    );
  });

  it('liveOrders and restingQty agree with the sums over depth', () => {
    fc.assert(
      fc.property(genOps(MAX_OPS), (gen) => {
        const book = new OrderBook();
        for (const op of concretize(gen)) {
          apply(book, op);
          let orders = 0;
          let total = 0;
          for (const side of SIDES) {
            const d = fullDepth(book, side);
            const qty = d.reduce((s, l) => s + l.qty, 0);
            expect(book.restingQty(side)).toBe(qty);
            orders += d.reduce((s, l) => s + l.orders, 0);
            total += qty;
            for (const l of d) {
              const q = queueAt(book, side, l.price);
              expect(q.length).toBe(l.orders);
              expect(q.reduce((s, o) => s + o.qty, 0)).toBe(l.qty);
            }
          }
          expect(book.liveOrders).toBe(orders);
          expect(book.restingQty()).toBe(total);
        }
      }),
      runs(200),
    );
  });
});
