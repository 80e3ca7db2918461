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
    const f = new Float64Array(cap);
    f.set(this.price);
    this.price = f;
    const q = new Float64Array(cap);
    q.set(this.qty);
    this.qty = q;
    const sd = new Uint8Array(cap);
    sd.set(this.side);
    this.side = sd;
    for (const k of ['head', 'tail', 'count'] as const) {
      const a = new Int32Array(cap);
      a.set(this[k]);
      this[k] = a;
    }
  }

  get bytes(): number {
    return this.price.length * 29;
  }
}
