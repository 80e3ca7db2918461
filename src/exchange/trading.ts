/**
 * Placing an order: the request checked against the market and the account,
 * funds locked, the order matched, every fill settled (settlement.ts), and
 * the events that say so. Cancels and amends are in order-changes.ts.
 */
import {
  BUY,
  DROP_FOK,
  DROP_NONE,
  DROP_SELF_TRADE,
  FOK,
  GTC,
  IOC,
  OK,
  SELL,
  type SideCode,
  STP_CANCEL_BOTH,
  STP_CANCEL_NEWEST,
  STP_CANCEL_OLDEST,
  STP_NONE,
  type StpCode,
  type TifCode,
} from '../book/index.js';
import type { CancelReason, EventOf, OrderId, StpMode } from '../core/index.js';
import { authorise } from './authorise.js';
import type { Market } from './market.js';
import type { OrderRequest, OrderResult } from './order-request.js';
import { REJECT, type RejectReason } from './reasons.js';
import { emitCancel, settleFills, settleSelfTradeRemovals } from './settlement.js';
import type { Venue } from './venue.js';

// Comparisons, not a lookup table: a table read by a string key that varies is a
// megamorphic keyed load, and these run on every order.
function tifCode(tif: string): TifCode {
  return tif === 'gtc' ? GTC : tif === 'ioc' ? IOC : FOK;
}

function stpCode(stp: StpMode): StpCode {
  if (stp === 'none') return STP_NONE;
  if (stp === 'cancel-newest') return STP_CANCEL_NEWEST;
  return stp === 'cancel-oldest' ? STP_CANCEL_OLDEST : STP_CANCEL_BOTH;
}

/**
 * Accepts or rejects an order, matches it, settles every fill with fees, and
 * emits `order-accepted` (or `order-rejected`), then one `trade` per fill, then
 * a `cancel` for any part that neither filled nor rested.
 *
 * Funds: a buy locks its worst-case quote cost (limit price x qty, protection
 * price x qty, the quote amount of a quote-sized buy, or the whole available
 * quote balance for an unprotected market buy by quantity, which then cannot
 * spend more than that); a sell locks its base quantity. What a fill does not
 * use is unlocked as soon as it is known.
 */
export function placeOrder(v: Venue, req: OrderRequest): OrderResult {
  const market = v.market(req.symbol);
  const account = v.accounts[req.account];
  const keyRecord = req.source.key != null ? v.keys[req.source.key] : undefined;
  const isMarket = req.kind === 'market';
  // Market orders are immediate-or-cancel by nature; asking for anything else is refused below.
  const tif = req.tif ?? (isMarket ? 'ioc' : 'gtc');
  // Built once: it becomes the order-accepted event (seq and order id filled in on acceptance),
  // and a rejection copies its fields. The key order here is the order in the log.
  const fields: EventOf<'order-accepted'> = {
    seq: 0,
    t: v.now,
    type: 'order-accepted',
    order: 0 as OrderId,
    account: req.account,
    symbol: req.symbol,
    side: req.side,
    kind: req.kind,
    tif,
    postOnly: req.postOnly ?? false,
    price: req.price ?? null,
    qty: req.qty ?? null,
    quoteQty: req.quoteQty ?? null,
    stp: req.stp ?? 'none',
    clientOrderId: req.clientOrderId ?? null,
    channel: req.source.channel,
    key: req.source.key ?? null,
    platform: keyRecord?.platform ?? null,
    ip: req.source.ip,
    device: req.source.device ?? null,
  };
  // (A rejection is a plain call, not a closure over `fields`: this function runs for every order.)
  if (market === undefined) return reject(v, fields, REJECT.unknownSymbol);
  if (account === undefined) return reject(v, fields, REJECT.unknownAccount);
  const denied = authorise(v, account, req.source, 'trade');
  if (denied !== null) return reject(v, fields, denied);
  if (market.halted) return reject(v, fields, REJECT.symbolHalted);

  const side: SideCode = req.side === 'buy' ? BUY : SELL;
  const price = fields.price;
  const qty = fields.qty;
  const quoteQty = fields.quoteQty;
  const bad = checkShape(market, isMarket, side, fields.postOnly, tif, price, qty, quoteQty);
  if (bad !== null) return reject(v, fields, bad);

  // Funds to lock, and for market orders the budget in ticks x lots.
  const k = market.quoteUnitsPerTickLot;
  const quoteAsset = market.quoteAsset;
  const baseAsset = market.baseAsset;
  let lockAsset: number;
  let lock: number;
  let budget = Infinity;
  if (side === SELL) {
    lockAsset = baseAsset;
    lock = qty! * market.baseUnitsPerLot;
    if (!Number.isSafeInteger(lock)) return reject(v, fields, REJECT.notionalTooLarge);
  } else {
    lockAsset = quoteAsset;
    if (quoteQty !== null) {
      lock = quoteQty;
      budget = Math.floor(quoteQty / k);
    } else if (price !== null) {
      lock = market.notional(price, qty!);
      if (Number.isNaN(lock)) return reject(v, fields, REJECT.notionalTooLarge);
    } else {
      lock = account.avail(quoteAsset);
      budget = Math.floor(lock / k);
    }
  }
  if (!isMarket && market.notional(price!, qty!) < market.spec.minNotional) return reject(v, fields, REJECT.belowMinNotional);
  if (quoteQty !== null && quoteQty < market.spec.minNotional) return reject(v, fields, REJECT.belowMinNotional);
  if (lock > account.avail(lockAsset)) return reject(v, fields, REJECT.insufficientBalance);
  if (lock === 0 && budget !== Infinity) return reject(v, fields, REJECT.insufficientBalance);

  const book = market.book;
  if (!isMarket && fields.postOnly && market.book.crosses(side, price!)) return reject(v, fields, REJECT.postOnlyWouldCross);

  const id = v.orderIds.next();
  fields.seq = v.nextSeq();
  fields.order = id;
  v.emit(fields);
  account.lock(lockAsset, lock);
  const stp = stpCode(fields.stp);
  const status = isMarket
    ? book.market(id, side, qty ?? Infinity, account.id, budget, price ?? 0, stp)
    : book.limit(id, side, price!, qty!, account.id, tifCode(tif), fields.postOnly, stp);
  if (status !== OK) {
    // Checked above; reaching here is a bug in this file, not a user error.
    throw new Error(`book refused order ${id} with status ${status} after validation`);
  }

  const spent = settleFills(v, market, account, id, side);
  settleSelfTradeRemovals(v, market);

  // What the taker still needs locked: the resting part at its limit price.
  const rested = book.rested;
  const needed = rested === 0 ? 0 : side === BUY ? rested * price! * k : rested * market.baseUnitsPerLot;
  account.spendLocked(lockAsset, spent);
  const excess = lock - spent - needed;
  if (excess !== 0) account.unlock(lockAsset, excess);
  if (rested > 0) v.live.add(id, account.id, market.index, side, price!, lockAsset, needed);
  const dropped = book.dropped;
  if (book.dropReason !== DROP_NONE) {
    const reason: CancelReason =
      book.dropReason === DROP_FOK ? 'fok' : book.dropReason === DROP_SELF_TRADE ? 'self-trade' : 'unfilled';
    emitCancel(v, id, account.id, market.spec.code, req.side, price, dropped, reason);
  }
  return { ok: true, order: id };
}

/** Emits `order-rejected` with the request's fields (those of the would-be `order-accepted`). */
function reject(v: Venue, fields: EventOf<'order-accepted'>, reason: RejectReason): OrderResult {
  const { seq: _seq, t: _t, type: _type, order: _order, ...rest } = fields;
  v.emit({
    seq: v.nextSeq(),
    t: v.now,
    type: 'order-rejected',
    ...rest,
    price: echo(fields.price),
    qty: echo(fields.qty),
    quoteQty: echo(fields.quoteQty),
    reason,
  });
  return { ok: false, reason };
}

/** The event echoes only well-formed numbers: a NaN or negative price is why it was refused, not data. */
function echo(n: number | null): number | null {
  return n !== null && Number.isSafeInteger(n) && n > 0 ? n : null;
}

const positive = (n: number | null) => n !== null && Number.isSafeInteger(n) && n > 0;

/** Shape checks that need no balances: which fields each order kind takes. */
function checkShape(
  market: Market,
  isMarket: boolean,
  side: SideCode,
  postOnly: boolean,
  tif: string,
  price: number | null,
  qty: number | null,
  quoteQty: number | null,
): RejectReason | null {
  if (price !== null && !positive(price)) return REJECT.badPrice;
  if (qty !== null && !positive(qty)) return REJECT.badQuantity;
  if (quoteQty !== null && !positive(quoteQty)) return REJECT.badQuantity;
  if (isMarket) {
    if (postOnly || tif !== 'ioc') return REJECT.badParameters;
    if ((qty === null) === (quoteQty === null)) return REJECT.badParameters;
    if (quoteQty !== null && (side !== BUY || price !== null)) return REJECT.badParameters;
    if (quoteQty !== null && quoteQty < market.quoteUnitsPerTickLot) return REJECT.badQuantity;
    return null;
  }
  if (price === null || qty === null || quoteQty !== null) return REJECT.badParameters;
  if (postOnly && tif !== 'gtc') return REJECT.badParameters;
  return null;
}
