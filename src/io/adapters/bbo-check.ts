/**
 * Checks a replayed book against Binance bookTicker messages. A bookTicker
 * carries the update id `u` of the book state it shows. Our book is known
 * exactly only at a diff's final id, so a ticker is compared when its `u` is
 * the final id of a diff we applied (or the snapshot's lastUpdateId); a ticker
 * between two diff ends is "not covered" and counted apart, never guessed.
 *
 * Tickers usually arrive before the 100 ms diff that covers them, so they wait
 * in a short queue; book tops of recent diffs are kept for tickers that arrive
 * late. Both are bounded.
 */
import { BUY, type OrderBook, SELL } from '../../book/index.js';
import { levelQty } from './book-levels.js';

/** Best bid price and lots, best ask price and lots. */
type Top = readonly [number, number, number, number];

interface Ticker {
  row: number;
  u: number;
  top: Top;
}

/** Diff ends remembered for late tickers. */
const KEEP_TOPS = 4096;

export class BboCheck {
  compared = 0;
  mismatches = 0;
  uncovered = 0;
  readonly examples: string[] = [];
  private readonly tops = new Map<number, Top>();
  private readonly waiting: Ticker[] = [];
  private last = -1;

  constructor(private readonly file: string) {}

  /** The book now reflects every update up to `u`. */
  reached(u: number, book: OrderBook): void {
    const bid = book.bestBid();
    const ask = book.bestAsk();
    const top: Top = [bid, bid === 0 ? 0 : levelQty(book, BUY, bid), ask, ask === 0 ? 0 : levelQty(book, SELL, ask)];
    this.tops.set(u, top);
    if (this.tops.size > KEEP_TOPS) this.tops.delete(this.tops.keys().next().value!);
    this.last = u;
    let i = 0;
    while (i < this.waiting.length && this.waiting[i]!.u <= u) this.settle(this.waiting[i++]!);
    if (i > 0) this.waiting.splice(0, i);
  }

  ticker(row: number, u: number, top: Top): void {
    const t = { row, u, top };
    if (u <= this.last) this.settle(t);
    else this.waiting.push(t);
  }

  /** Tickers still waiting at the end were never covered. */
  finish(): void {
    this.uncovered += this.waiting.length;
    this.waiting.length = 0;
  }

  private settle(t: Ticker): void {
    const ours = this.tops.get(t.u);
    if (ours === undefined) {
      this.uncovered++;
      return;
    }
    this.compared++;
    if (ours.some((v, i) => v !== t.top[i])) {
      this.mismatches++;
      if (this.examples.length < 5) this.examples.push(`${this.file}:${t.row}: bookTicker u ${t.u} shows ${t.top.join('/')}, our book ${ours.join('/')} (bid/qty/ask/qty)`);
    }
  }
}
