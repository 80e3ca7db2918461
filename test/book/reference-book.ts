/**
 * A deliberately naive reference order book for differential testing against
 * `OrderBook`. Resting orders are one plain array of objects; every match
 * re-sorts the opposite side by price (best first) and then by arrival
 * sequence. Nothing is clever, so it is slow and easy to check by reading.
 *
 * Semantics mirror OrderBook's documentation:
 * - limit: GTC rests the remainder, IOC drops it (DROP_UNFILLED), FOK trades
 *   only when the whole quantity can fill right now (else nothing trades,
 *   DROP_FOK), post-only is rejected when it would cross;
 * - market: sweeps until `qty` lots are filled, the quote `budget` (ticks x
 *   lots) is spent, or the next price is beyond `protection` (0 = none); at each
 *   maker the fill is min(maker qty, remaining, floor(budget / price)) and the
 *   sweep stops when that is 0; a remainder is never rested;
 * - self-trade prevention (only for a taker with owner != 0 and stp != NONE):
 *   cancel-newest drops the taker's remainder when it reaches an own resting
 *   order, cancel-oldest removes the resting order and goes on matching,
 *   cancel-both removes the resting order and drops the remainder;
 * - cancel, reduce (keeps priority; reaching zero cancels), execute (one fill
 *   against an unseen taker), amend (same price and qty <= remaining keeps
 *   priority, anything else is cancel + re-add as GTC at the back).
 *
 * Where OrderBook has no validation (reduce/execute amounts, amend price) the
 * reference does the sensible thing: it refuses non-integer or out-of-range
 * amounts and prices and changes nothing. Tests that feed such inputs are the
 * ones that document OrderBook's defects.
 */
import {
  AMEND_KEPT_PRIORITY,
  AMEND_REQUEUED,
  AMEND_UNKNOWN,
  type AmendResult,
} from '../../src/book/order-book.js';
import {
  BUY,
  DROP_FOK,
  DROP_NONE,
  DROP_SELF_TRADE,
  DROP_UNFILLED,
  type DropReason,
  FOK,
  GTC,
  OK,
  REJECT_BAD_PRICE,
  REJECT_BAD_QUANTITY,
  REJECT_DUPLICATE_ID,
  REJECT_POST_ONLY_WOULD_CROSS,
  SELL,
  type SideCode,
  STP_CANCEL_BOTH,
  STP_CANCEL_NEWEST,
  STP_CANCEL_OLDEST,
  STP_NONE,
  type StpCode,
  type SubmitStatus,
  type TifCode,
} from '../../src/book/constants.js';

export interface RefOrder {
  id: number;
  side: SideCode;
  price: number;
  qty: number;
  owner: number;
  /** Arrival sequence: smaller arrived earlier. A requeue gets a new one. */
  seq: number;
}

export interface RefFill {
  makerId: number;
  makerOwner: number;
  price: number;
  qty: number;
  makerLeft: number;
}

export interface RefRemoved {
  id: number;
  qty: number;
}

export interface RefDepthLevel {
  price: number;
  qty: number;
  orders: number;
}

const isQty = (q: number): boolean => Number.isSafeInteger(q) && q > 0;
const isPrice = (p: number): boolean => Number.isSafeInteger(p) && p > 0;

/** True when a price `p` is at least as good as the taker's `limit` for a taker on `side`. */
const withinLimit = (side: SideCode, p: number, limit: number): boolean => (side === BUY ? p <= limit : p >= limit);

export class ReferenceBook {
  /** Every live resting order, in no particular order. */
  orders: RefOrder[] = [];
  private nextSeq = 1;

  // Outcome of the last operation.
  fills: RefFill[] = [];
  removed: RefRemoved[] = [];
  filled = 0;
  rested = 0;
  dropped = 0;
  dropReason: DropReason = DROP_NONE;
  budgetLeft = 0;

  // ---------------------------------------------------------------- helpers

  private reset(): void {
    this.fills = [];
    this.removed = [];
    this.filled = 0;
    this.rested = 0;
    this.dropped = 0;
    this.dropReason = DROP_NONE;
  }

  private find(id: number): RefOrder | undefined {
    return this.orders.find((o) => o.id === id);
  }

  private remove(o: RefOrder): void {
    this.orders = this.orders.filter((x) => x !== o);
  }

  /** Resting orders of one side, in matching order: best price first, then oldest first. */
  queue(side: SideCode): RefOrder[] {
    return this.orders
      .filter((o) => o.side === side)
      .sort((a, b) => (a.price !== b.price ? (side === BUY ? b.price - a.price : a.price - b.price) : a.seq - b.seq));
  }

  private addResting(id: number, side: SideCode, price: number, qty: number, owner: number): void {
    this.orders.push({ id, side, price, qty, owner, seq: this.nextSeq++ });
  }

  /**
   * The matching loop, one maker at a time, re-sorting the opposite side each
   * time. Returns the lots left and whether self-trade prevention stopped it.
   */
  private take(
    side: SideCode,
    limit: number,
    qty: number,
    budget: number,
    owner: number,
    stp: StpCode,
  ): { left: number; stpStopped: boolean; budget: number } {
    const opp: SideCode = side === BUY ? SELL : BUY;
    const checkOwner = stp !== STP_NONE && owner !== 0;
    let remaining = qty;
    for (;;) {
      if (remaining <= 0) break;
      const m = this.queue(opp)[0];
      if (m === undefined) break;
      if (!withinLimit(side, m.price, limit)) break;
      if (checkOwner && m.owner === owner) {
        if (stp === STP_CANCEL_NEWEST) return { left: remaining, stpStopped: true, budget };
        this.removed.push({ id: m.id, qty: m.qty });
        this.remove(m);
        if (stp === STP_CANCEL_BOTH) return { left: remaining, stpStopped: true, budget };
        continue;
      }
      let f = Math.min(m.qty, remaining);
      if (budget !== Infinity) {
        f = Math.min(f, Math.floor(budget / m.price));
        if (f <= 0) break;
        budget -= f * m.price;
      }
      m.qty -= f;
      remaining -= f;
      this.fills.push({ makerId: m.id, makerOwner: m.owner, price: m.price, qty: f, makerLeft: m.qty });
      if (m.qty === 0) this.remove(m);
    }
    return { left: remaining, stpStopped: false, budget };
  }

  // ---------------------------------------------------------------- submits

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
    if (!isQty(qty)) return REJECT_BAD_QUANTITY;
    if (!isPrice(price)) return REJECT_BAD_PRICE;
    if (this.find(id) !== undefined) return REJECT_DUPLICATE_ID;
    const opp: SideCode = side === BUY ? SELL : BUY;
    const best = this.queue(opp)[0];
    const crosses = best !== undefined && withinLimit(side, best.price, price);
    if (postOnly && crosses) return REJECT_POST_ONLY_WOULD_CROSS;
    if (tif === FOK && this.fillable(side, price, qty, owner, stp) < qty) {
      this.dropped = qty;
      this.dropReason = DROP_FOK;
      return OK;
    }
    const { left, stpStopped } = this.take(side, price, qty, Infinity, owner, stp);
    this.filled = qty - left;
    if (left > 0) {
      if (stpStopped) {
        this.dropped = left;
        this.dropReason = DROP_SELF_TRADE;
      } else if (tif === GTC) {
        this.addResting(id, side, price, left, owner);
        this.rested = left;
      } else {
        this.dropped = left;
        this.dropReason = DROP_UNFILLED;
      }
    }
    return OK;
  }

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
    const byQuote = qty === Infinity;
    if (byQuote ? !(budget > 0 && budget < Infinity) : !isQty(qty)) return REJECT_BAD_QUANTITY;
    if (protection !== 0 && !isPrice(protection)) return REJECT_BAD_PRICE;
    if (this.find(id) !== undefined) return REJECT_DUPLICATE_ID;
    const limit = protection !== 0 ? protection : side === BUY ? Infinity : -Infinity;
    const r = this.take(side, limit, qty, budget, owner, stp);
    this.budgetLeft = r.budget;
    this.filled = this.fills.reduce((s, f) => s + f.qty, 0);
    if (byQuote) {
      if (r.stpStopped) this.dropReason = DROP_SELF_TRADE;
      else if (r.budget > 0) this.dropReason = DROP_UNFILLED;
    } else if (r.left > 0) {
      this.dropped = r.left;
      this.dropReason = r.stpStopped ? DROP_SELF_TRADE : DROP_UNFILLED;
    }
    return OK;
  }

  // ------------------------------------------------------ resting orders

  cancel(id: number): number {
    this.reset();
    const o = this.find(id);
    if (o === undefined) return -1;
    this.remove(o);
    return o.qty;
  }

  /** Reduces by `by` lots keeping priority; `by` must be a non-negative integer. */
  reduce(id: number, by: number): number {
    this.reset();
    const o = this.find(id);
    if (o === undefined || !Number.isSafeInteger(by) || by < 0) return -1;
    if (by >= o.qty) return this.cancel(id);
    o.qty -= by;
    return by;
  }

  /** Executes up to `qty` (a positive integer) lots of a resting order; one fill. */
  execute(id: number, qty: number): number {
    this.reset();
    const o = this.find(id);
    if (o === undefined || !isQty(qty)) return -1;
    const f = Math.min(qty, o.qty);
    o.qty -= f;
    this.fills.push({ makerId: o.id, makerOwner: o.owner, price: o.price, qty: f, makerLeft: o.qty });
    this.filled = f;
    if (o.qty === 0) this.remove(o);
    return f;
  }

  amend(id: number, price: number, qty: number, stp: StpCode = STP_NONE): AmendResult {
    this.reset();
    const o = this.find(id);
    if (o === undefined || !isQty(qty) || !isPrice(price)) return AMEND_UNKNOWN;
    if (o.price === price && qty <= o.qty) {
      o.qty = qty;
      return AMEND_KEPT_PRIORITY;
    }
    this.remove(o);
    this.limit(id, o.side, price, qty, o.owner, GTC, false, stp);
    return AMEND_REQUEUED;
  }

  // ---------------------------------------------------------------- queries

  bestBid(): number {
    return this.queue(BUY)[0]?.price ?? 0;
  }

  bestAsk(): number {
    return this.queue(SELL)[0]?.price ?? 0;
  }

  get liveOrders(): number {
    return this.orders.length;
  }

  restingQty(side?: SideCode): number {
    return this.orders.filter((o) => side === undefined || o.side === side).reduce((s, o) => s + o.qty, 0);
  }

  has(id: number): boolean {
    return this.find(id) !== undefined;
  }

  remainingOf(id: number): number {
    return this.find(id)?.qty ?? -1;
  }

  priceOf(id: number): number {
    return this.find(id)?.price ?? -1;
  }

  sideOf(id: number): number {
    return this.find(id)?.side ?? -1;
  }

  seqOf(id: number): number {
    return this.find(id)?.seq ?? -1;
  }

  liveIds(): number[] {
    return [...this.orders].sort((a, b) => a.seq - b.seq).map((o) => o.id);
  }

  /** Full depth of one side, best first. */
  depth(side: SideCode): RefDepthLevel[] {
    const out: RefDepthLevel[] = [];
    for (const o of this.queue(side)) {
      const last = out[out.length - 1];
      if (last !== undefined && last.price === o.price) {
        last.qty += o.qty;
        last.orders++;
      } else out.push({ price: o.price, qty: o.qty, orders: 1 });
    }
    return out;
  }

  /** The queue at one price, oldest first. */
  levelOrders(side: SideCode, price: number): { id: number; qty: number; owner: number }[] {
    return this.queue(side)
      .filter((o) => o.price === price)
      .map((o) => ({ id: o.id, qty: o.qty, owner: o.owner }));
  }

  /**
   * Lots a taker could fill now up to `limit`, honouring self-trade prevention
   * the way the matching loop would: own orders are skipped under
   * cancel-oldest and end the walk under cancel-newest / cancel-both. Walks the
   * whole level containing the `want`-th lot (OrderBook's early exit is per
   * level), so the result can exceed `want`.
   */
  fillable(side: SideCode, limit: number, want: number, owner = 0, stp: StpCode = STP_NONE): number {
    const opp: SideCode = side === BUY ? SELL : BUY;
    const checkOwner = stp !== STP_NONE && owner !== 0;
    let sum = 0;
    let levelPrice: number | undefined;
    for (const o of this.queue(opp)) {
      if (o.price !== levelPrice) {
        // A new level: OrderBook only starts one while it still wants more.
        if (sum >= want) break;
        levelPrice = o.price;
      }
      if (!withinLimit(side, o.price, limit)) break;
      if (checkOwner && o.owner === owner) {
        if (stp === STP_CANCEL_NEWEST || stp === STP_CANCEL_BOTH) return sum;
        if (stp === STP_CANCEL_OLDEST) continue;
      }
      sum += o.qty;
    }
    return sum;
  }
}
