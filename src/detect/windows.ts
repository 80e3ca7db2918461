/**
 * Rolling windows over one symbol's trades: a shared, allocation-free helper
 * for rules that compare "what happened in the last few seconds" with "what
 * is normal for this symbol" (rush-orders and price-volume use it; any rule
 * that needs the same counters can). The small pieces those rules also share
 * have their own files: alert-pace.ts, account-slots.ts, per-symbol.ts,
 * explain.ts. The counters and the window spec are in window-spec.ts, the
 * baseline clock in window-baseline.ts (SymbolWindows extends it); the short
 * windows are here.
 *
 * Two clocks, both bucketed:
 *
 * - **Short windows** (e.g. 5, 15, 25 s): a ring of short buckets (e.g. 1 s)
 *   holding per-bucket counters (`Field`: trades, buy-aggressor trades, buy
 *   and sell taker orders, volume, quote volume, bought quote volume). Each
 *   window's sums are kept up to date incrementally (add on a trade,
 *   subtract the bucket that leaves the window when time moves on), so
 *   `sum(w, field)` is O(1). Windows are aligned to bucket boundaries and
 *   include the current, partly filled bucket: a 25 s window with 1 s buckets
 *   covers between 24 and 25 s of trades. Prices (first, last, high, low per
 *   bucket) are not summable, so `high`/`low`/`open`/`refPrice` scan the
 *   window's buckets: O(window length in buckets). Call them only once a
 *   cheap test on the sums has passed.
 * - **Baseline** (e.g. 1 h): a ring of long buckets (e.g. 60 x 1 min). When a
 *   long bucket completes, its numbers go into the ring and the baseline is
 *   recomputed from the ring (O(ring x fields x windows), once per long
 *   bucket, not per trade). The baseline holds completed long buckets only,
 *   so a burst does not raise its own baseline while it is going on. Long
 *   buckets without trades count as zeros: the baseline is "per unit of time
 *   observed", not "per active minute". Three views of it:
 *   1. per long bucket (`baselineMean`, `baselineVar`, `baselineAbsReturn`):
 *      how much trades per minute, and how far the price moves per minute;
 *      `expected`/`expectedVar` scale them linearly to another span (exact for
 *      a Poisson flow);
 *   2. the short windows themselves (`windowMean`, `windowVar`): each
 *      window's sliding sum sampled at every short-bucket close, so the
 *      flow's real clustering is in it (bots and self-exciting flow make
 *      small bursts far more often than a Poisson flow of the same rate);
 *   3. bursts (`peakMean`, `peakVar`, `peakMax`): per long bucket, the
 *      largest sliding sum the window reached in it: "how big do bursts get
 *      here, minute by minute". On the real Binance pump data in
 *      ../shared/realdata this is the view that tells a pump from ordinary
 *      bot clusters best (see rules/rush-orders.ts).
 *
 * Numbers: counters are float64 holding integers (trades, lots, quote units),
 * exact up to 2^53, so adding and subtracting never drifts.
 *
 * Taker orders ("rush orders" when they buy): consecutive trades of one taker
 * order are one order. `addTrade` groups a trade with the previous one when
 * it has the same taker order id, or (for real data whose order ids are
 * synthetic per trade, as in Binance aggregate trades) the same millisecond
 * and aggressor side, the grouping La Morgia et al. use to rebuild market
 * orders from the tape. Two distinct orders in the same millisecond are then
 * counted once: an undercount, which errs on the side of silence.
 *
 * Memory per symbol: typed arrays sized at construction (short ring x fields
 * and prices; long ring x fields x windows x 3); nothing grows with the
 * stream. Time must not go back (events are in sequence order).
 */
import type { EventOf } from '../core/index.js';
import { FIELD_COUNT, Field, type FieldIndex, type WindowSpec, windowLengths } from './window-spec.js';
import { WindowBaseline } from './window-baseline.js';

const nextPow2 = (n: number) => {
  let p = 1;
  while (p < n) p *= 2;
  return p;
};

/**
 * Rolling counters of one symbol. Feed it the symbol's trades in time order
 * (`addTrade`, or `add` for data in other shapes); call `advance(t)` to move
 * time without a trade. Queries refer to the time of the last call.
 */
export class SymbolWindows extends WindowBaseline {
  /** Short window lengths, in buckets. */
  readonly lens: Int32Array;
  /** Longest short window, in buckets. */
  private readonly maxLen: number;
  private readonly mask: number;
  /** Per short bucket: counters (ring x FIELD_COUNT), absolute bucket number, and prices. */
  private readonly vals: Float64Array;
  private readonly stamp: Float64Array;
  private readonly pFirst: Float64Array;
  private readonly pLast: Float64Array;
  private readonly pHigh: Float64Array;
  private readonly pLow: Float64Array;
  /** The symbol's last price before each short bucket's first trade. */
  private readonly pPrev: Float64Array;
  /** Per short window: running sums (windows x FIELD_COUNT). */
  private readonly sums: Float64Array;
  /** Absolute number of the current short bucket (-1 before the first event). */
  private cur = -1;

  /** Time of the first event seen (ms), -1 before. */
  firstT = -1;
  /** Time of the last event seen (ms). */
  lastT = 0;
  /** Last traded price (ticks), 0 before the first trade. */
  lastPrice = 0;
  /** Sequence number of the last trade. */
  lastSeq = -1;
  /** Taker grouping state (see `addTrade`). */
  private lastTakerOrder = -1;
  private lastTakerT = -1;
  private lastAggressorBuy = false;

  constructor(spec: WindowSpec) {
    const lens = windowLengths(spec);
    super(spec, lens.length);
    this.lens = lens;
    this.maxLen = Math.max(...this.lens);
    const ring = nextPow2(this.maxLen + 1);
    this.mask = ring - 1;
    this.vals = new Float64Array(ring * FIELD_COUNT);
    this.stamp = new Float64Array(ring).fill(-1);
    this.pFirst = new Float64Array(ring);
    this.pLast = new Float64Array(ring);
    this.pHigh = new Float64Array(ring);
    this.pLow = new Float64Array(ring);
    this.pPrev = new Float64Array(ring);
    this.sums = new Float64Array(this.lens.length * FIELD_COUNT);
  }

  /**
   * Adds one trade event, grouping it into taker orders (see the file
   * header): a trade starts a new taker order unless it has the previous
   * trade's taker order id, or its millisecond and aggressor side.
   * Returns true when the trade started a new taker order.
   */
  addTrade(e: EventOf<'trade'>): boolean {
    const buy = e.aggressor === 'buy';
    const sameOrder = e.takerOrder === this.lastTakerOrder || (e.t === this.lastTakerT && buy === this.lastAggressorBuy);
    this.lastTakerOrder = e.takerOrder;
    this.lastTakerT = e.t;
    this.lastAggressorBuy = buy;
    this.add(e.t, e.price, e.qty, e.quoteQty, buy, !sameOrder);
    this.lastSeq = e.seq;
    return !sameOrder;
  }

  /**
   * Adds one trade: time (ms), price (ticks), quantity (lots), quote (quote
   * units), whether the aggressor bought, and whether it starts a new taker
   * order. Times must not go back.
   */
  add(t: number, price: number, qty: number, quote: number, buy: boolean, newOrder: boolean): void {
    this.advance(t);
    const s = this.cur & this.mask;
    const o = s * FIELD_COUNT;
    const v = this.vals;
    if (v[o + Field.trades] === 0) {
      this.pFirst[s] = price;
      this.pHigh[s] = price;
      this.pLow[s] = price;
      this.pPrev[s] = this.lastPrice;
    } else {
      if (price > this.pHigh[s]!) this.pHigh[s] = price;
      if (price < this.pLow[s]!) this.pLow[s] = price;
    }
    this.pLast[s] = price;
    const bo = newOrder && buy ? 1 : 0;
    const so = newOrder && !buy ? 1 : 0;
    const bq = buy ? quote : 0;
    const bt = buy ? 1 : 0;
    v[o + Field.trades]! += 1;
    v[o + Field.buys]! += bt;
    v[o + Field.buyOrders]! += bo;
    v[o + Field.sellOrders]! += so;
    v[o + Field.volume]! += qty;
    v[o + Field.quote]! += quote;
    v[o + Field.buyQuote]! += bq;
    const sums = this.sums;
    for (let w = 0, q = 0; w < this.lens.length; w++, q += FIELD_COUNT) {
      sums[q + Field.trades]! += 1;
      sums[q + Field.buys]! += bt;
      sums[q + Field.buyOrders]! += bo;
      sums[q + Field.sellOrders]! += so;
      sums[q + Field.volume]! += qty;
      sums[q + Field.quote]! += quote;
      sums[q + Field.buyQuote]! += bq;
    }
    const c = this.curLong;
    c[Field.trades]! += 1;
    c[Field.buys]! += bt;
    c[Field.buyOrders]! += bo;
    c[Field.sellOrders]! += so;
    c[Field.volume]! += qty;
    c[Field.quote]! += quote;
    c[Field.buyQuote]! += bq;
    this.curLongClose = price;
    this.lastPrice = price;
  }

  /** Moves time to t (ms) without a trade: buckets that leave the windows are dropped. */
  advance(t: number): void {
    if (this.firstT < 0) this.firstT = t;
    if (t > this.lastT) this.lastT = t;
    const b = Math.floor(t / this.bucketMs);
    if (b > this.cur) this.rollShort(b);
    const lb = Math.floor(t / this.baselineBucketMs);
    if (lb > this.curLongIdx) this.rollLong(lb);
  }

  private rollShort(b: number): void {
    const sums = this.sums;
    if (this.cur >= 0) {
      // Close bucket cur and every bucket up to b - 1, sampling the window sums at each close;
      // after maxLen closes every window is empty and the remaining samples are zeros.
      this.sample(this.cur, sums);
      const lens = this.lens;
      const stop = Math.min(b, this.cur + this.maxLen);
      for (let next = this.cur + 1; next <= stop; next++) {
        for (let w = 0; w < lens.length; w++) {
          const leaving = next - lens[w]!;
          const s = leaving & this.mask;
          if (this.stamp[s] !== leaving) continue;
          const o = s * FIELD_COUNT;
          const q = w * FIELD_COUNT;
          for (let f = 0; f < FIELD_COUNT; f++) sums[q + f]! -= this.vals[o + f]!;
        }
        if (next < b) this.sample(next, sums);
      }
      if (b > stop) sums.fill(0);
    }
    this.cur = b;
    const s = b & this.mask;
    if (this.stamp[s] !== b) {
      this.stamp[s] = b;
      this.vals.fill(0, s * FIELD_COUNT, (s + 1) * FIELD_COUNT);
    }
  }

  // ---- short windows -------------------------------------------------------

  /** Number of short windows. */
  get windowCount(): number {
    return this.lens.length;
  }

  /** Length of short window w, ms. */
  windowMs(w: number): number {
    return this.lens[w]! * this.bucketMs;
  }

  /** Sum of a counter over short window w (ending at the current bucket). O(1). */
  sum(w: number, field: FieldIndex): number {
    return this.sums[w * FIELD_COUNT + field]!;
  }

  /** Highest price traded in window w, 0 when it has no trade. O(window buckets). */
  high(w: number): number {
    let h = 0;
    for (let i = 0, b = this.cur; i < this.lens[w]!; i++, b--) {
      const s = b & this.mask;
      if (this.stamp[s] === b && this.vals[s * FIELD_COUNT]! > 0 && this.pHigh[s]! > h) h = this.pHigh[s]!;
    }
    return h;
  }

  /** Lowest price traded in window w, 0 when it has no trade. O(window buckets). */
  low(w: number): number {
    let l = 0;
    for (let i = 0, b = this.cur; i < this.lens[w]!; i++, b--) {
      const s = b & this.mask;
      if (this.stamp[s] === b && this.vals[s * FIELD_COUNT]! > 0 && (l === 0 || this.pLow[s]! < l)) l = this.pLow[s]!;
    }
    return l;
  }

  /** First price traded in window w, 0 when it has no trade. O(window buckets). */
  open(w: number): number {
    const s = this.firstBucketSlot(w);
    return s < 0 ? 0 : this.pFirst[s]!;
  }

  /**
   * Reference price of window w: the symbol's last price before the window's
   * first trade (the close before the window, as a candle would open), or the
   * window's first price when nothing traded before it; with no trade in the
   * window, the last price. 0 before any trade. O(window buckets).
   */
  refPrice(w: number): number {
    const s = this.firstBucketSlot(w);
    if (s < 0) return this.lastPrice;
    const prev = this.pPrev[s]!;
    return prev > 0 ? prev : this.pFirst[s]!;
  }

  /** Slot of the earliest bucket in window w that has a trade, or -1. */
  private firstBucketSlot(w: number): number {
    const len = this.lens[w]!;
    for (let b = this.cur - len + 1; b <= this.cur; b++) {
      const s = b & this.mask;
      if (this.stamp[s] === b && this.vals[s * FIELD_COUNT]! > 0) return s;
    }
    return -1;
  }

  /** Time observed since the first event, ms. */
  get historyMs(): number {
    return this.firstT < 0 ? 0 : this.lastT - this.firstT;
  }
}

/**
 * Counting z-score with a floor: (x - mean) / sqrt(max(variance, floor)),
 * where `floor` keeps a dead market (mean and variance near 0) from turning
 * every trade into an infinite anomaly. Returns 0 when x <= mean.
 */
export function flooredZ(x: number, mean: number, variance: number, floor: number): number {
  if (x <= mean) return 0;
  return (x - mean) / Math.sqrt(variance > floor ? variance : floor);
}
