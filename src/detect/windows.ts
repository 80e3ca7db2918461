/**
 * Rolling windows over one symbol's trades: a shared, allocation-free helper
 * for rules that compare "what happened in the last few seconds" with "what
 * is normal for this symbol" (rush-orders and price-volume use it; any rule
 * that needs the same counters can). The small pieces those rules also share
 * have their own files: alert-pace.ts, account-slots.ts, per-symbol.ts,
 * explain.ts.
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

/** Index of a summable counter kept per bucket and per window. */
export const Field = {
  /** Trades. */
  trades: 0,
  /** Trades whose aggressor (taker) bought. */
  buys: 1,
  /** Buy taker orders ("rush orders"): trades that start a new buy taker order. */
  buyOrders: 2,
  /** Sell taker orders. */
  sellOrders: 3,
  /** Quantity traded, lots. */
  volume: 4,
  /** Quote traded, quote units. */
  quote: 5,
  /** Quote traded by buy-aggressor trades, quote units. */
  buyQuote: 6,
} as const;
export type FieldIndex = (typeof Field)[keyof typeof Field];
/** Number of summable counters. */
export const FIELD_COUNT = 7;

/** Shape of the windows; every value in milliseconds. */
export interface WindowSpec {
  /** Width of a short bucket, ms (e.g. 1000). The resolution of the short windows. */
  bucketMs: number;
  /** Short window lengths, ms, each a positive multiple of `bucketMs` (e.g. [5000, 15000, 25000]). */
  windowsMs: readonly number[];
  /** Width of a baseline bucket, ms (e.g. 60000). */
  baselineBucketMs: number;
  /** Number of baseline buckets in the moving baseline (e.g. 60, for one hour of 1 min buckets). */
  baselineBuckets: number;
}

/** Validates a spec and returns the short window lengths in buckets. */
function windowLengths(spec: WindowSpec): Int32Array {
  const ok = (x: number) => Number.isInteger(x) && x > 0;
  if (!ok(spec.bucketMs) || !ok(spec.baselineBucketMs) || !ok(spec.baselineBuckets) || spec.windowsMs.length === 0) {
    throw new Error('window spec: bucketMs, baselineBucketMs, baselineBuckets must be positive integers, windowsMs non-empty');
  }
  if (spec.baselineBucketMs % spec.bucketMs !== 0) throw new Error(`window spec: baselineBucketMs ${spec.baselineBucketMs} is not a multiple of bucketMs ${spec.bucketMs}`);
  const lens = new Int32Array(spec.windowsMs.length);
  spec.windowsMs.forEach((w, i) => {
    if (!ok(w) || w % spec.bucketMs !== 0) throw new Error(`window spec: window ${w} ms is not a positive multiple of ${spec.bucketMs} ms`);
    lens[i] = w / spec.bucketMs;
  });
  return lens;
}

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
export class SymbolWindows {
  /** Short window lengths, in buckets. */
  readonly lens: Int32Array;
  readonly bucketMs: number;
  readonly baselineBucketMs: number;
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

  /** Long (baseline) ring. */
  private readonly nLong: number;
  private readonly lVals: Float64Array;
  private readonly lAbsRet: Float64Array;
  private readonly lStamp: Float64Array;
  private readonly curLong = new Float64Array(FIELD_COUNT);
  private curLongIdx = -1;
  private curLongClose = 0;
  /** Close of the last long bucket that had a trade. */
  private prevClose = 0;
  private firstLongIdx = -1;
  private readonly bMean = new Float64Array(FIELD_COUNT);
  private readonly bVar = new Float64Array(FIELD_COUNT);
  /**
   * Short-window statistics (index (w * FIELD_COUNT + field) * 3 + k): for
   * the current long bucket and per ring slot, k = 0 sum of the window's
   * sliding sum sampled at every short-bucket close, k = 1 sum of squares,
   * k = 2 peak (largest sample).
   */
  private readonly curWS: Float64Array;
  private readonly lWS: Float64Array;
  /** Baseline of the sampled short-window sums, per (w * FIELD_COUNT + field). */
  private readonly wMean: Float64Array;
  private readonly wVar: Float64Array;
  private readonly pkMean: Float64Array;
  private readonly pkVar: Float64Array;
  private readonly pkMax: Float64Array;
  /** Short buckets per long bucket. */
  private readonly perLong: number;
  /** Bumped whenever the baseline is recomputed (callers may cache what they derive from it). */
  baselineVersion = 0;
  private bAbsRet = 0;
  private bCovered = 0;

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
    this.lens = windowLengths(spec);
    this.bucketMs = spec.bucketMs;
    this.baselineBucketMs = spec.baselineBucketMs;
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
    this.nLong = spec.baselineBuckets;
    this.lVals = new Float64Array(this.nLong * FIELD_COUNT);
    this.lAbsRet = new Float64Array(this.nLong);
    this.lStamp = new Float64Array(this.nLong).fill(-1);
    const wf = this.lens.length * FIELD_COUNT;
    this.curWS = new Float64Array(wf * 3);
    this.lWS = new Float64Array(this.nLong * wf * 3);
    this.wMean = new Float64Array(wf);
    this.wVar = new Float64Array(wf);
    this.pkMean = new Float64Array(wf);
    this.pkVar = new Float64Array(wf);
    this.pkMax = new Float64Array(wf);
    this.perLong = spec.baselineBucketMs / spec.bucketMs;
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
      this.sample(this.cur);
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
        if (next < b) this.sample(next);
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

  /** Records the window sums as they stand at the close of short bucket c, in c's long bucket. */
  private sample(c: number): void {
    const lc = Math.floor((c * this.bucketMs) / this.baselineBucketMs);
    if (lc > this.curLongIdx) this.rollLong(lc);
    const sums = this.sums;
    const ws = this.curWS;
    for (let i = 0; i < sums.length; i++) {
      const x = sums[i]!;
      if (x === 0) continue;
      const k = i * 3;
      ws[k]! += x;
      ws[k + 1]! += x * x;
      if (x > ws[k + 2]!) ws[k + 2] = x;
    }
  }

  private rollLong(lb: number): void {
    if (this.curLongIdx >= 0) {
      // Close the current long bucket into the ring.
      const idx = this.curLongIdx;
      const s = idx % this.nLong;
      const c = this.curLong;
      const o = s * FIELD_COUNT;
      for (let f = 0; f < FIELD_COUNT; f++) this.lVals[o + f] = c[f]!;
      let ret = 0;
      if (c[Field.trades]! > 0) {
        if (this.prevClose > 0) ret = Math.abs(Math.log(this.curLongClose / this.prevClose));
        this.prevClose = this.curLongClose;
      }
      this.lAbsRet[s] = ret;
      this.lStamp[s] = idx;
      c.fill(0);
      this.lWS.set(this.curWS, s * this.curWS.length);
      this.curWS.fill(0);
    } else {
      this.firstLongIdx = lb;
    }
    this.curLongIdx = lb;
    this.recomputeBaseline();
  }

  /** Mean and variance per long bucket over the completed long buckets in the ring. */
  private recomputeBaseline(): void {
    const n = this.nLong;
    const covered = Math.min(n, this.curLongIdx - this.firstLongIdx);
    this.bCovered = covered;
    const mean = this.bMean;
    const vr = this.bVar;
    mean.fill(0);
    vr.fill(0);
    this.bAbsRet = 0;
    this.wMean.fill(0);
    this.wVar.fill(0);
    this.pkMean.fill(0);
    this.pkVar.fill(0);
    this.pkMax.fill(0);
    this.baselineVersion++;
    if (covered <= 0) return;
    const oldest = this.curLongIdx - covered;
    let absRet = 0;
    let present = 0;
    for (let s = 0; s < n; s++) {
      const st = this.lStamp[s]!;
      if (st < oldest || st >= this.curLongIdx) continue;
      present++;
      const o = s * FIELD_COUNT;
      for (let f = 0; f < FIELD_COUNT; f++) mean[f]! += this.lVals[o + f]!;
      absRet += this.lAbsRet[s]!;
    }
    for (let f = 0; f < FIELD_COUNT; f++) mean[f]! /= covered;
    for (let s = 0; s < n; s++) {
      const st = this.lStamp[s]!;
      if (st < oldest || st >= this.curLongIdx) continue;
      const o = s * FIELD_COUNT;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const d = this.lVals[o + f]! - mean[f]!;
        vr[f]! += d * d;
      }
    }
    // Long buckets in the covered span that are not in the ring had no trade: zeros.
    const empty = covered - present;
    for (let f = 0; f < FIELD_COUNT; f++) vr[f] = (vr[f]! + empty * mean[f]! * mean[f]!) / covered;
    this.bAbsRet = absRet / covered;
    this.recomputeWindowStats(oldest, covered);
  }

  /** Baseline of the sampled short-window sums and of their per-long-bucket peaks. */
  private recomputeWindowStats(oldest: number, covered: number): void {
    const wf = this.wMean.length;
    const stride = wf * 3;
    const sx = this.wMean; // sums first, then turned into means
    const sxx = this.wVar;
    const pk = this.pkMean;
    const pkk = this.pkVar;
    const pmax = this.pkMax;
    for (let s = 0; s < this.nLong; s++) {
      const st = this.lStamp[s]!;
      if (st < oldest || st >= this.curLongIdx) continue;
      const o = s * stride;
      for (let i = 0; i < wf; i++) {
        const k = o + i * 3;
        sx[i]! += this.lWS[k]!;
        sxx[i]! += this.lWS[k + 1]!;
        const p = this.lWS[k + 2]!;
        pk[i]! += p;
        pkk[i]! += p * p;
        if (p > pmax[i]!) pmax[i] = p;
      }
    }
    const n = covered * this.perLong;
    for (let i = 0; i < wf; i++) {
      const m = sx[i]! / n;
      sx[i] = m;
      sxx[i] = Math.max(0, sxx[i]! / n - m * m);
      const pm = pk[i]! / covered;
      pk[i] = pm;
      pkk[i] = Math.max(0, pkk[i]! / covered - pm * pm);
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

  // ---- baseline ------------------------------------------------------------

  /** Completed long buckets the baseline rests on (0 .. baselineBuckets). */
  get baselineCovered(): number {
    return this.bCovered;
  }

  /** Time observed since the first event, ms. */
  get historyMs(): number {
    return this.firstT < 0 ? 0 : this.lastT - this.firstT;
  }

  /** Mean of a counter per long bucket over the baseline (0 while it is empty). */
  baselineMean(field: FieldIndex): number {
    return this.bMean[field]!;
  }

  /** Variance of a counter per long bucket over the baseline (population variance). */
  baselineVar(field: FieldIndex): number {
    return this.bVar[field]!;
  }

  /** Mean absolute log return per long bucket over the baseline (close to previous close; 0 for a bucket without trades). */
  get baselineAbsReturn(): number {
    return this.bAbsRet;
  }

  /**
   * Baseline mean of short window w's sum of a counter: the window's sliding
   * sum sampled at every short-bucket close over the baseline (empty times
   * count as zeros). Unlike `expected`, this sees the flow's real burstiness.
   */
  windowMean(w: number, field: FieldIndex): number {
    return this.wMean[w * FIELD_COUNT + field]!;
  }

  /** Baseline variance of short window w's sum of a counter, sampled as in `windowMean`. */
  windowVar(w: number, field: FieldIndex): number {
    return this.wVar[w * FIELD_COUNT + field]!;
  }

  /** Mean over the baseline's long buckets of the largest sum of short window w in each (empty buckets count as 0). */
  peakMean(w: number, field: FieldIndex): number {
    return this.pkMean[w * FIELD_COUNT + field]!;
  }

  /** Variance over the baseline's long buckets of the largest sum of short window w in each. */
  peakVar(w: number, field: FieldIndex): number {
    return this.pkVar[w * FIELD_COUNT + field]!;
  }

  /** Largest sum of short window w seen in any long bucket of the baseline. */
  peakMax(w: number, field: FieldIndex): number {
    return this.pkMax[w * FIELD_COUNT + field]!;
  }

  /** Baseline mean of a counter scaled to a span of `ms`: mean x ms / baselineBucketMs. */
  expected(ms: number, field: FieldIndex): number {
    return (this.bMean[field]! * ms) / this.baselineBucketMs;
  }

  /** Baseline variance of a counter scaled to a span of `ms`: var x ms / baselineBucketMs (see the file header). */
  expectedVar(ms: number, field: FieldIndex): number {
    return (this.bVar[field]! * ms) / this.baselineBucketMs;
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
