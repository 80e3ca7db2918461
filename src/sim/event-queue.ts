/**
 * The simulation's agenda: timed entries popped in order of (time, insertion
 * sequence). The sequence makes ties deterministic: two things due at the same
 * millisecond happen in the order they were scheduled, on every run and every
 * machine. Times are integer milliseconds, never before the last popped entry
 * (nothing is scheduled in the past).
 *
 * Speed: a busy day runs several million entries per simulated hour, nearly
 * all due within a minute (order latency, market-data delay, short-lived
 * limits), so the near future is a timing wheel: one FIFO bucket per
 * millisecond of the next {@link WHEEL} ms, a bitmap of the non-empty ones,
 * O(1) to push and to pop. Entries further out wait in a binary heap keyed by
 * (time, sequence) and move into the wheel the moment the window reaches
 * them, before anything else can be pushed into their bucket: a bucket holds
 * one millisecond, and its entries are in sequence order (moved ones first,
 * in heap order; direct pushes after, in push order). Nothing is allocated
 * per entry: entries live in slots of typed arrays reused through a free list.
 */
import { grownTo } from '../core/index.js';

const WHEEL_BITS = 16;
/** Milliseconds the wheel covers (65.5 s). */
export const WHEEL = 1 << WHEEL_BITS;
const MASK = WHEEL - 1;
const WORDS = WHEEL >>> 5;
const NONE = -1;

export class EventQueue {
  /** Entries by slot: time, sequence, kind, tag, target, and the next slot in the same bucket. */
  private slotT = new Float64Array(256);
  private slotSeq = new Float64Array(256);
  private slotKind = new Int32Array(256);
  private slotTag = new Float64Array(256);
  private slotTarget: unknown[] = new Array<unknown>(256).fill(null);
  private slotNext = new Int32Array(256);
  private free = new Int32Array(256);
  private nFree = 0;
  private nSlots = 0;
  private seq = 0;
  private n = 0;

  /** The wheel: window [lo, lo + WHEEL), bucket of time u = u & MASK. */
  private lo = 0;
  private readonly head = new Int32Array(WHEEL).fill(NONE);
  private readonly tail = new Int32Array(WHEEL).fill(NONE);
  private readonly bits = new Int32Array(WORDS);
  private inWheel = 0;
  /** The bucket peekTime found, or NONE: the run loop peeks then pops, and the second scan would find the same bucket. */
  private peeked = NONE;

  /** The far heap, in heap order: slots keyed by their (time, sequence). */
  private far = new Int32Array(64);
  private nFar = 0;

  /** Fields of the entry the last {@link next} removed. */
  t = 0;
  kind = 0;
  target: unknown = null;
  tag = 0;

  get size(): number {
    return this.n;
  }

  /** Time of the next entry, or Infinity when empty. */
  peekTime(): number {
    if (this.inWheel > 0) {
      if (this.peeked === NONE) this.peeked = this.nextBucket();
      return this.lo + ((this.peeked - this.lo) & MASK);
    }
    return this.nFar > 0 ? this.slotT[this.far[0]!]! : Infinity;
  }

  /** Schedules (kind, target, tag) at time t: an integer, not before the last popped entry. */
  push(t: number, kind: number, target: unknown, tag = 0): void {
    if (!(t >= this.lo) || !Number.isSafeInteger(t)) throw new RangeError(`agenda time must be an integer >= ${this.lo}, got ${t}`);
    const s = this.takeSlot();
    this.slotT[s] = t;
    this.slotSeq[s] = this.seq++;
    this.slotKind[s] = kind;
    this.slotTag[s] = tag;
    this.slotTarget[s] = target;
    this.n++;
    if (t - this.lo < WHEEL) {
      const b = t & MASK;
      // A push before the peeked bucket's time makes it the next one.
      if (this.peeked !== NONE && t < this.lo + ((this.peeked - this.lo) & MASK)) this.peeked = NONE;
      this.append(s, b);
    } else this.farPush(s);
  }

  /**
   * Removes the earliest entry and puts its fields in `t`, `kind`, `target` and
   * `tag`. Returns false (changing nothing) when the agenda is empty.
   */
  next(): boolean {
    if (this.n === 0) return false;
    if (this.inWheel === 0) {
      // Everything is far: jump the window to the earliest far entry.
      this.advanceTo(this.slotT[this.far[0]!]!);
    }
    const b = this.peeked !== NONE ? this.peeked : this.nextBucket();
    this.peeked = NONE;
    const t = this.lo + ((b - this.lo) & MASK);
    if (t !== this.lo) this.advanceTo(t);
    const s = this.head[b]!;
    const after = this.slotNext[s]!;
    this.head[b] = after;
    if (after === NONE) {
      this.tail[b] = NONE;
      this.bits[b >>> 5]! &= ~(1 << (b & 31));
    }
    this.inWheel--;
    this.n--;
    this.t = t;
    this.kind = this.slotKind[s]!;
    this.tag = this.slotTag[s]!;
    this.target = this.slotTarget[s];
    this.slotTarget[s] = null;
    this.free[this.nFree++] = s;
    return true;
  }

  /** Moves the window's start to t, first moving in the far entries it now covers. */
  private advanceTo(t: number): void {
    this.lo = t;
    const end = t + WHEEL;
    while (this.nFar > 0) {
      const s = this.far[0]!;
      const st = this.slotT[s]!;
      if (st >= end) break;
      this.farPop();
      this.append(s, st & MASK);
    }
  }

  /** The first non-empty bucket at or after the window's start, in window order (the wheel is not empty). */
  private nextBucket(): number {
    const bits = this.bits;
    const start = this.lo & MASK;
    let w = start >>> 5;
    let word = bits[w]! & (-1 << (start & 31));
    for (let k = 0; k <= WORDS; k++) {
      if (word !== 0) return (w << 5) + (31 - Math.clz32(word & -word));
      w = (w + 1) & (WORDS - 1);
      word = bits[w]!;
    }
    throw new Error('agenda wheel count and bitmap disagree');
  }

  private append(s: number, b: number): void {
    this.slotNext[s] = NONE;
    const last = this.tail[b]!;
    if (last === NONE) {
      this.head[b] = s;
      this.bits[b >>> 5]! |= 1 << (b & 31);
    } else this.slotNext[last] = s;
    this.tail[b] = s;
    this.inWheel++;
  }

  /** Earlier (time, sequence) first. */
  private before(a: number, b: number): boolean {
    const ta = this.slotT[a]!;
    const tb = this.slotT[b]!;
    return ta < tb || (ta === tb && this.slotSeq[a]! < this.slotSeq[b]!);
  }

  private farPush(s: number): void {
    if (this.nFar === this.far.length) this.far = grownTo(this.far, this.far.length * 2);
    const far = this.far;
    let i = this.nFar++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(s, far[parent]!)) break;
      far[i] = far[parent]!;
      i = parent;
    }
    far[i] = s;
  }

  private farPop(): void {
    const far = this.far;
    const m = --this.nFar;
    if (m === 0) return;
    const last = far[m]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= m) break;
      const r = l + 1;
      const c = r < m && this.before(far[r]!, far[l]!) ? r : l;
      if (!this.before(far[c]!, last)) break;
      far[i] = far[c]!;
      i = c;
    }
    far[i] = last;
  }

  private takeSlot(): number {
    if (this.nFree > 0) return this.free[--this.nFree]!;
    if (this.nSlots === this.slotKind.length) this.growSlots();
    return this.nSlots++;
  }

  private growSlots(): void {
    const cap = this.slotKind.length * 2;
    this.slotT = grownTo(this.slotT, cap);
    this.slotSeq = grownTo(this.slotSeq, cap);
    this.slotKind = grownTo(this.slotKind, cap);
    this.slotTag = grownTo(this.slotTag, cap);
    this.slotNext = grownTo(this.slotNext, cap);
    this.free = grownTo(this.free, cap);
    for (let i = this.slotTarget.length; i < cap; i++) this.slotTarget.push(null);
  }
}
