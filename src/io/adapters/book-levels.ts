/**
 * Level-wise helpers over the core OrderBook for replaying real feeds: the
 * aggregate at one price, the orders resting there, and a check before resting
 * an order that it would not cross (the book would match it, which a replay of
 * an already-matched feed must never do). Read-only over the book's public
 * arrays; every change still goes through OrderBook's own methods.
 */
import { BUY, NIL, type OrderBook, type SideCode } from '../../book/index.js';
import type { Side } from '../../core/index.js';

export const sideName = (s: SideCode): Side => (s === BUY ? 'buy' : 'sell');

/** Lots resting at `price` on `side` (0 when there is no level). */
export function levelQty(book: OrderBook, side: SideCode, price: number): number {
  const lvl = (side === BUY ? book.bids : book.asks).byPrice.get(price);
  return lvl === NIL ? 0 : book.levels.qty[lvl]!;
}

/** Ids and quantities of the orders at one level, newest (back of the queue) first. */
export function ordersNewestFirst(book: OrderBook, side: SideCode, price: number): { id: number; qty: number }[] {
  const lvl = (side === BUY ? book.bids : book.asks).byPrice.get(price);
  const out: { id: number; qty: number }[] = [];
  if (lvl === NIL) return out;
  const O = book.orders;
  for (let o = book.levels.tail[lvl]!; o !== NIL; o = O.prev[o]!) out.push({ id: O.id[o]!, qty: O.qty[o]! });
  return out;
}

/** How many levels `side` has. */
export function levelCount(book: OrderBook, side: SideCode): number {
  return (side === BUY ? book.bids : book.asks).n;
}

/** The price of the level at `rank` on `side`: 0 is the best, levelCount - 1 the worst. */
export function priceAtRank(book: OrderBook, side: SideCode, rank: number): number {
  const ladder = side === BUY ? book.bids : book.asks;
  return book.levels.price[ladder.sorted[ladder.n - 1 - rank]!]!;
}

/** True when a `side` order at `price` would trade against the other side. */
export function wouldCross(book: OrderBook, side: SideCode, price: number): boolean {
  if (side === BUY) {
    const a = book.bestAsk();
    return a !== 0 && a <= price;
  }
  const b = book.bestBid();
  return b !== 0 && b >= price;
}
