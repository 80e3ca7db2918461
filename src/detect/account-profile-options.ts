/**
 * Options of the account profile store (account-profile.ts) and their
 * defaults: the caps that bound what is kept per account, and the windows that
 * say what counts as a run, a session or a liquidation. In a file of their own
 * so the store and the symbol memory (symbol-memory.ts) share them without
 * importing each other.
 */

/** Options of the profile store; every field has a default. */
export interface AccountProfileOptions {
  /** Distinct IPs remembered per account (least used evicted first). Count. */
  maxIps: number;
  /** Distinct device fingerprints remembered per account. Count. */
  maxDevices: number;
  /** API keys remembered per account (least recently used evicted). Count. */
  maxKeys: number;
  /** Platforms remembered per account. Count. */
  maxPlatforms: number;
  /** Symbols remembered per account (least recently used evicted). Count. */
  maxSymbols: number;
  /** Assets whose balance is tracked per account. Count. */
  maxAssets: number;
  /** Track trades (holdings, symbols traded, prices); off for rules that read only orders. */
  trades: boolean;
  /** Sells are summed per asset over this window for liquidation hints, ms. */
  liquidationWindowMs: number;
  /** A silence longer than this starts a new activity run (of a key or an account), ms. */
  runGapMs: number;
  /** A key created within this time after a login is taken to be created in that session, ms. */
  sessionLinkMs: number;
  /** Accounts and devices untouched this long are forgotten, ms. */
  retentionMs: number;
  /** The sweep that forgets them runs at most this often (stream time), ms. */
  sweepEveryMs: number;
  /** Account ids kept per device in the device registry. Count. */
  maxAccountsPerDevice: number;
  /** Look-back of the reference ("pre-burst") price, ms. */
  refWindowMs: number;
  /** Buckets the reference look-back is cut into. Count. */
  refBuckets: number;
}

export const DEFAULT_PROFILE_OPTIONS: AccountProfileOptions = {
  maxIps: 6,
  maxDevices: 4,
  maxKeys: 6,
  maxPlatforms: 4,
  maxSymbols: 8,
  maxAssets: 8,
  trades: true,
  liquidationWindowMs: 30 * 60_000,
  runGapMs: 3_600_000,
  sessionLinkMs: 10 * 60_000,
  retentionMs: 90 * 86_400_000,
  sweepEveryMs: 3_600_000,
  maxAccountsPerDevice: 8,
  refWindowMs: 30 * 60_000,
  refBuckets: 30,
};
