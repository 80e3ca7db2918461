import type { TradeId } from '../core/index.js';
import { buyerFeeOf, sellerFeeOf } from './fees.js';
import type { Venue } from './venue.js';

export interface ReversalOutcome {
  baseReturned: number;
  baseUnrecovered: number;
  quoteReturned: number;
  quoteUnrecovered: number;
}

/**
 * Busts a trade: gives the seller back the base and the buyer back the quote,
 * fees included (refunded from the fee ledger). Only what is still there is
 * moved: the buyer's available base and the seller's available quote, never
 * making a balance negative and never touching funds locked by other orders or
 * withdrawals. What could not be taken back is reported as unrecovered: in
 * 2018 trades with third parties could not be reversed, and proceeds that have
 * left the exchange are gone.
 *
 * Returns the outcome, or a reason string when the trade is unknown, too old
 * for the reversal window, or already reversed.
 */
export function reverseTrade(v: Venue, tradeId: TradeId): ReversalOutcome | string {
  const t = v.trades.get(tradeId, v.now);
  if (t === undefined) return 'unknown-or-expired-trade';
  if (t.reversed) return 'already-reversed';
  const market = v.marketList[t.market]!;
  const buyer = v.accounts[t.buyer]!;
  const seller = v.accounts[t.seller]!;
  const b = market.baseAsset;
  const q = market.quoteAsset;
  const { makerFeeBps, takerFeeBps } = market.spec;
  const buyerFee = buyerFeeOf(t.base, t.buyerTook, makerFeeBps, takerFeeBps);
  const sellerFee = sellerFeeOf(t.quote, t.buyerTook, makerFeeBps, takerFeeBps);

  // Base: the buyer received base - buyerFee; the fee ledger holds buyerFee.
  const baseFromBuyer = Math.min(t.base - buyerFee, buyer.avail(b));
  const baseFromFees = Math.min(buyerFee, v.fees[b]!);
  buyer.credit(b, -baseFromBuyer);
  v.fees[b]! -= baseFromFees;
  seller.credit(b, baseFromBuyer + baseFromFees);

  // Quote: the seller received quote - sellerFee; the fee ledger holds sellerFee.
  const quoteFromSeller = Math.min(t.quote - sellerFee, seller.avail(q));
  const quoteFromFees = Math.min(sellerFee, v.fees[q]!);
  seller.credit(q, -quoteFromSeller);
  v.fees[q]! -= quoteFromFees;
  buyer.credit(q, quoteFromSeller + quoteFromFees);

  v.trades.markReversed(tradeId);
  const out: ReversalOutcome = {
    baseReturned: baseFromBuyer + baseFromFees,
    baseUnrecovered: t.base - baseFromBuyer - baseFromFees,
    quoteReturned: quoteFromSeller + quoteFromFees,
    quoteUnrecovered: t.quote - quoteFromSeller - quoteFromFees,
  };
  v.emit({
    seq: v.nextSeq(),
    t: v.now,
    type: 'trade-reversed',
    trade: tradeId,
    symbol: market.spec.code,
    buyer: buyer.id,
    seller: seller.id,
    ...out,
  });
  return out;
}
