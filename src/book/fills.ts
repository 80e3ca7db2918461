/**
 * The fills of the last operation, as parallel typed arrays reused from one
 * operation to the next: matching records every fill without allocating.
 * Read `count` entries after each submit or execute; the next operation
 * overwrites them.
 */
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
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.makerId = f64(this.makerId);
    this.price = f64(this.price);
    this.qty = f64(this.qty);
    this.makerLeft = f64(this.makerLeft);
    const o = new Int32Array(cap);
    o.set(this.makerOwner);
    this.makerOwner = o;
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
