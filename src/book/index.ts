/** Public face of book/: a pure limit order book with price-time priority. */
export * from './constants.js';
export { OrderBook, AMEND_UNKNOWN, AMEND_KEPT_PRIORITY, AMEND_REQUEUED, type AmendResult } from './order-book.js';
export { depth, levelOrders, quantityToMove, type DepthLevel, type QueuedOrder, type PriceImpact } from './analysis.js';
export { Fills } from './fills.js';
export { IntMap } from './int-map.js';
export { replayFlow, type Flow, FLOW_ADD, FLOW_CANCEL, FLOW_MARKET } from './flow.js';
