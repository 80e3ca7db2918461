/** Public face of exchange/: the venue around the books. */
export { Exchange, type ExchangeOptions, type ApiKeyRequest, type SymbolInfo } from './exchange.js';
export type { AssetSpec, SymbolSpec } from './market.js';
export type { OrderRequest, OrderResult, RequestSource } from './order-request.js';
export { limitOrder, marketBuyFor, marketOrder, type TimeInForce } from './order-request.js';
export type { AccountRestriction } from './restrictions.js';
export type { ReversalOutcome } from './reversal.js';
export type { EventSink } from './venue.js';
export { REJECT, type RejectReason } from './reasons.js';
export { feeOn } from './fees.js';
