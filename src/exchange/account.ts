import { type AccountId, type ApiKeyId, grownTo, type RestrictionKind } from '../core/index.js';

/**
 * One customer account: balances per asset (by the exchange's asset index),
 * split into available and locked (reserved by open orders or pending
 * withdrawals), and the restrictions currently set on it.
 */
export class Account {
  /**
   * Units by asset index. Typed arrays, not `number[]`: every account's
   * balances then have one representation, so the reads on every order stay
   * monomorphic (plain arrays drift between small-integer, double and holey
   * kinds account by account). Grown when an asset listed later is touched.
   */
  private available = new Float64Array(4);
  private locked = new Float64Array(4);
  /** Restriction kinds in force (withdrawal-only, withdrawals-suspended, frozen). */
  readonly restrictions = new Set<RestrictionKind>();
  readonly keys: ApiKeyId[] = [];

  constructor(readonly id: AccountId) {}

  avail(asset: number): number {
    return asset < this.available.length ? this.available[asset]! : 0;
  }

  held(asset: number): number {
    return asset < this.locked.length ? this.locked[asset]! : 0;
  }

  credit(asset: number, amount: number): void {
    if (asset >= this.available.length) this.grow(asset);
    this.available[asset]! += amount;
  }

  /** Moves `amount` from available to locked; the caller has checked it is there. */
  lock(asset: number, amount: number): void {
    if (asset >= this.available.length) this.grow(asset);
    this.available[asset]! -= amount;
    this.locked[asset]! += amount;
  }

  unlock(asset: number, amount: number): void {
    if (asset >= this.available.length) this.grow(asset);
    this.locked[asset]! -= amount;
    this.available[asset]! += amount;
  }

  /** Takes `amount` out of locked funds (spent in a trade or withdrawn). */
  spendLocked(asset: number, amount: number): void {
    if (asset >= this.available.length) this.grow(asset);
    this.locked[asset]! -= amount;
  }

  private grow(asset: number): void {
    let n = this.available.length;
    while (n <= asset) n *= 2;
    this.available = grownTo(this.available, n);
    this.locked = grownTo(this.locked, n);
  }

  /** Trading is off in withdrawal-only mode and when frozen. (Checked on every order: an unrestricted account skips the lookups.) */
  get canTrade(): boolean {
    return this.restrictions.size === 0 || (!this.restrictions.has('withdrawal-only') && !this.restrictions.has('frozen'));
  }

  /** Withdrawals are off when suspended and when frozen. */
  get canWithdraw(): boolean {
    return this.restrictions.size === 0 || (!this.restrictions.has('withdrawals-suspended') && !this.restrictions.has('frozen'));
  }
}

/** An API key as the exchange stores it. */
export interface ApiKey {
  id: ApiKeyId;
  account: AccountId;
  createdAt: number;
  canTrade: boolean;
  canWithdraw: boolean;
  /** Third-party platform holding the key (its servers place the orders), or null. */
  platform: string | null;
  /** IP allow-list; empty means any address. */
  ips: string[];
  revoked: boolean;
}
