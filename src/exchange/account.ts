import type { AccountId, ApiKeyId, RestrictionKind } from '../core/index.js';

/**
 * One customer account: balances per asset (by the exchange's asset index),
 * split into available and locked (reserved by open orders or pending
 * withdrawals), and the restrictions currently set on it.
 */
export class Account {
  readonly available: number[] = [];
  readonly locked: number[] = [];
  /** Restriction kinds in force (withdrawal-only, withdrawals-suspended, frozen). */
  readonly restrictions = new Set<RestrictionKind>();
  readonly keys: ApiKeyId[] = [];

  constructor(readonly id: AccountId) {}

  avail(asset: number): number {
    return this.available[asset] ?? 0;
  }

  held(asset: number): number {
    return this.locked[asset] ?? 0;
  }

  credit(asset: number, amount: number): void {
    this.available[asset] = (this.available[asset] ?? 0) + amount;
  }

  /** Moves `amount` from available to locked; the caller has checked it is there. */
  lock(asset: number, amount: number): void {
    this.available[asset] = (this.available[asset] ?? 0) - amount;
    this.locked[asset] = (this.locked[asset] ?? 0) + amount;
  }

  unlock(asset: number, amount: number): void {
    this.locked[asset] = (this.locked[asset] ?? 0) - amount;
    this.available[asset] = (this.available[asset] ?? 0) + amount;
  }

  /** Takes `amount` out of locked funds (spent in a trade or withdrawn). */
  spendLocked(asset: number, amount: number): void {
    this.locked[asset] = (this.locked[asset] ?? 0) - amount;
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
