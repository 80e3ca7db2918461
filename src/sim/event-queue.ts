/**
 * The simulation's agenda: a binary min-heap of timed entries ordered by
 * (time, insertion sequence). The sequence makes ties deterministic: two
 * things due at the same millisecond happen in the order they were scheduled,
 * on every run and every machine.
 *
 * Speed: the agenda runs several million entries per simulated hour, so it
 * allocates nothing per entry. The heap keeps its sort keys (time, sequence)
 * in typed arrays in heap order, so sifting reads contiguous numbers and moves
 * three of them; what an entry carries (kind, target, tag) sits in a slot,
 * reused through a free list, that the heap points at.
 */
export class EventQueue {
  /** Heap order: time, sequence and payload slot of each entry. */
  private keyT = new Float64Array(256);
  private keySeq = new Float64Array(256);
  private keySlot = new Int32Array(256);
  private n = 0;
  /** Payload by slot. */
  private slotKind = new Int32Array(256);
  private slotTag = new Float64Array(256);
  private slotTarget: unknown[] = new Array<unknown>(256).fill(null);
  /** Free slots (a stack), and how many slots were ever handed out. */
  private free = new Int32Array(256);
  private nFree = 0;
  private nSlots = 0;
  private seq = 0;

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
    return this.n === 0 ? Infinity : this.keyT[0]!;
  }

  /** Schedules (kind, target, tag) at time t. */
  push(t: number, kind: number, target: unknown, tag = 0): void {
    const slot = this.takeSlot();
    this.slotKind[slot] = kind;
    this.slotTag[slot] = tag;
    this.slotTarget[slot] = target;
    if (this.n === this.keyT.length) this.growHeap();
    const seq = this.seq++;
    const kt = this.keyT;
    const ks = this.keySeq;
    const kslot = this.keySlot;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = kt[parent]!;
      // seq is the largest so far, so on a time tie the parent always stays first.
      if (pt <= t) break;
      kt[i] = pt;
      ks[i] = ks[parent]!;
      kslot[i] = kslot[parent]!;
      i = parent;
    }
    kt[i] = t;
    ks[i] = seq;
    kslot[i] = slot;
  }

  /**
   * Removes the earliest entry and puts its fields in `t`, `kind`, `target` and
   * `tag`. Returns false (changing nothing) when the agenda is empty.
   */
  next(): boolean {
    const n = this.n;
    if (n === 0) return false;
    const kt = this.keyT;
    const ks = this.keySeq;
    const kslot = this.keySlot;
    const slot = kslot[0]!;
    this.t = kt[0]!;
    this.kind = this.slotKind[slot]!;
    this.tag = this.slotTag[slot]!;
    this.target = this.slotTarget[slot];
    this.slotTarget[slot] = null;
    this.free[this.nFree++] = slot;
    const m = n - 1;
    this.n = m;
    if (m > 0) {
      // Sift the last entry down from the root.
      const lt = kt[m]!;
      const ls = ks[m]!;
      const lslot = kslot[m]!;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        const r = l + 1;
        let c = l;
        if (r < m && (kt[r]! < kt[l]! || (kt[r] === kt[l] && ks[r]! < ks[l]!))) c = r;
        const ct = kt[c]!;
        if (!(ct < lt || (ct === lt && ks[c]! < ls))) break;
        kt[i] = ct;
        ks[i] = ks[c]!;
        kslot[i] = kslot[c]!;
        i = c;
      }
      kt[i] = lt;
      ks[i] = ls;
      kslot[i] = lslot;
    }
    return true;
  }

  private takeSlot(): number {
    if (this.nFree > 0) return this.free[--this.nFree]!;
    if (this.nSlots === this.slotKind.length) this.growSlots();
    return this.nSlots++;
  }

  private growHeap(): void {
    const cap = this.keyT.length * 2;
    this.keyT = grown(this.keyT, new Float64Array(cap));
    this.keySeq = grown(this.keySeq, new Float64Array(cap));
    this.keySlot = grown(this.keySlot, new Int32Array(cap));
  }

  private growSlots(): void {
    const cap = this.slotKind.length * 2;
    this.slotKind = grown(this.slotKind, new Int32Array(cap));
    this.slotTag = grown(this.slotTag, new Float64Array(cap));
    this.free = grown(this.free, new Int32Array(cap));
    for (let i = this.slotTarget.length; i < cap; i++) this.slotTarget.push(null);
  }
}

function grown<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
