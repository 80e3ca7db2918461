/**
 * What spoofing keeps per suspect (one account on one symbol): its large
 * orders, cancels, trades and confirmed spoofs per side, summed in BUCKETS
 * time buckets per window so the window slides in tenths, and the cancels
 * still waiting to be told apart from a requote.
 */

/** Buckets per window in a suspect's sliding sums. */
export const BUCKETS = 10;

/** Per-side fields of a suspect's bucketed sums: field * 2 + side. */
export const F_CANCEL_LOTS = 0;
export const F_CANCEL_N = 1;
export const F_TRADED = 2;
export const F_LARGE_LOTS = 3;
export const F_LARGE_FILLED = 4;
export const F_SPOOF_N = 5;
export const F_SPOOF_LOTS = 6;
const FIELDS = 7;
export const WIDTH = FIELDS * 2;

/** One account on one symbol: its recent large orders, cancels and trades, per side, in time buckets. */
export interface Suspect {
  account: number;
  symbol: string;
  lastT: number;
  /** BUCKETS x WIDTH sums and the bucket number each row holds. */
  sums: Float64Array;
  epochs: Float64Array;
  evidence: number[];
  alerted: number;
  lastAlertT: number;
  /** Qualifying cancels not yet known to be spoofs, per side: a maker's requote replaces them at once. */
  pend: [Pending | null, Pending | null];
}

/** A group of qualifying cancels on one side within replaceMs, and what the account placed on that side right after. */
export interface Pending {
  t: number;
  n: number;
  lots: number;
  replaced: number;
  seqs: number[];
}
