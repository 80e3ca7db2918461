/**
 * Order requests of one shape. `placeOrder` runs for every order in a run and
 * reads a dozen fields of its request; when every agent builds requests here,
 * every request has the same fields in the same order (one hidden class), so
 * those reads stay fast instead of falling back to a lookup per field, as
 * they do once a dozen differently shaped literals have passed through.
 * The defaults are the exchange's own (GTC limits, no post-only, no
 * self-trade prevention, no client id), so a request built here means
 * exactly what the same literal with those fields left out means.
 */
import type { AccountId, ApiKeyId, Channel, OrderId, Side, StpMode, SymbolCode } from '../core/index.js';
import type { RejectReason } from './reasons.js';

export type TimeInForce = 'gtc' | 'ioc' | 'fok';

/** Who sends a request and how: the fields surveillance sees on every order. */
export interface RequestSource {
  channel: Channel;
  /** The API key used (channel `api` only). Its platform is taken from the key. */
  key?: ApiKeyId | null;
  ip: string;
  device?: string | null;
}

export interface OrderRequest {
  account: AccountId;
  symbol: SymbolCode;
  side: Side;
  kind: 'limit' | 'market';
  /** Limit orders only; market orders are immediate-or-cancel by nature. */
  tif?: TimeInForce;
  postOnly?: boolean;
  /** Limit price in ticks, or a market order's protection price. */
  price?: number | null;
  /** Quantity in lots. */
  qty?: number | null;
  /** Market buys only: spend this many quote units instead of buying `qty`. */
  quoteQty?: number | null;
  stp?: StpMode;
  clientOrderId?: string | null;
  source: RequestSource;
}

export type OrderResult = { ok: true; order: OrderId } | { ok: false; reason: RejectReason };

/** A limit order: `price` in ticks, `qty` in lots. */
export function limitOrder(
  account: AccountId,
  symbol: SymbolCode,
  side: Side,
  price: number,
  qty: number,
  source: RequestSource,
  tif: TimeInForce = 'gtc',
  postOnly = false,
): OrderRequest {
  return { account, symbol, side, kind: 'limit', tif, postOnly, price, qty, quoteQty: null, stp: 'none', clientOrderId: null, source };
}

/** A market order for `qty` lots, optionally protected: it does not trade through `protectionPrice` (ticks). */
export function marketOrder(
  account: AccountId,
  symbol: SymbolCode,
  side: Side,
  qty: number,
  source: RequestSource,
  protectionPrice: number | null = null,
): OrderRequest {
  return { account, symbol, side, kind: 'market', tif: 'ioc', postOnly: false, price: protectionPrice, qty, quoteQty: null, stp: 'none', clientOrderId: null, source };
}

/** A market buy that spends `quoteQty` quote units (as many lots as that buys). */
export function marketBuyFor(account: AccountId, symbol: SymbolCode, quoteQty: number, source: RequestSource): OrderRequest {
  return { account, symbol, side: 'buy', kind: 'market', tif: 'ioc', postOnly: false, price: null, qty: null, quoteQty, stp: 'none', clientOrderId: null, source };
}
