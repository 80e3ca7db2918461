/** The pre-burst price of a symbol: what "a premium over the market" is measured against. */

/**
 * The reference ("pre-burst") price of a symbol: per-bucket closing prices over
 * a look-back, current bucket excluded, so a burst does not move its own
 * reference. `low()` is the lowest close (the reference for buy-side premiums),
 * `high()` the highest (for sell-side discounts). Fixed memory.
 */
export class PriceReference {
  private readonly index: Float64Array;
  private readonly close: Float64Array;
  private readonly bucketMs: number;
  private cachedBucket = -1;
  private cachedLow = 0;
  private cachedHigh = 0;
  /** Last trade price, ticks (0 before the first trade). */
  last = 0;
  /** Time of the last trade, ms. */
  lastT = -1;

  constructor(
    windowMs: number,
    private readonly buckets: number,
  ) {
    this.bucketMs = Math.max(1, Math.floor(windowMs / buckets));
    this.index = new Float64Array(buckets).fill(-1);
    this.close = new Float64Array(buckets);
  }

  add(t: number, price: number): void {
    const b = Math.floor(t / this.bucketMs);
    const slot = b % this.buckets;
    // Completed buckets change only when a bucket other than the cached current one is written.
    if (b !== this.cachedBucket) this.cachedBucket = -1;
    this.index[slot] = b;
    this.close[slot] = price;
    this.last = price;
    this.lastT = t;
  }

  /** Lowest completed-bucket close in the look-back before `t`; 0 when none. O(1) within a bucket. */
  low(t: number): number {
    this.scan(t);
    return this.cachedLow;
  }

  /** Highest completed-bucket close in the look-back before `t`; 0 when none. */
  high(t: number): number {
    this.scan(t);
    return this.cachedHigh;
  }

  private scan(t: number): void {
    const b = Math.floor(t / this.bucketMs);
    if (b === this.cachedBucket) return;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < this.buckets; i++) {
      const idx = this.index[i]!;
      if (idx < b - this.buckets || idx >= b) continue;
      const c = this.close[i]!;
      if (lo === 0 || c < lo) lo = c;
      if (c > hi) hi = c;
    }
    this.cachedBucket = b;
    this.cachedLow = lo;
    this.cachedHigh = hi;
  }
}
