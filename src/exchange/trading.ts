import {
  AMEND_UNKNOWN,
  BUY,
  DROP_FOK,
  DROP_NONE,
  DROP_SELF_TRADE,
  FOK,
  GTC,
  IOC,
  NIL,
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
import type {
  AccountId,
  ApiKeyId,
  CancelReason,
  Channel,
  EventOf,
  OrderId,
  Side,
  StpMode,
  SymbolCode,
} from '../core/index.js';
import type { Account } from './account.js';
import { authorise } from './authorise.js';
import { buyerFeeOf, sellerFeeOf } from './fees.js';
import type { Market } from './market.js';
import { REJECT, type RejectReason } from './reasons.js';
import type { Venue } from './venue.js';

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
  tif?: 'gtc' | 'ioc' | 'fok';
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
  if (!isMarket && fields.postOnly && crosses(market, side, price!)) return reject(v, fields, REJECT.postOnlyWouldCross);

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

function crosses(market: Market, side: SideCode, price: number): boolean {
  const book = market.book;
  if (side === BUY) {
    const a = book.bestAsk();
    return a !== 0 && a <= price;
  }
  const b = book.bestBid();
  return b !== 0 && b >= price;
}

/**
 * Settles the fills the book just reported for taker order `takerId`: moves
 * base and quote between the accounts, takes fees into the fee ledger, emits
 * one trade event each, and retires makers that filled completely. Returns
 * the taker's locked units that the fills consumed.
 */
function settleFills(v: Venue, market: Market, taker: Account, takerId: OrderId, side: SideCode): number {
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
function settleSelfTradeRemovals(v: Venue, market: Market): void {
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
function retire(v: Venue, slot: number): void {
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
  if (!keep && crosses(market, side, price)) return 'amend-would-cross';
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
