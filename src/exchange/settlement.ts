/**
 * What a fill moves: base and quote between the two accounts, fees into the
 * fee ledger, a row in the trade store (for reversal), a `trade` event; and
 * how a resting order leaves the book's accounting (retire, cancel events).
 */
import { BUY, type SideCode } from '../book/index.js';
import type { AccountId, CancelReason, EventOf, OrderId, Side, SymbolCode } from '../core/index.js';
import type { Account } from './account.js';
import { buyerFeeOf, sellerFeeOf } from './fees.js';
import type { Market } from './market.js';
import type { Venue } from './venue.js';

/**
 * Settles the fills the book just reported for taker order `takerId`: moves
 * base and quote between the accounts, takes fees into the fee ledger, emits
 * one trade event each, and retires makers that filled completely. Returns
 * the taker's locked units that the fills consumed.
 */
export function settleFills(v: Venue, market: Market, taker: Account, takerId: OrderId, side: SideCode): number {
  const fills = market.book.fills;
  const n = fills.count;
  if (n === 0) return 0;
  const k = market.quoteUnitsPerTickLot;
  const bpl = market.baseUnitsPerLot;
  const baseAsset = market.baseAsset;
  const quoteAsset = market.quoteAsset;
  const { makerFeeBps, takerFeeBps, code } = market.spec;
  const buyerTook = side === BUY;
  const aggressor: Side = buyerTook ? 'buy' : 'sell';
  const live = v.live;
  let spent = 0;
  for (let i = 0; i < n; i++) {
    const makerId = fills.makerId[i]! as OrderId;
    const maker = live.slotOf(makerId);
    const makerAccount = v.accounts[live.account[maker]!]!;
    const price = fills.price[i]!;
    const qty = fills.qty[i]!;
    const quote = price * qty * k;
    const base = qty * bpl;
    const buyerFee = buyerFeeOf(base, buyerTook, makerFeeBps, takerFeeBps);
    const sellerFee = sellerFeeOf(quote, buyerTook, makerFeeBps, takerFeeBps);
    let buyer: Account;
    let seller: Account;
    if (buyerTook) {
      buyer = taker;
      seller = makerAccount;
      spent += quote;
      seller.spendLocked(baseAsset, base);
      live.locked[maker]! -= base;
    } else {
      buyer = makerAccount;
      seller = taker;
      spent += base;
      buyer.spendLocked(quoteAsset, quote);
      live.locked[maker]! -= quote;
    }
    buyer.credit(baseAsset, base - buyerFee);
    seller.credit(quoteAsset, quote - sellerFee);
    v.fees[baseAsset]! += buyerFee;
    v.fees[quoteAsset]! += sellerFee;
    const trade = v.tradeIds.next();
    v.trades.add(trade, v.now, market.index, buyer.id, seller.id, base, quote, buyerTook);
    v.emit({
      seq: v.nextSeq(),
      t: v.now,
      type: 'trade',
      trade,
      symbol: code,
      price,
      qty,
      quoteQty: quote,
      aggressor,
      makerAccount: makerAccount.id,
      makerOrder: makerId,
      takerAccount: taker.id,
      takerOrder: takerId,
      makerFee: buyerTook ? sellerFee : buyerFee,
      takerFee: buyerTook ? buyerFee : sellerFee,
    });
    if (fills.makerLeft[i] === 0) retire(v, maker);
  }
  return spent;
}

/** Resting orders that self-trade prevention removed: unlock and report them. */
export function settleSelfTradeRemovals(v: Venue, market: Market): void {
  const removed = market.book.removed;
  const live = v.live;
  for (let i = 0; i < removed.ids.length; i++) {
    const id = removed.ids[i]! as OrderId;
    const s = live.slotOf(id);
    emitCancel(v, id, live.account[s]! as AccountId, market.spec.code, live.side[s] === BUY ? 'buy' : 'sell', live.price[s]!, removed.qtys[i]!, 'self-trade');
    retire(v, s);
  }
}

/** Forgets the live order in `slot` (it left the book), unlocking whatever it still held. */
export function retire(v: Venue, slot: number): void {
  const live = v.live;
  const locked = live.locked[slot]!;
  if (locked !== 0) v.accounts[live.account[slot]!]!.unlock(live.lockAsset[slot]!, locked);
  live.remove(slot);
}

export function emitCancel(
  v: Venue,
  order: OrderId,
  account: AccountId,
  symbol: SymbolCode,
  side: Side,
  price: number | null,
  qty: number,
  reason: CancelReason,
): void {
  const e: EventOf<'cancel'> = { seq: v.nextSeq(), t: v.now, type: 'cancel', order, account, symbol, side, price, qty, reason };
  v.emit(e);
}
