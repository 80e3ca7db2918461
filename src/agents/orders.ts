/**
 * Order-sizing helpers shared by agents: turn "spend a fraction of my balance"
 * into integer ticks and lots that the exchange will accept.
 */
import type { AccountId, Side } from '../core/index.js';
import type { Exchange, OrderRequest } from '../exchange/index.js';

export type OrderDraft = Omit<OrderRequest, 'source'>;

/**
 * A limit order priced through the touch by `slippageBps` (so it fills like a
 * market order but cannot run away), sized to `fraction` of the account's
 * available quote (buy) or base (sell). Null when the book side is empty or
 * the size rounds to zero lots or falls below the minimum notional.
 */
export function marketableLimit(
  ex: Exchange,
  account: AccountId,
  symbol: string,
  side: Side,
  fraction: number,
  slippageBps = 50,
): OrderDraft | null {
  const book = ex.book(symbol);
  const info = ex.symbolInfo(symbol);
  const touch = side === 'buy' ? book.bestAsk() : book.bestBid();
  if (touch === 0) return null;
  const price =
    side === 'buy' ? Math.ceil((touch * (10_000 + slippageBps)) / 10_000) : Math.max(1, Math.floor((touch * (10_000 - slippageBps)) / 10_000));
  let qty: number;
  if (side === 'buy') {
    const quote = ex.balance(account, info.quote).available * fraction;
    qty = Math.floor(quote / (price * info.quoteUnitsPerTickLot));
  } else {
    qty = Math.floor((ex.balance(account, info.base).available * fraction) / info.baseUnitsPerLot);
  }
  if (qty <= 0 || price * qty * info.quoteUnitsPerTickLot < info.minNotional) return null;
  return { account, symbol, side, kind: 'limit', price, qty };
}

/** Lots of `symbol`'s base the account holds (available). */
export function baseLots(ex: Exchange, account: AccountId, symbol: string): number {
  const info = ex.symbolInfo(symbol);
  return Math.floor(ex.balance(account, info.base).available / info.baseUnitsPerLot);
}
