/**
 * Changing a resting order: cancel (funds unlocked) and amend (priority kept
 * only when the quantity shrinks at the same price).
 */
import { AMEND_UNKNOWN, BUY, NIL, type SideCode } from '../book/index.js';
import type { AccountId, CancelReason, OrderId } from '../core/index.js';
import { REJECT } from './reasons.js';
import { emitCancel, retire } from './settlement.js';
import type { Venue } from './venue.js';

/**
 * Cancels a live order and unlocks its funds. Returns null, or why not
 * (`unknown` orders and other accounts' orders are refused without an event:
 * nothing changed on the exchange).
 */
export function cancelOrder(v: Venue, account: AccountId, orderId: OrderId, reason: CancelReason = 'user'): string | null {
  const live = v.live;
  const s = live.slotOf(orderId);
  if (s === NIL) return 'unknown-order';
  if (live.account[s] !== account) return 'not-owner';
  const market = v.marketList[live.market[s]!]!;
  const qty = market.book.cancel(orderId);
  emitCancel(v, orderId, account, market.spec.code, live.side[s] === BUY ? 'buy' : 'sell', live.price[s]!, qty, reason);
  retire(v, s);
  return null;
}

/**
 * Amends a resting order. A smaller quantity at the same price keeps queue
 * priority. A new price or a larger quantity re-queues the order at the back,
 * but only if it would not cross (an amend never trades here: cancel and
 * place a new order for that), and only if the account can fund the change.
 */
export function amendOrder(v: Venue, account: AccountId, orderId: OrderId, price: number, qty: number): string | null {
  const live = v.live;
  const s = live.slotOf(orderId);
  if (s === NIL) return 'unknown-order';
  if (live.account[s] !== account) return 'not-owner';
  if (!Number.isSafeInteger(price) || price <= 0) return REJECT.badPrice;
  if (!Number.isSafeInteger(qty) || qty <= 0) return REJECT.badQuantity;
  const market = v.marketList[live.market[s]!]!;
  const owner = v.accounts[account]!;
  const side = live.side[s]! as SideCode;
  const lockAsset = live.lockAsset[s]!;
  if (!owner.canTrade) return REJECT.accountRestricted;
  if (market.halted) return REJECT.symbolHalted;
  const book = market.book;
  const keep = price === live.price[s] && qty <= book.remainingOf(orderId);
  if (!keep && market.book.crosses(side, price)) return 'amend-would-cross';
  const needed = side === BUY ? market.notional(price, qty) : qty * market.baseUnitsPerLot;
  if (Number.isNaN(needed)) return REJECT.notionalTooLarge;
  const more = needed - live.locked[s]!;
  if (more > owner.avail(lockAsset)) return REJECT.insufficientBalance;
  if (book.amend(orderId, price, qty) === AMEND_UNKNOWN) return 'unknown-order';
  if (more > 0) owner.lock(lockAsset, more);
  else if (more < 0) owner.unlock(lockAsset, -more);
  live.locked[s] = needed;
  live.price[s] = price;
  v.emit({
    seq: v.nextSeq(),
    t: v.now,
    type: 'order-amended',
    order: orderId,
    account,
    symbol: market.spec.code,
    price,
    qty,
    keptPriority: keep,
  });
  return null;
}
