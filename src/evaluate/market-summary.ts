/**
 * What happened in the market, from the event stream alone: counts by event
 * type and, per symbol, a price path of fixed-width bars (open, high, low,
 * close, volume, trades). Streaming and bounded: one bar per interval, no
 * event kept.
 */
import type { EventType, MarketEvent } from '../core/index.js';

export interface Bar {
  /** Start of the interval, sim ms. */
  t: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Lots traded. */
  qty: number;
  /** Quote units traded. */
  quote: number;
  trades: number;
  /** Lots bought by buy-side aggressors. */
  buyQty: number;
}

export interface MarketSummary {
  barMs: number;
  events: number;
  endTime: number;
  counts: Partial<Record<EventType, number>>;
  /** Per symbol: bars with at least one trade, in time order. */
  bars: Record<string, Bar[]>;
}

export class MarketSummaryBuilder {
  /** A counter object per type, so counting an event is one map lookup (a run feeds every event here). */
  private readonly counts = new Map<EventType, { n: number }>();
  private readonly bars = new Map<string, Bar[]>();
  /** The bars of the last symbol traded: trades come in runs on one symbol. */
  private lastSymbol: string | undefined = undefined;
  private lastBars: Bar[] = [];
  private events = 0;
  private endTime = 0;

  constructor(readonly barMs = 60_000) {}

  add(e: MarketEvent): void {
    this.events++;
    this.endTime = e.t;
    const count = this.counts.get(e.type);
    if (count === undefined) this.counts.set(e.type, { n: 1 });
    else count.n++;
    if (e.type !== 'trade') return;
    let list = this.lastBars;
    if (e.symbol !== this.lastSymbol) {
      list = this.bars.get(e.symbol) ?? [];
      this.bars.set(e.symbol, list);
      this.lastSymbol = e.symbol;
      this.lastBars = list;
    }
    const start = e.t - (e.t % this.barMs);
    let bar = list[list.length - 1];
    if (bar === undefined || bar.t !== start) {
      bar = { t: start, open: e.price, high: e.price, low: e.price, close: e.price, qty: 0, quote: 0, trades: 0, buyQty: 0 };
      list.push(bar);
    }
    if (e.price > bar.high) bar.high = e.price;
    if (e.price < bar.low) bar.low = e.price;
    bar.close = e.price;
    bar.qty += e.qty;
    bar.quote += e.quoteQty;
    bar.trades++;
    if (e.aggressor === 'buy') bar.buyQty += e.qty;
  }

  build(): MarketSummary {
    const counts: Partial<Record<EventType, number>> = {};
    for (const [k, v] of [...this.counts.entries()].sort((a, b) => a[0].localeCompare(b[0]))) counts[k] = v.n;
    const bars: Record<string, Bar[]> = {};
    for (const s of [...this.bars.keys()].sort()) bars[s] = this.bars.get(s)!;
    return { barMs: this.barMs, events: this.events, endTime: this.endTime, counts, bars };
  }
}
