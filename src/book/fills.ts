/**
 * The fills of the last operation, as parallel typed arrays reused from one
 * operation to the next: matching records every fill without allocating.
 * Read `count` entries after each submit or execute; the next operation
 * overwrites them.
 */
import { grownTo } from '../core/index.js';

export class Fills {
  count = 0;
  makerId: Float64Array;
  makerOwner: Int32Array;
  price: Float64Array;
  qty: Float64Array;
  /** The maker's remaining quantity after this fill (0: fully filled, gone from the book). */
  makerLeft: Float64Array;

  constructor(capacity = 256) {
    this.makerId = new Float64Array(capacity);
    this.makerOwner = new Int32Array(capacity);
    this.price = new Float64Array(capacity);
    this.qty = new Float64Array(capacity);
    this.makerLeft = new Float64Array(capacity);
  }

  push(makerId: number, makerOwner: number, price: number, qty: number, makerLeft: number): void {
    const i = this.count;
    if (i === this.makerId.length) this.grow();
    this.makerId[i] = makerId;
    this.makerOwner[i] = makerOwner;
    this.price[i] = price;
    this.qty[i] = qty;
    this.makerLeft[i] = makerLeft;
    this.count = i + 1;
  }

  private grow(): void {
    const cap = this.makerId.length * 2;
    this.makerId = grownTo(this.makerId, cap);
    this.makerOwner = grownTo(this.makerOwner, cap);
    this.price = grownTo(this.price, cap);
    this.qty = grownTo(this.qty, cap);
    this.makerLeft = grownTo(this.makerLeft, cap);
  }
}

/**
 * Resting orders that self-trade prevention removed during the last operation
 * (cancel-oldest / cancel-both). Rare, so plain arrays.
 */
export class Removed {
  ids: number[] = [];
  qtys: number[] = [];
  clear(): void {
    this.ids.length = 0;
    this.qtys.length = 0;
  }
}
