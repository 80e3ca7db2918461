/**
 * The standard benchmark order flow (../shared/bench/flow-1m.csv.gz), parsed
 * into typed arrays by io/, replayed here. Pure: no files, no clocks.
 */
import type { SideCode } from './constants.js';
import type { OrderBook } from './order-book.js';

export const FLOW_ADD = 0;
export const FLOW_CANCEL = 1;
export const FLOW_MARKET = 2;

/** One operation per index. Prices in ticks; unused fields are 0. */
export interface Flow {
  length: number;
  op: Uint8Array;
  id: Float64Array;
  side: Uint8Array;
  price: Float64Array;
  qty: Float64Array;
}

export interface FlowOutcome {
  tradedQty: number;
  fills: number;
}

/** Replays a flow into `book`, counting every fill it reports. */
export function replayFlow(book: OrderBook, flow: Flow): FlowOutcome {
  let traded = 0;
  let fills = 0;
  const { op, id, side, price, qty } = flow;
  for (let i = 0; i < flow.length; i++) {
    const o = op[i];
    if (o === FLOW_ADD) book.limit(id[i]!, side[i] as SideCode, price[i]!, qty[i]!);
    else if (o === FLOW_CANCEL) book.cancel(id[i]!);
    else book.market(id[i]!, side[i] as SideCode, qty[i]!);
    // Read every fill, as a consumer that records trades must.
    const f = book.fills;
    for (let k = 0; k < f.count; k++) traded += f.qty[k]!;
    fills += f.count;
  }
  return { tradedQty: traded, fills };
}
