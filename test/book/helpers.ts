/** Small readers that turn OrderBook's typed-array outcome into plain objects for assertions. */
import { depth, levelOrders, type OrderBook, type QueuedOrder, type SideCode } from '../../src/book/index.js';
import type { RefFill, RefRemoved } from './reference-book.js';

export function fillsOf(book: OrderBook): RefFill[] {
  const f = book.fills;
  const out: RefFill[] = [];
  for (let i = 0; i < f.count; i++) {
    out.push({
      makerId: f.makerId[i]!,
      makerOwner: f.makerOwner[i]!,
      price: f.price[i]!,
      qty: f.qty[i]!,
      makerLeft: f.makerLeft[i]!,
    });
  }
  return out;
}

export function removedOf(book: OrderBook): RefRemoved[] {
  return book.removed.ids.map((id, i) => ({ id, qty: book.removed.qtys[i]! }));
}

export interface OutcomeSnapshot {
  fills: RefFill[];
  removed: RefRemoved[];
  filled: number;
  rested: number;
  dropped: number;
  dropReason: number;
}

export function outcomeOf(book: {
  filled: number;
  rested: number;
  dropped: number;
  dropReason: number;
}, fills: RefFill[], removed: RefRemoved[]): OutcomeSnapshot {
  return {
    fills,
    removed,
    filled: book.filled,
    rested: book.rested,
    dropped: book.dropped,
    dropReason: book.dropReason,
  };
}

export const bookOutcome = (book: OrderBook): OutcomeSnapshot => outcomeOf(book, fillsOf(book), removedOf(book));

/** Full depth of one side, best first. */
export const fullDepth = (book: OrderBook, side: SideCode) => depth(book, side, Number.MAX_SAFE_INTEGER);

/** The queue at one price, as an array. */
export const queueAt = (book: OrderBook, side: SideCode, price: number): QueuedOrder[] => [
  ...levelOrders(book, side, price),
];

/** Ids resting at one price, oldest first. */
export const idsAt = (book: OrderBook, side: SideCode, price: number): number[] =>
  queueAt(book, side, price).map((o) => o.id);
