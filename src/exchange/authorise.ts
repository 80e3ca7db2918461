import type { Account } from './account.js';
import { REJECT, type RejectReason } from './reasons.js';
import type { RequestSource } from './order-request.js';
import type { Venue } from './venue.js';

/**
 * May this request act on this account? Checks the account's restrictions and,
 * for the API channel, the key: it must exist, belong to the account, not be
 * revoked, carry the permission, and be used from an allowed IP. Web and app
 * requests are sessions and carry no key.
 */
export function authorise(
  v: Venue,
  account: Account,
  source: RequestSource,
  purpose: 'trade' | 'withdraw',
): RejectReason | null {
  if (purpose === 'trade' ? !account.canTrade : !account.canWithdraw) {
    return purpose === 'trade' ? REJECT.accountRestricted : REJECT.withdrawalsRestricted;
  }
  const keyId = source.key ?? null;
  if (source.channel !== 'api') return keyId === null ? null : REJECT.keyNotAllowedOnChannel;
  if (keyId === null) return REJECT.keyRequired;
  const key = v.keys[keyId];
  if (key === undefined) return REJECT.keyUnknown;
  if (key.account !== account.id) return REJECT.keyNotOwned;
  if (key.revoked) return REJECT.keyRevoked;
  if (purpose === 'trade' ? !key.canTrade : !key.canWithdraw) {
    return purpose === 'trade' ? REJECT.keyCannotTrade : REJECT.keyCannotWithdraw;
  }
  if (key.ips.length > 0 && !key.ips.includes(source.ip)) return REJECT.ipNotAllowed;
  return null;
}
