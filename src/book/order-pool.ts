import { grownTo } from '../core/index.js';
import { NIL } from './constants.js';

/**
 * Resting orders as parallel typed arrays indexed by slot ("struct of arrays").
 *
 * A resting order is 32 bytes here (id, remaining quantity, queue links, level,
 * owner) and no JavaScript object at all, so a book of a million orders costs
 * the garbage collector nothing to trace. Freed slots are chained through
 * `next` and reused, newest first.
 */
export class OrderPool {
  /** External or exchange-assigned order id. */
  id: Float64Array;
  /** Remaining quantity in lots. */
  qty: Float64Array;
  /** Queue neighbours within the price level (FIFO: head is oldest). */
  next: Int32Array;
  prev: Int32Array;
  /** Slot of the price level the order rests on. */
  level: Int32Array;
  /** Owner (account) for self-trade prevention; 0 when unknown. */
  owner: Int32Array;

  private free = NIL;
  private used = 0;
  private live = 0;

  constructor(capacity = 1024) {
    const cap = Math.max(16, capacity);
    this.id = new Float64Array(cap);
    this.qty = new Float64Array(cap);
    this.next = new Int32Array(cap);
    this.prev = new Int32Array(cap);
    this.level = new Int32Array(cap);
    this.owner = new Int32Array(cap);
  }

  get size(): number {
    return this.live;
  }

  alloc(): number {
    this.live++;
    const f = this.free;
    if (f !== NIL) {
      this.free = this.next[f]!;
      return f;
    }
    if (this.used === this.id.length) this.grow();
    return this.used++;
  }

  release(slot: number): void {
    this.live--;
    this.next[slot] = this.free;
    this.free = slot;
  }

  private grow(): void {
    const cap = this.id.length * 2;
    this.id = grownTo(this.id, cap);
    this.qty = grownTo(this.qty, cap);
    this.next = grownTo(this.next, cap);
    this.prev = grownTo(this.prev, cap);
    this.level = grownTo(this.level, cap);
    this.owner = grownTo(this.owner, cap);
  }

  get bytes(): number {
    return this.id.length * 32;
  }
}
