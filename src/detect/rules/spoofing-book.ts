/**
 * The coarse picture of the book spoofing builds from the stream alone: per
 * symbol the resting lots and orders on each side and their time-weighted
 * average, per account its resting lots, per order what is left of it. Only
 * GTC limits seen in `order-accepted` are in it (see the header of
 * spoofing.ts for what that misses).
 */
import type { Side } from '../../core/index.js';

const AVG_STEP_MS = 250;

export interface Book {
  symbol: string;
  /** Resting lots and orders per side, from the orders this rule saw. */
  bidLots: number;
  askLots: number;
  bidOrders: number;
  askOrders: number;
  /** Time-weighted average depth per side (lots), so a maker's cancel-then-replace does not make its own new orders look large. */
  bidAvg: number;
  askAvg: number;
  avgT: number;
  last: number;
  /** Per account with resting orders here: its resting lots per side. */
  holders: Map<number, Holder>;
}

export interface Holder {
  account: number;
  /** Resting lots: [bids, asks]. */
  resting: [number, number];
  orders: number;
}

export interface Order {
  holder: Holder;
  book: Book;
  side: Side;
  price: number;
  qty: number;
  remaining: number;
  filled: number;
  t: number;
  seq: number;
  large: boolean;
}

/** Index of a side in a holder's resting lots and in a suspect's per-side sums. */
export const BUY = 0;
export const SELL = 1;
export const idx = (s: Side) => (s === 'buy' ? BUY : SELL);

/**
 * Advances the time-weighted depth averages to t with the depth that held since the last step. Called
 * before every change of the depth, at most once per AVG_STEP_MS, so a burst of cancels and new orders
 * within one step (a maker's requote) leaves the average at the depth before the burst.
 */
export function averageDepth(b: Book, t: number, depthAverageMs: number): void {
  if (b.avgT < 0) {
    b.bidAvg = b.bidLots;
    b.askAvg = b.askLots;
    b.avgT = t;
    return;
  }
  const dt = t - b.avgT;
  if (dt < AVG_STEP_MS) return;
  const f = Math.exp(-dt / depthAverageMs);
  b.bidAvg = b.bidLots + (b.bidAvg - b.bidLots) * f;
  b.askAvg = b.askLots + (b.askAvg - b.askLots) * f;
  b.avgT = t;
}

/** Removes lots from an order, its holder and its side of the book. */
export function takeLots(o: Order, lots: number): void {
  const q = Math.min(Math.max(0, lots), o.remaining);
  o.remaining -= q;
  o.holder.resting[idx(o.side)] -= q;
  if (o.side === 'buy') o.book.bidLots -= q;
  else o.book.askLots -= q;
}
