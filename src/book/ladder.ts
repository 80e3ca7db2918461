import { NIL, type SideCode } from './constants.js';
import { IntMap } from './int-map.js';
import type { LevelPool } from './level-pool.js';

/**
 * One side of the book: its non-empty price levels kept sorted with the best
 * price at the END of the array, so the levels that change most (at the touch)
 * are inserted and removed with little or no shifting, and the best level is
 * one array read. A hash table finds a level by price in constant time.
 *
 * Bids are stored ascending (best = highest = last), asks descending
 * (best = lowest = last); `dir` is +1 for bids and -1 for asks so one ordering
 * test serves both: a price p is better than q when dir * p > dir * q.
 */
export class Ladder {
  /** Level slots, worst first, best last. */
  sorted: Int32Array;
  n = 0;
  readonly byPrice = new IntMap(64);

  constructor(
    private readonly levels: LevelPool,
    readonly dir: 1 | -1,
    readonly side: SideCode,
  ) {
    this.sorted = new Int32Array(64);
  }

  best(): number {
    return this.n === 0 ? NIL : this.sorted[this.n - 1]!;
  }

  /** Level at `price`, creating and inserting it when absent. */
  levelAt(price: number): number {
    const found = this.byPrice.get(price);
    if (found !== NIL) return found;
    const slot = this.levels.alloc(price, this.side);
    this.byPrice.insert(price, slot);
    const pos = this.insertionPoint(price);
    if (this.n === this.sorted.length) {
      const bigger = new Int32Array(this.sorted.length * 2);
      bigger.set(this.sorted);
      this.sorted = bigger;
    }
    if (pos < this.n) this.sorted.copyWithin(pos + 1, pos, this.n);
    this.sorted[pos] = slot;
    this.n++;
    return slot;
  }

  /** Removes an empty level. The best level (the common case after matching) costs O(1). */
  removeLevel(slot: number): void {
    const price = this.levels.price[slot]!;
    this.byPrice.remove(price);
    const last = this.n - 1;
    if (this.sorted[last] === slot) {
      this.n = last;
    } else {
      const pos = this.insertionPoint(price);
      this.sorted.copyWithin(pos, pos + 1, this.n);
      this.n = last;
    }
    this.levels.release(slot);
  }

  /** How many levels are strictly worse than `price`: where a level at `price` sits or would go. */
  private insertionPoint(price: number): number {
    const dir = this.dir;
    const key = dir * price;
    const prices = this.levels.price;
    const sorted = this.sorted;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dir * prices[sorted[mid]!]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
