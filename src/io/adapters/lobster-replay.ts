/**
 * Replays LOBSTER messages through the core OrderBook and checks it against the
 * orderbook file after every message, as `../shared/realdata/lobster-samples/
 * RECONSTRUCTION.md` prescribes:
 *
 * 1. The book starts from orderbook row 1 (the book after message 1), each
 *    level one anonymous block of shares (a synthetic order, id >= 10^12,
 *    clientOrderId `synthetic:lobster-level`). A cancel, delete or execution
 *    of an order id never seen takes its size off the block at that price.
 * 2. A level is tracked while it has stayed inside the top L since a new-order
 *    message created it or it was last loaded. After each message every
 *    tracked level must equal the row exactly (price and size).
 * 3. A level that enters the top L untracked is loaded from the row: its stale
 *    orders are cancelled and one block of the row's size replaces them.
 *    Levels of ours inside the row's range but absent from it are stale
 *    (they changed beyond depth L, unseen) and are cancelled.
 *
 * Everything the replay does to the book is also an event, so the imported
 * stream rebuilds the same book: loads and stale levels appear as `cancel`
 * (reason `user`: the feed does not say why) and `order-accepted` of blocks.
 */
import { BUY, OrderBook, SELL, type SideCode } from '../../book/index.js';
import type { ImportEvents } from './import-events.js';
import { levelCount, levelQty, ordersNewestFirst, priceAtRank, sideName, wouldCross } from './book-levels.js';

/** Synthetic ids (blocks, hidden makers, takers) start here, far above LOBSTER's order ids. */
export const SYNTHETIC_ID_BASE = 1_000_000_000_000;
/** LOBSTER's price for an empty level: ask 9999999999, bid -9999999999. */
const DUMMY_PRICE = 9_999_999_999;

export interface LobsterMessage {
  t: number;
  type: number;
  id: number;
  size: number;
  price: number;
  /** 1 buy limit order, -1 sell limit order. */
  direction: number;
}

/** Deterministic totals of the replay; the mismatch counts must be 0. */
export interface LobsterChecks {
  messages: number;
  /** Levels loaded from orderbook row 1. */
  initialLevels: number;
  /** Tracked levels compared with the orderbook file (one per level per row). */
  trackedComparisons: number;
  /** Levels loaded later, when they re-entered the top L untracked. */
  levelsLoaded: number;
  /** Of those, loads at a position other than L (RECONSTRUCTION.md expects none). */
  loadsNotAtLastPosition: number;
  staleLevelsCancelled: number;
  trackedMismatches: number;
  /** Cancels or executions of unseen ids at a price with no level. */
  unknownAtNoLevel: number;
  /** ... or taking more than the unknown block holds. */
  unknownBeyondBlock: number;
  trades: number;
}

const key = (side: SideCode, price: number) => (side === BUY ? price : -price);
/** True when `price` is worse than `worst` on `side`: outside a full row's range. */
const beyond = (side: SideCode, worst: number, price: number) => (side === BUY ? price < worst : price > worst);

export class LobsterReplay {
  readonly book = new OrderBook({ capacity: 4096 });
  readonly checks: LobsterChecks = {
    messages: 0,
    initialLevels: 0,
    trackedComparisons: 0,
    levelsLoaded: 0,
    loadsNotAtLastPosition: 0,
    staleLevelsCancelled: 0,
    trackedMismatches: 0,
    unknownAtNoLevel: 0,
    unknownBeyondBlock: 0,
    trades: 0,
  };
  /** First few problems, as text, for the report. */
  readonly problems: string[] = [];
  private readonly tracked = new Set<number>();
  /** The block order id at each level that has one (at most one: a load replaces the level). */
  private readonly blocks = new Map<number, number>();
  private nextSynthetic = SYNTHETIC_ID_BASE;
  private nextTrade = 1;
  // Scratch reused row after row (compare runs once per message, so it allocates nothing):
  /** One side of the current row, best first, as rowSide reads it, and which of its levels compare found in the book. */
  private readonly rowPrice: number[];
  private readonly rowSize: number[];
  private readonly rowSeen: boolean[];
  /** Stale levels compare found, as (side, price) pairs... */
  private readonly stale: number[] = [];
  /** ...and levels to load, as (side, price, size, position); position -1 for a tracked level that differed. */
  private readonly toLoad: number[] = [];

  constructor(
    private readonly ev: ImportEvents,
    /** Levels per side in the orderbook file (L). */
    readonly depth: number,
  ) {
    this.rowPrice = new Array<number>(depth).fill(0);
    this.rowSize = new Array<number>(depth).fill(0);
    this.rowSeen = new Array<boolean>(depth).fill(false);
  }

  private problem(text: string): void {
    if (this.problems.length < 10) this.problems.push(text);
  }

  /** Message 1 and orderbook row 1: trades of message 1 are on the tape; the book comes from the row. */
  start(m: LobsterMessage, row: readonly number[]): void {
    this.checks.messages++;
    if (m.type === 4 || m.type === 5 || m.type === 6) this.trade(m, m.id > 0 ? m.id : this.synthetic());
    for (const side of [SELL, BUY] as const) {
      const n = this.rowSide(row, side);
      for (let i = 0; i < n; i++) {
        this.load(m.t, side, this.rowPrice[i]!, this.rowSize[i]!);
        this.checks.initialLevels++;
      }
    }
  }

  /** Applies one message (2, 3, ...) and compares with its orderbook row; `at` names the row in problems. */
  step(m: LobsterMessage, row: readonly number[], at: string): void {
    this.checks.messages++;
    this.apply(m, at);
    this.compare(m.t, row, at);
  }

  private synthetic(): number {
    return this.nextSynthetic++;
  }

  private apply(m: LobsterMessage, at: string): void {
    const side: SideCode = m.direction === 1 ? BUY : SELL;
    switch (m.type) {
      case 1: {
        if (this.book.has(m.id)) throw new Error(`${at}: order ${m.id} is already live`);
        const created = levelQty(this.book, side, m.price) === 0;
        this.rest(m.t, m.id, side, m.price, m.size, null, at);
        if (created) this.tracked.add(key(side, m.price));
        return;
      }
      case 2:
      case 3:
      case 4:
        this.take(m, side, at);
        return;
      case 5:
      case 6:
        // Hidden executions and crosses change no visible level: a trade with synthetic ids.
        this.trade(m, this.synthetic());
        return;
      case 7:
        // Halt indicator: price -1 halt, 0 quoting resumes, 1 trading resumes.
        if (m.price === -1) this.ev.halt(m.t, 'set', 'LOBSTER trading halt');
        else if (m.price === 1) this.ev.halt(m.t, 'lifted', 'LOBSTER trading resumed');
        return;
      default:
        throw new Error(`${at}: unknown message type ${m.type}`);
    }
  }

  /** A cancel (2), delete (3) or visible execution (4) of a known order, or of the unknown block at its price. */
  private take(m: LobsterMessage, side: SideCode, at: string): void {
    const b = this.book;
    let id = m.id;
    let size = m.size;
    if (!b.has(id)) {
      const block = this.blocks.get(key(side, m.price));
      if (block === undefined || !b.has(block)) {
        if (levelQty(b, side, m.price) === 0) this.checks.unknownAtNoLevel++;
        else this.checks.unknownBeyondBlock++;
        this.problem(`${at}: order ${m.id} was never seen and there is no unknown block at ${m.price}`);
        if (m.type === 4) this.trade(m, id);
        return;
      }
      id = block;
      const left = b.remainingOf(block);
      if (size > left) {
        this.checks.unknownBeyondBlock++;
        this.problem(`${at}: order ${m.id} takes ${size}, more than the ${left} left in the unknown block at ${m.price}`);
        size = left;
      }
    } else if (m.type === 3 || size > b.remainingOf(id)) size = b.remainingOf(id);
    const price = b.priceOf(id);
    if (m.type === 4) {
      b.execute(id, size);
      this.trade({ ...m, size, price }, id);
    } else {
      const left = b.remainingOf(id) - size;
      if (left > 0) {
        b.reduce(id, size);
        this.ev.amend(m.t, id, price, left, true);
      } else {
        b.cancel(id);
        this.ev.cancel(m.t, id, sideName(side), price, size);
      }
    }
    if (levelQty(b, side, price) === 0) this.tracked.delete(key(side, price));
  }

  private trade(m: LobsterMessage, makerOrder: number): void {
    // The executed order's side is `direction`; the taker came from the other side.
    this.ev.trade(m.t, this.nextTrade++, m.price, m.size, m.direction === 1 ? 'sell' : 'buy', makerOrder, this.synthetic());
    this.checks.trades++;
  }

  /** Rests an order; stale opposite levels it would cross are cancelled first, so the book never matches. */
  private rest(t: number, id: number, side: SideCode, price: number, qty: number, clientOrderId: string | null, at: string): void {
    const other: SideCode = side === BUY ? SELL : BUY;
    while (wouldCross(this.book, side, price)) {
      const p = other === BUY ? this.book.bestBid() : this.book.bestAsk();
      if (this.tracked.has(key(other, p))) {
        this.checks.trackedMismatches++;
        this.problem(`${at}: a ${sideName(side)} at ${price} would cross the tracked ${sideName(other)} level ${p}`);
      } else this.checks.staleLevelsCancelled++;
      this.wipe(t, other, p);
    }
    this.book.limit(id, side, price, qty);
    this.ev.order(t, id, sideName(side), price, qty, clientOrderId);
  }

  /** Cancels every order at a level (stale, or about to be loaded). */
  private wipe(t: number, side: SideCode, price: number): void {
    for (const o of ordersNewestFirst(this.book, side, price)) {
      this.book.cancel(o.id);
      this.ev.cancel(t, o.id, sideName(side), price, o.qty);
    }
    this.tracked.delete(key(side, price));
    this.blocks.delete(key(side, price));
  }

  /** Replaces a level by one block of `size`, tracked from now on. */
  private load(t: number, side: SideCode, price: number, size: number): void {
    this.wipe(t, side, price);
    const id = this.synthetic();
    this.rest(t, id, side, price, size, 'synthetic:lobster-level', '');
    this.blocks.set(key(side, price), id);
    this.tracked.add(key(side, price));
  }

  /** Reads the real levels of one side of a row, best first, into rowPrice and rowSize; returns how many. */
  private rowSide(row: readonly number[], side: SideCode): number {
    const off = side === SELL ? 0 : 2;
    let n = 0;
    for (; n < this.depth; n++) {
      const price = row[4 * n + off]!;
      const size = row[4 * n + off + 1]!;
      if (size === 0 || Math.abs(price) === DUMMY_PRICE) break;
      this.rowPrice[n] = price;
      this.rowSize[n] = size;
      this.rowSeen[n] = false;
    }
    return n;
  }

  private compare(t: number, row: readonly number[], at: string): void {
    const { stale, toLoad } = this;
    stale.length = 0;
    toLoad.length = 0;
    this.compareSide(SELL, row, at);
    this.compareSide(BUY, row, at);
    // Stale levels go before any load, so a loaded block never meets a stale level on the other side.
    for (let i = 0; i < stale.length; i += 2) this.wipe(t, stale[i] as SideCode, stale[i + 1]!);
    for (let i = 0; i < toLoad.length; i += 4) {
      const position = toLoad[i + 3]!;
      if (position !== -1) {
        this.checks.levelsLoaded++;
        if (position !== this.depth) this.checks.loadsNotAtLastPosition++;
      }
      this.load(t, toLoad[i] as SideCode, toLoad[i + 1]!, toLoad[i + 2]!);
    }
  }

  /**
   * Where the row's side (its first n levels) lists `price`, or -1. A price
   * listed twice reads as its last listing, as a Map keyed by price would.
   */
  private lastListing(price: number, n: number): number {
    // (lastIndexOf counts a negative start from the end: no levels must not search at all.)
    return n === 0 ? -1 : this.rowPrice.lastIndexOf(price, n - 1);
  }

  /** Compares one side of the book with the row; what differs goes to `stale` and `toLoad`. */
  private compareSide(side: SideCode, row: readonly number[], at: string): void {
    const b = this.book;
    const { rowPrice, rowSize, rowSeen } = this;
    const n = this.rowSide(row, side);
    // A full row (L levels) tells nothing beyond its worst price; a shorter one is the whole side.
    const full = n === this.depth;
    const worst = full ? rowPrice[n - 1]! : 0;
    const levels = levelCount(b, side);
    for (let rank = 0; rank < levels; rank++) {
      const price = priceAtRank(b, side, rank);
      if (full && beyond(side, worst, price)) break;
      const w = this.lastListing(price, n);
      const tracked = this.tracked.has(key(side, price));
      if (w < 0) {
        if (tracked) {
          this.checks.trackedMismatches++;
          this.problem(`${at}: tracked ${sideName(side)} level ${price} is not in the orderbook row`);
        } else this.checks.staleLevelsCancelled++;
        this.stale.push(side, price);
        continue;
      }
      rowSeen[w] = true;
      if (tracked) {
        this.checks.trackedComparisons++;
        const ours = levelQty(b, side, price);
        if (ours !== rowSize[w]) {
          this.checks.trackedMismatches++;
          this.problem(`${at}: ${sideName(side)} level ${price} holds ${ours}, the orderbook row says ${rowSize[w]}`);
          this.toLoad.push(side, price, rowSize[w]!, -1);
        }
      } else this.toLoad.push(side, price, rowSize[w]!, w + 1);
    }
    // Row levels the book lacks, in row order (a price listed twice counts once, at its first place).
    for (let i = 0; i < n; i++) {
      const price = rowPrice[i]!;
      if (rowPrice.indexOf(price) !== i) continue;
      const w = this.lastListing(price, n);
      if (!rowSeen[w]) this.toLoad.push(side, price, rowSize[w]!, w + 1);
    }
    // Levels beyond the row's depth have left the top L: no longer tracked.
    // (The tracked set is small, about 2L, so scanning it beats walking every level of the book.)
    if (full) {
      for (const k of this.tracked) {
        const onSide = side === BUY ? k > 0 : k < 0;
        if (onSide && beyond(side, worst, Math.abs(k))) this.tracked.delete(k);
      }
    }
  }
}
