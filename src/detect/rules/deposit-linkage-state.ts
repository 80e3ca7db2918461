/**
 * What deposit-linkage remembers: per symbol its slow pre-spike reference
 * price; per candidate (an account that recently deposited a coin) its
 * deposits, current sale, withdrawal request, devices and last resting bid;
 * the links (deposit address, withdrawal address, device) and the premium
 * asks. The rule that keeps them up to date is in deposit-linkage.ts.
 */

export const MAX_EVIDENCE = 20;
export const MAX_DEPOSITS = 4;
/** The slow reference is advanced at most once per this many ms (keeps per-trade work to a compare). */
export const REF_STEP_MS = 1_000;

export interface SymState {
  symbol: string;
  base: string;
  quote: string;
  baseUnitsPerLot: number;
  /** Slow reference, log price; NaN before the first trade. */
  ref: number;
  /** exp(ref), ticks. */
  refPrice: number;
  refT: number;
  /** Last trade price (ticks), 0 before the first trade. */
  last: number;
}

export interface Dep {
  deposit: number;
  asset: string;
  amount: number;
  address: string;
  t: number;
  seq: number;
}

export interface Sale {
  sym: SymState;
  firstT: number;
  lastT: number;
  fills: number;
  lots: number;
  quoteUnits: number;
  /** Highest fill price over the reference (x). */
  fillPremium: number;
  /** Highest placement premium of a filled order (x), 0 when none was placed at a premium. */
  placedPremium: number;
  evidence: number[];
}

export interface Wd {
  t: number;
  seq: number;
  amount: number;
  asset: string;
  address: string;
  delayMs: number;
}

export interface Cand {
  account: number;
  deps: Dep[];
  lastT: number;
  /** Last resting buy limit: symbol, price (ticks) and time. */
  bidSymbol: string | null;
  bidPrice: number;
  bidT: number;
  sale: Sale | null;
  wd: Wd | null;
  devices: string[];
  /** Highest score this account was alerted (or named) at. */
  alerted: number;
  /** Cached answer of mayBeLinked, valid while linkVersion is unchanged. */
  mayLink: boolean;
  mayLinkVersion: number;
}

export interface Link {
  accounts: number[];
  t: number;
  /** More accounts than maxPerLink: shared infrastructure, ignored. */
  infra: boolean;
}

export interface PremOrder {
  premium: number;
  seq: number;
  t: number;
}

/** Advances the slow reference to t with the price that held since the last step (the new trade enters later). */
export function advanceRef(s: SymState, t: number, decayPerMs: number): void {
  if (s.last === 0) return;
  if (Number.isNaN(s.ref)) {
    s.ref = Math.log(s.last);
    s.refPrice = s.last;
    s.refT = t;
    return;
  }
  const dt = t - s.refT;
  if (dt < REF_STEP_MS) return;
  const lp = Math.log(s.last);
  s.ref = lp + (s.ref - lp) * Math.exp(-decayPerMs * dt);
  s.refPrice = Math.exp(s.ref);
  s.refT = t;
}

/** Adds an evidence sequence number unless the sale already holds MAX_EVIDENCE. */
export function pushCapped(a: number[], seq: number): void {
  if (a.length < MAX_EVIDENCE) a.push(seq);
}

/** The most recent deposit of `asset` within the lookback, or null. */
export function recentDeposit(c: Cand, asset: string, t: number, lookbackMs: number): Dep | null {
  for (let i = c.deps.length - 1; i >= 0; i--) {
    const d = c.deps[i]!;
    if (d.asset === asset && t - d.t <= lookbackMs) return d;
  }
  return null;
}
