/**
 * The shape of SymbolWindows (windows.ts): the summable counters it keeps per
 * bucket and per window (`Field`), and the bucket and window lengths a rule
 * asks for (`WindowSpec`), checked once at construction. Apart so the short
 * windows (windows.ts) and the baseline (window-baseline.ts) share them.
 */

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
export function windowLengths(spec: WindowSpec): Int32Array {
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
