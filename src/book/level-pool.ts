import { grownTo } from '../core/index.js';
import { NIL } from './constants.js';

/**
 * Price levels as parallel typed arrays indexed by level slot. A level is one
 * price on one side with a FIFO queue of orders (head = oldest) and running
 * totals, so depth queries never walk the queue.
 */
export class LevelPool {
  price: Float64Array;
  head: Int32Array;
  tail: Int32Array;
  /** Total remaining lots resting at this price. */
  qty: Float64Array;
  /** Number of orders resting at this price. */
  count: Int32Array;
  /** BUY or SELL: which ladder the level belongs to. */
  side: Uint8Array;

  private free = NIL;
  private used = 0;

  constructor(capacity = 256) {
    const cap = Math.max(16, capacity);
    this.price = new Float64Array(cap);
    this.head = new Int32Array(cap);
    this.tail = new Int32Array(cap);
    this.qty = new Float64Array(cap);
    this.count = new Int32Array(cap);
    this.side = new Uint8Array(cap);
  }

  alloc(price: number, side: number): number {
    let s = this.free;
    if (s !== NIL) this.free = this.head[s]!;
    else {
      if (this.used === this.price.length) this.grow();
      s = this.used++;
    }
    this.price[s] = price;
    this.head[s] = NIL;
    this.tail[s] = NIL;
    this.qty[s] = 0;
    this.count[s] = 0;
    this.side[s] = side;
    return s;
  }

  release(slot: number): void {
    this.head[slot] = this.free;
    this.free = slot;
  }

  private grow(): void {
    const cap = this.price.length * 2;
    this.price = grownTo(this.price, cap);
    this.qty = grownTo(this.qty, cap);
    this.side = grownTo(this.side, cap);
    this.head = grownTo(this.head, cap);
    this.tail = grownTo(this.tail, cap);
    this.count = grownTo(this.count, cap);
  }

  get bytes(): number {
    return this.price.length * 29;
  }
}
