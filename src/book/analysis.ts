/**
 * Read-only queries over a book: depth snapshots, one level's queue, and how
 * much it takes to move the price. Pure functions; nothing here changes the book.
 */
import { BUY, NIL, type SideCode } from './constants.js';
import type { OrderBook } from './order-book.js';

export interface DepthLevel {
  price: number;
  qty: number;
  orders: number;
}

/** The top `n` levels of one side, best first (an L2 snapshot). */
export function depth(book: OrderBook, side: SideCode, n: number): DepthLevel[] {
  const ladder = side === BUY ? book.bids : book.asks;
  const L = book.levels;
  const out: DepthLevel[] = [];
  for (let i = ladder.n - 1; i >= 0 && out.length < n; i--) {
    const lvl = ladder.sorted[i]!;
    out.push({ price: L.price[lvl]!, qty: L.qty[lvl]!, orders: L.count[lvl]! });
  }
  return out;
}

export interface QueuedOrder {
  id: number;
  qty: number;
  owner: number;
}

/** The orders resting at one price, in queue order (the next to fill first). */
export function* levelOrders(book: OrderBook, side: SideCode, price: number): Generator<QueuedOrder> {
  const lvl = (side === BUY ? book.bids : book.asks).byPrice.get(price);
  if (lvl === NIL) return;
  const O = book.orders;
  for (let o = book.levels.head[lvl]!; o !== NIL; o = O.next[o]!) {
    yield { id: O.id[o]!, qty: O.qty[o]!, owner: O.owner[o]! };
  }
}

export interface PriceImpact {
  /** Lots a market order must take to move the touch by at least the given percentage. */
  qty: number;
  /** The price the touch must reach: best * (1 +/- pct/100), rounded away from the touch to a whole tick. */
  target: number;
  /** False when the side holds too little to get there (qty is then everything on it). */
  reached: boolean;
}

/**
 * How many lots a market order on `takerSide` must take to move the opposite
 * best price by `pct` percent: a buy lifts the best ask to at least
 * ask * (1 + pct/100), a sell pushes the best bid down to at most
 * bid * (1 - pct/100). A thin book is one where this is small.
 * Returns null when the opposite side is empty.
 */
export function quantityToMove(book: OrderBook, takerSide: SideCode, pct: number): PriceImpact | null {
  const buying = takerSide === BUY;
  const ladder = buying ? book.asks : book.bids;
  if (ladder.n === 0) return null;
  const L = book.levels;
  const best = L.price[ladder.sorted[ladder.n - 1]!]!;
  // Multiply before dividing: best * (1 + pct/100) carries float error (100 * 1.1 = 110.00000000000001).
  const target = buying ? Math.ceil((best * (100 + pct)) / 100) : Math.floor((best * (100 - pct)) / 100);
  let qty = 0;
  for (let i = ladder.n - 1; i >= 0; i--) {
    const lvl = ladder.sorted[i]!;
    const p = L.price[lvl]!;
    if (buying ? p >= target : p <= target) return { qty, target, reached: true };
    qty += L.qty[lvl]!;
  }
  return { qty, target, reached: false };
}
