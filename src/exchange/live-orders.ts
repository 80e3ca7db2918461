import { grownTo } from '../core/index.js';
import { IntMap, type SideCode } from '../book/index.js';

/**
 * The orders resting on the books, as the exchange sees them: whose they are,
 * on which market, and the funds each holds locked.
 *
 * Typed arrays by slot and an id -> slot table, not a `Map` of objects: a busy
 * day rests and retires hundreds of thousands of orders an hour, each living
 * seconds, long enough for an object to be promoted out of the young
 * generation and cost a full collection later. Slots are reused through a
 * free list, so memory follows the orders live at once.
 */
export class LiveOrders {
  private readonly index = new IntMap(1024);
  /** Per slot. */
  id = new Float64Array(1024);
  account = new Int32Array(1024);
  market = new Int32Array(1024);
  side = new Uint8Array(1024);
  price = new Float64Array(1024);
  /** Asset index of the locked funds (quote for buys, base for sells). */
  lockAsset = new Int32Array(1024);
  /** Locked units still held for the resting quantity. */
  locked = new Float64Array(1024);
  private free = new Int32Array(1024);
  private nFree = 0;
  private nSlots = 0;

  get size(): number {
    return this.index.size;
  }

  /** The slot of a live order, or NIL. */
  slotOf(id: number): number {
    return this.index.get(id);
  }

  add(id: number, account: number, market: number, side: SideCode, price: number, lockAsset: number, locked: number): void {
    let s: number;
    if (this.nFree > 0) s = this.free[--this.nFree]!;
    else {
      if (this.nSlots === this.id.length) this.grow();
      s = this.nSlots++;
    }
    this.id[s] = id;
    this.account[s] = account;
    this.market[s] = market;
    this.side[s] = side;
    this.price[s] = price;
    this.lockAsset[s] = lockAsset;
    this.locked[s] = locked;
    this.index.insert(id, s);
  }

  /** Forgets the order in `slot` (its funds are the caller's to unlock first). */
  remove(slot: number): void {
    this.index.remove(this.id[slot]!);
    this.free[this.nFree++] = slot;
  }

  /** Slots of every live order, by ascending order id. */
  slots(): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.nSlots; s++) if (this.index.get(this.id[s]!) === s) out.push(s);
    return out.sort((a, b) => this.id[a]! - this.id[b]!);
  }

  /** Live order ids of one account, ascending (restrictions and `openOrders`: rare, so a scan). */
  ofAccount(account: number): number[] {
    return this.slots()
      .filter((s) => this.account[s] === account)
      .map((s) => this.id[s]!);
  }

  private grow(): void {
    const n = this.id.length * 2;
    this.id = grownTo(this.id, n);
    this.account = grownTo(this.account, n);
    this.market = grownTo(this.market, n);
    this.side = grownTo(this.side, n);
    this.price = grownTo(this.price, n);
    this.lockAsset = grownTo(this.lockAsset, n);
    this.locked = grownTo(this.locked, n);
    this.free = grownTo(this.free, n);
  }
}
