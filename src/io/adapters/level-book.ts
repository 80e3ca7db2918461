/**
 * An L2 (price level) feed as anonymous order events. L2 data says only "the
 * total at this price is now Q", so each change becomes orders in our book:
 *
 * - an increase rests a new anonymous order of the difference at the back of
 *   the level's queue;
 * - a decrease takes the difference off the level's newest orders first
 *   (cancelling whole orders, then reducing one, which keeps its place).
 *
 * Why newest first: a level's oldest quantity is the one that has waited
 * longest and stands first in line; most cancellations on real books hit
 * recently placed orders (quotes refreshed within seconds), and executions,
 * which do take from the front, are reported apart as trades. Taking from the
 * back keeps the long-resting part of a level stable, so queue positions read
 * from the stream stay meaningful. This is a modelling choice, not data: the
 * log header says so.
 *
 * A diff is applied decreases first, then increases, so a level that moves
 * across the spread inside one diff never meets its stale self; if an increase
 * would still cross the other side the feed is inconsistent and the caller is
 * told (the book must never match a replayed feed).
 */
import { BUY, OrderBook, type SideCode } from '../../book/index.js';
import type { ImportEvents } from './import-events.js';
import { levelQty, ordersNewestFirst, sideName, wouldCross } from './book-levels.js';

export interface LevelChange {
  side: SideCode;
  price: number;
  /** The new total at this price; 0 removes the level. */
  qty: number;
}

export class LevelBook {
  readonly book = new OrderBook({ capacity: 8192 });
  private nextId = 1;

  constructor(
    private readonly ev: ImportEvents,
    /** What synthetic orders are called in clientOrderId (null to leave it empty). */
    private readonly tag: string | null = null,
  ) {}

  /**
   * Applies one diff (or snapshot) at time t.
   * @returns a description of the first change that would cross the book, or null when all applied
   */
  apply(t: number, changes: readonly LevelChange[]): string | null {
    for (const c of changes) {
      const have = levelQty(this.book, c.side, c.price);
      if (c.qty < have) this.decrease(t, c.side, c.price, have - c.qty);
    }
    for (const c of changes) {
      const have = levelQty(this.book, c.side, c.price);
      if (c.qty > have) {
        if (wouldCross(this.book, c.side, c.price)) {
          const other = c.side === BUY ? this.book.bestAsk() : this.book.bestBid();
          return `${sideName(c.side)} level ${c.price} would cross the best ${c.side === BUY ? 'ask' : 'bid'} ${other}`;
        }
        const id = this.nextId++;
        this.book.limit(id, c.side, c.price, c.qty - have);
        this.ev.order(t, id, sideName(c.side), c.price, c.qty - have, this.tag);
      }
    }
    return null;
  }

  private decrease(t: number, side: SideCode, price: number, by: number): void {
    let left = by;
    for (const o of ordersNewestFirst(this.book, side, price)) {
      if (left === 0) break;
      if (o.qty <= left) {
        this.book.cancel(o.id);
        this.ev.cancel(t, o.id, sideName(side), price, o.qty);
        left -= o.qty;
      } else {
        this.book.reduce(o.id, left);
        this.ev.amend(t, o.id, price, o.qty - left, true);
        left = 0;
      }
    }
  }
}
