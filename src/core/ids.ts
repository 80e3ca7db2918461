/**
 * Identifiers. All are opaque positive integers, assigned by the exchange in
 * order of creation. Scenario compilation decides creation order, and must not
 * let it reveal roles (an attacker's accounts are not numbered after the
 * victims'): a detector sees ids exactly as a real exchange's would look.
 */
import type { Branded } from './units.js';

export type AccountId = Branded<'AccountId'>;
export type OrderId = Branded<'OrderId'>;
export type TradeId = Branded<'TradeId'>;
export type ApiKeyId = Branded<'ApiKeyId'>;
export type DepositId = Branded<'DepositId'>;
export type WithdrawalId = Branded<'WithdrawalId'>;
/** Symbol codes are strings such as `ALT/BTC`; assets are strings such as `BTC`. */
export type SymbolCode = string;
export type AssetCode = string;

/** Hands out 1, 2, 3, ... so every run numbers its objects the same way. */
export class IdSequence<T extends number> {
  private last = 0;
  next(): T {
    this.last += 1;
    return this.last as T;
  }
  /** The most recent id handed out (0 when none). */
  get current(): number {
    return this.last;
  }
}
