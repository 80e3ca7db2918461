/**
 * The simulation's agenda: a binary min-heap of timed entries ordered by
 * (time, insertion sequence). The sequence makes ties deterministic: two
 * things due at the same millisecond happen in the order they were scheduled,
 * on every run and every machine.
 */
export interface Scheduled {
  t: number;
  seq: number;
  /** What to do, interpreted by the owner of the queue (the simulation's dispatch). */
  kind: number;
  target: unknown;
  tag: number;
}

export class EventQueue {
  private heap: Scheduled[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Time of the next entry, or Infinity when empty. */
  peekTime(): number {
    return this.heap.length === 0 ? Infinity : this.heap[0]!.t;
  }

  /** Schedules (kind, target, tag) at time t. One small object, no closure: the agenda is the hot path. */
  push(t: number, kind: number, target: unknown, tag = 0): void {
    const item: Scheduled = { t, seq: this.seq++, kind, target, tag };
    const h = this.heap;
    let i = h.length;
    h.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (p.t < t || (p.t === t && p.seq < item.seq)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = item;
  }

  pop(): Scheduled | undefined {
    const h = this.heap;
    const n = h.length;
    if (n === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (n > 1) {
      let i = 0;
      const m = n - 1;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= m) break;
        const r = l + 1;
        let c = l;
        if (r < m && before(h[r]!, h[l]!)) c = r;
        if (!before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

const before = (a: Scheduled, b: Scheduled) => a.t < b.t || (a.t === b.t && a.seq < b.seq);
