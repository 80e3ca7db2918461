import type { AccountId, ApiKeyId, RestrictionKind, SymbolCode } from '../core/index.js';
import { cancelOrder } from './order-changes.js';
import type { Venue } from './venue.js';

export type AccountRestriction = Extract<RestrictionKind, 'withdrawal-only' | 'withdrawals-suspended' | 'frozen'>;

/**
 * Sets or lifts an account restriction. Setting one that stops trading
 * (withdrawal-only, frozen) also cancels the account's open orders, as
 * exchanges do, so locked funds do not sit on a book the owner cannot manage.
 * Returns false when nothing changed (already set / not set, or no such account).
 */
export function restrictAccount(
  v: Venue,
  accountId: AccountId,
  kind: AccountRestriction,
  action: 'set' | 'lifted',
  reason: string,
): boolean {
  const account = v.accounts[accountId];
  if (account === undefined) return false;
  const has = account.restrictions.has(kind);
  if (action === 'set' ? has : !has) return false;
  if (action === 'set') account.restrictions.add(kind);
  else account.restrictions.delete(kind);
  emitRestriction(v, kind, action, accountId, null, null, reason);
  if (action === 'set' && !account.canTrade) {
    for (const order of v.live.ofAccount(accountId)) {
      cancelOrder(v, accountId, order as never, 'restriction');
    }
  }
  return true;
}

/** Revokes an API key (or restores it, `lifted`). Orders it placed earlier stay on the book. */
export function revokeKey(v: Venue, keyId: ApiKeyId, action: 'set' | 'lifted', reason: string): boolean {
  const key = v.keys[keyId];
  if (key === undefined || key.revoked === (action === 'set')) return false;
  key.revoked = action === 'set';
  emitRestriction(v, 'key-revoked', action, key.account, keyId, null, reason);
  return true;
}

/** Halts (or resumes) trading on a symbol. Resting orders stay; new orders are refused; cancels still work. */
export function haltSymbol(v: Venue, symbol: SymbolCode, action: 'set' | 'lifted', reason: string): boolean {
  const market = v.markets.get(symbol);
  if (market === undefined || market.halted === (action === 'set')) return false;
  market.halted = action === 'set';
  emitRestriction(v, 'halted', action, null, null, symbol, reason);
  return true;
}

function emitRestriction(
  v: Venue,
  kind: RestrictionKind,
  action: 'set' | 'lifted',
  account: AccountId | null,
  key: ApiKeyId | null,
  symbol: SymbolCode | null,
  reason: string,
): void {
  v.emit({ seq: v.nextSeq(), t: v.now, type: 'restriction', kind, action, account, key, symbol, reason });
}
