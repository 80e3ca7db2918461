import {
  BUY,
  DROP_FOK,
  DROP_NONE,
  DROP_SELF_TRADE,
  DROP_UNFILLED,
  type DropReason,
  FOK,
  GTC,
  NIL,
  OK,
  REJECT_BAD_ID,
  REJECT_BAD_PRICE,
  REJECT_BAD_QUANTITY,
  REJECT_DUPLICATE_ID,
  REJECT_POST_ONLY_WOULD_CROSS,
  SELL,
  type SideCode,
  STP_CANCEL_BOTH,
  STP_CANCEL_NEWEST,
  STP_NONE,
  type StpCode,
  type SubmitStatus,
  type TifCode,
} from './constants.js';
import { Fills, Removed } from './fills.js';
import { IntMap } from './int-map.js';
import { Ladder } from './ladder.js';
import { LevelPool } from './level-pool.js';
import { OrderPool } from './order-pool.js';

/** Result of `amend`. */
export const AMEND_UNKNOWN = -1;
/** Only the quantity went down: the order kept its place in the queue. */
export const AMEND_KEPT_PRIORITY = 1;
/** New price or larger quantity: the order went to the back of a queue (and may have traded). */
export const AMEND_REQUEUED = 2;
export type AmendResult = typeof AMEND_UNKNOWN | typeof AMEND_KEPT_PRIORITY | typeof AMEND_REQUEUED;

const isQty = (q: number) => q > 0 && Number.isSafeInteger(q);

/**
 * A limit order book for one symbol with price-time priority. Pure and
 * synchronous: it knows orders, owners and quantities, not accounts or money.
 *
 * Prices are integer ticks, quantities integer lots. Ids are chosen by the
 * caller (the exchange's order ids, or the ids of a replayed real feed).
 *
 * Every operation resets and then fills in its outcome: `fills` (each fill with
 * maker id, maker owner, price, quantity), `removed` (resting orders that
 * self-trade prevention cancelled), and the totals `filled`, `rested`,
 * `dropped` with `dropReason`. For any accepted submit,
 * `filled + rested + dropped` equals the submitted quantity (for a market
 * buy sized in quote, `rested` is 0 and the rest of its budget is the drop).
 *
 * Costs: submit O(levels crossed + fills), cancel O(1) (queues are doubly
 * linked and ids are hashed, no scan), best bid/ask O(1).
 */
export class OrderBook {
  readonly orders: OrderPool;
  readonly levels: LevelPool;
  readonly bids: Ladder;
  readonly asks: Ladder;
  readonly fills = new Fills();
  readonly removed = new Removed();
  private readonly index: IntMap;

  /** Outcome of the last operation. */
  filled = 0;
  rested = 0;
  dropped = 0;
  dropReason: DropReason = DROP_NONE;
  /** Quote budget (ticks x lots) the last market order left unspent. */
  budgetLeft = 0;

  private restingBuy = 0;
  private restingSell = 0;
  private stpStopped = false;

  constructor(options: { capacity?: number } = {}) {
    const capacity = options.capacity ?? 1024;
    this.orders = new OrderPool(capacity);
    this.index = new IntMap(capacity);
    this.levels = new LevelPool();
    this.bids = new Ladder(this.levels, 1, BUY);
    this.asks = new Ladder(this.levels, -1, SELL);
  }

  // ---------------------------------------------------------------- submits

  /**
   * A limit order: crosses up to `price`, then rests (GTC) or drops the rest
   * (IOC); FOK trades only if the whole quantity can fill at once; post-only
   * is rejected if it would cross.
   */
  limit(
    id: number,
    side: SideCode,
    price: number,
    qty: number,
    owner = 0,
    tif: TifCode = GTC,
    postOnly = false,
    stp: StpCode = STP_NONE,
  ): SubmitStatus {
    this.reset();
    if (!Number.isSafeInteger(id)) return REJECT_BAD_ID;
    if (!isQty(qty)) return REJECT_BAD_QUANTITY;
    if (!(price > 0) || !Number.isSafeInteger(price)) return REJECT_BAD_PRICE;
    if (this.index.get(id) !== NIL) return REJECT_DUPLICATE_ID;
    const crosses = this.crosses(side, price);
    if (postOnly && crosses) return REJECT_POST_ONLY_WOULD_CROSS;
    if (tif === FOK && this.fillable(side, price, qty, owner, stp) < qty) {
      this.dropped = qty;
      this.dropReason = DROP_FOK;
      return OK;
    }
    const left = crosses ? this.take(side, price, qty, Infinity, owner, stp) : qty;
    this.filled = qty - left;
    if (left > 0) {
      if (this.stpStopped) this.drop(left, DROP_SELF_TRADE);
      else if (tif === GTC) {
        this.rest(id, side, price, left, owner);
        this.rested = left;
      } else this.drop(left, DROP_UNFILLED);
    }
    return OK;
  }

  /**
   * A market order. It sweeps the other side until `qty` lots are filled, the
   * quote `budget` (in ticks x lots) is spent, or the next price is beyond
   * `protection` (0 = no protection price); whatever is left is dropped, never
   * rested. A market buy sized in quote passes `qty = Infinity`.
   */
  market(
    id: number,
    side: SideCode,
    qty: number,
    owner = 0,
    budget = Infinity,
    protection = 0,
    stp: StpCode = STP_NONE,
  ): SubmitStatus {
    this.reset();
    if (!Number.isSafeInteger(id)) return REJECT_BAD_ID;
    if (!(qty === Infinity ? budget > 0 && budget < Infinity : isQty(qty) && (budget === Infinity || budget > 0))) {
      return REJECT_BAD_QUANTITY;
    }
    if (protection !== 0 && (!(protection > 0) || !Number.isSafeInteger(protection))) return REJECT_BAD_PRICE;
    if (this.index.get(id) !== NIL) return REJECT_DUPLICATE_ID;
    const limit = protection !== 0 ? protection : side === BUY ? Infinity : -Infinity;
    this.budgetLeft = budget;
    const left = this.take(side, limit, qty, budget, owner, stp);
    this.filled = this.filledByTake;
    if (qty === Infinity) {
      // Sized in quote: no lot quantity was asked for, so nothing counts as dropped
      // in lots; the unspent budget is `budgetLeft`.
      if (this.stpStopped) this.dropReason = DROP_SELF_TRADE;
      else if (this.budgetLeft > 0) this.dropReason = DROP_UNFILLED;
    } else if (left > 0) this.drop(left, this.stpStopped ? DROP_SELF_TRADE : DROP_UNFILLED);
    return OK;
  }

  // ------------------------------------------------------ resting orders

  /** Removes a resting order. Returns the quantity removed, or -1 if the id is not live. */
  cancel(id: number): number {
    this.reset();
    const o = this.index.remove(id);
    if (o === NIL) return -1;
    const q = this.orders.qty[o]!;
    this.detach(o, q);
    this.orders.release(o);
    return q;
  }

  /**
   * Reduces a resting order by `by` lots, keeping its place in the queue (a
   * reduction that reaches zero cancels it). Returns the quantity removed, or
   * -1 if the id is not live or `by` is not a positive whole number.
   */
  reduce(id: number, by: number): number {
    this.reset();
    const o = this.index.get(id);
    if (o === NIL || !isQty(by)) return -1;
    const q = this.orders.qty[o]!;
    if (by >= q) return this.cancel(id);
    this.orders.qty[o] = q - by;
    this.levels.qty[this.orders.level[o]!]! -= by;
    this.adjustResting(this.levels.side[this.orders.level[o]!] as SideCode, -by);
    return by;
  }

  /**
   * Executes `qty` lots of a resting order against a taker the book does not
   * see (replaying an order-level feed that reports executions). Records one
   * fill. Returns the quantity executed (at most what rests), or -1 if the id
   * is unknown or the quantity is not a positive whole number.
   */
  execute(id: number, qty: number): number {
    this.reset();
    const o = this.index.get(id);
    if (o === NIL || !isQty(qty)) return -1;
    const O = this.orders;
    const q = O.qty[o]!;
    const f = qty < q ? qty : q;
    const lvl = O.level[o]!;
    this.fills.push(id, O.owner[o]!, this.levels.price[lvl]!, f, q - f);
    this.filled = f;
    if (f === q) {
      this.index.remove(id);
      this.detach(o, q);
      O.release(o);
    } else {
      O.qty[o] = q - f;
      this.levels.qty[lvl]! -= f;
      this.adjustResting(this.levels.side[lvl] as SideCode, -f);
    }
    return f;
  }

  /**
   * Changes a resting order's price and/or quantity. Lowering the quantity at
   * the same price keeps queue priority; a new price or a larger quantity
   * re-enters at the back of the queue as a GTC limit order, and may trade.
   */
  amend(id: number, price: number, qty: number, stp: StpCode = STP_NONE): AmendResult {
    this.reset();
    const o = this.index.get(id);
    // Validate everything before cancelling: a refused re-entry must not lose the order.
    if (o === NIL || !isQty(qty) || !(price > 0) || !Number.isSafeInteger(price)) return AMEND_UNKNOWN;
    const O = this.orders;
    const lvl = O.level[o]!;
    const oldQty = O.qty[o]!;
    if (this.levels.price[lvl] === price && qty <= oldQty) {
      this.reduce(id, oldQty - qty);
      return AMEND_KEPT_PRIORITY;
    }
    const side = this.levels.side[lvl] as SideCode;
    const owner = O.owner[o]!;
    this.cancel(id);
    this.limit(id, side, price, qty, owner, GTC, false, stp);
    return AMEND_REQUEUED;
  }

  // ---------------------------------------------------------------- queries

  /** Best bid price in ticks, or 0 when there are no bids. */
  bestBid(): number {
    const b = this.bids.best();
    return b === NIL ? 0 : this.levels.price[b]!;
  }

  /** Best ask price in ticks, or 0 when there are no asks. */
  bestAsk(): number {
    const a = this.asks.best();
    return a === NIL ? 0 : this.levels.price[a]!;
  }

  get liveOrders(): number {
    return this.orders.size;
  }

  /** Total resting lots, on one side or both. */
  restingQty(side?: SideCode): number {
    if (side === BUY) return this.restingBuy;
    if (side === SELL) return this.restingSell;
    return this.restingBuy + this.restingSell;
  }

  has(id: number): boolean {
    return this.index.get(id) !== NIL;
  }

  /** Remaining lots of a live order, or -1. */
  remainingOf(id: number): number {
    const o = this.index.get(id);
    return o === NIL ? -1 : this.orders.qty[o]!;
  }

  /** Price of a live order, or -1. */
  priceOf(id: number): number {
    const o = this.index.get(id);
    return o === NIL ? -1 : this.levels.price[this.orders.level[o]!]!;
  }

  /** Side of a live order, or -1. */
  sideOf(id: number): number {
    const o = this.index.get(id);
    return o === NIL ? -1 : this.levels.side[this.orders.level[o]!]!;
  }

  /**
   * Lots a taker could fill right now up to `limit` (for FOK), stopping early
   * once `want` is reached, and honouring self-trade prevention: orders of the
   * same owner are skipped (cancel-oldest) or end the walk (cancel-newest/both).
   */
  fillable(side: SideCode, limit: number, want: number, owner = 0, stp: StpCode = STP_NONE): number {
    const opp = side === BUY ? this.asks : this.bids;
    const dir = side === BUY ? 1 : -1;
    const L = this.levels;
    const O = this.orders;
    const checkOwner = stp !== STP_NONE && owner !== 0;
    let sum = 0;
    for (let i = opp.n - 1; i >= 0 && sum < want; i--) {
      const lvl = opp.sorted[i]!;
      if (dir * L.price[lvl]! > dir * limit) break;
      if (!checkOwner) {
        sum += L.qty[lvl]!;
        continue;
      }
      for (let o = L.head[lvl]!; o !== NIL; o = O.next[o]!) {
        if (O.owner[o] === owner) {
          if (stp === STP_CANCEL_NEWEST || stp === STP_CANCEL_BOTH) return sum;
          continue;
        }
        sum += O.qty[o]!;
      }
    }
    return sum;
  }

  // -------------------------------------------------------------- internals

  private filledByTake = 0;

  private reset(): void {
    this.fills.count = 0;
    if (this.removed.ids.length !== 0) this.removed.clear();
    this.filled = 0;
    this.rested = 0;
    this.dropped = 0;
    this.dropReason = DROP_NONE;
    this.stpStopped = false;
    this.filledByTake = 0;
  }

  private drop(qty: number, reason: DropReason): void {
    this.dropped = qty;
    this.dropReason = reason;
  }

  /** Whether an order on `side` at `price` would trade against the other side now. */
  crosses(side: SideCode, price: number): boolean {
    if (side === BUY) {
      const a = this.asks.best();
      return a !== NIL && this.levels.price[a]! <= price;
    }
    const b = this.bids.best();
    return b !== NIL && this.levels.price[b]! >= price;
  }

  private adjustResting(side: SideCode, by: number): void {
    if (side === BUY) this.restingBuy += by;
    else this.restingSell += by;
  }

  /** Appends an order at the back of its price level's queue. */
  private rest(id: number, side: SideCode, price: number, qty: number, owner: number): void {
    const ladder = side === BUY ? this.bids : this.asks;
    const lvl = ladder.levelAt(price);
    const O = this.orders;
    const L = this.levels;
    const o = O.alloc();
    O.id[o] = id;
    O.qty[o] = qty;
    O.owner[o] = owner;
    O.level[o] = lvl;
    O.next[o] = NIL;
    const tail = L.tail[lvl]!;
    O.prev[o] = tail;
    if (tail === NIL) L.head[lvl] = o;
    else O.next[tail] = o;
    L.tail[lvl] = o;
    L.qty[lvl]! += qty;
    L.count[lvl]!++;
    this.index.insert(id, o);
    if (side === BUY) this.restingBuy += qty;
    else this.restingSell += qty;
  }

  /** Unlinks a resting order of quantity q from its level (removing an emptied level). */
  private detach(o: number, q: number): void {
    const O = this.orders;
    const L = this.levels;
    const lvl = O.level[o]!;
    const p = O.prev[o]!;
    const n = O.next[o]!;
    if (p === NIL) L.head[lvl] = n;
    else O.next[p] = n;
    if (n === NIL) L.tail[lvl] = p;
    else O.prev[n] = p;
    L.qty[lvl]! -= q;
    const side = L.side[lvl] as SideCode;
    this.adjustResting(side, -q);
    if (--L.count[lvl]! === 0) (side === BUY ? this.bids : this.asks).removeLevel(lvl);
  }

  /**
   * The matching loop: takes liquidity from the other side, best level first
   * and oldest order first within a level, while the taker has quantity left,
   * budget left, and the level price is within `limit`. Returns the lots left.
   * Only ever consumes queues from their head, so no order is searched for.
   */
  private take(side: SideCode, limit: number, qty: number, budget: number, owner: number, stp: StpCode): number {
    const opp = side === BUY ? this.asks : this.bids;
    const dir = side === BUY ? 1 : -1;
    const L = this.levels;
    const O = this.orders;
    const oQty = O.qty;
    const oNext = O.next;
    const oOwner = O.owner;
    const oId = O.id;
    const fills = this.fills;
    const index = this.index;
    const checkOwner = stp !== STP_NONE && owner !== 0;
    let remaining = qty;
    let filled = 0;
    let taken = 0;
    let stop = false;
    while (remaining > 0 && opp.n > 0) {
      const lvl = opp.sorted[opp.n - 1]!;
      const lp = L.price[lvl]!;
      if (dir * lp > dir * limit) break;
      let o = L.head[lvl]!;
      let levelTaken = 0;
      while (o !== NIL) {
        const mo = oOwner[o]!;
        const oq = oQty[o]!;
        if (checkOwner && mo === owner) {
          if (stp === STP_CANCEL_NEWEST) {
            stop = true;
            this.stpStopped = true;
            break;
          }
          // cancel-oldest or cancel-both: the resting order goes.
          this.removed.ids.push(oId[o]!);
          this.removed.qtys.push(oq);
          levelTaken += oq;
          L.count[lvl]!--;
          index.remove(oId[o]!);
          const nx = oNext[o]!;
          O.release(o);
          o = nx;
          if (stp === STP_CANCEL_BOTH) {
            stop = true;
            this.stpStopped = true;
            break;
          }
          continue;
        }
        let f = oq < remaining ? oq : remaining;
        if (budget !== Infinity) {
          const afford = Math.floor(budget / lp);
          if (afford < f) f = afford;
          if (f <= 0) {
            stop = true;
            break;
          }
          budget -= f * lp;
        }
        const left = oq - f;
        fills.push(oId[o]!, mo, lp, f, left);
        remaining -= f;
        filled += f;
        levelTaken += f;
        if (left !== 0) {
          oQty[o] = left;
          break;
        }
        L.count[lvl]!--;
        index.remove(oId[o]!);
        const nx = oNext[o]!;
        O.release(o);
        o = nx;
        if (remaining <= 0) break;
      }
      // The consumed orders were all at the head: relink the queue once.
      L.head[lvl] = o;
      if (o === NIL) L.tail[lvl] = NIL;
      else O.prev[o] = NIL;
      L.qty[lvl]! -= levelTaken;
      taken += levelTaken;
      if (L.count[lvl] === 0) opp.removeLevel(lvl);
      if (stop || o !== NIL) break;
    }
    this.adjustResting(side === BUY ? SELL : BUY, -taken);
    this.filledByTake = filled;
    if (budget !== Infinity) this.budgetLeft = budget;
    return remaining;
  }
}
