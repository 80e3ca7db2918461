import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/index.js';
import { WHEEL } from '../../src/sim/event-queue.js';

/** Pops everything, returning the (t, tag) pairs in pop order. */
function drain(q: EventQueue): [number, number][] {
  const out: [number, number][] = [];
  while (q.next()) out.push([q.t, q.tag]);
  return out;
}

describe('EventQueue', () => {
  it('pops in time order, ties in insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue();
        times.forEach((t, i) => q.push(t, 0, null, i));
        expect(q.size).toBe(times.length);
        const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(drain(q)).toEqual(expected);
      }),
    );
  });

  it('interleaves pushes and pops correctly, keeping kind and target', () => {
    const q = new EventQueue();
    const target = {};
    q.push(10, 1, target, 10);
    q.push(5, 2, null, 5);
    expect(q.next()).toBe(true);
    expect({ t: q.t, kind: q.kind, target: q.target, tag: q.tag }).toEqual({ t: 5, kind: 2, target: null, tag: 5 });
    q.push(7, 0, null, 7);
    q.push(5, 0, null, 55);
    expect(drain(q)).toEqual([
      [5, 55],
      [7, 7],
      [10, 10],
    ]);
    expect(q.peekTime()).toBe(Infinity);
  });

  it('matches a sorted reference under random pushes and pops, through growth and slot reuse', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 2, arbitrary: fc.constant(-1) }), { maxLength: 3000 }),
        (ops) => {
          const q = new EventQueue();
          const ref: { t: number; seq: number; target: object; tag: number }[] = [];
          let seq = 0;
          let now = 0;
          for (const op of ops) {
            if (op >= 0) {
              const e = { t: now + op, seq: seq++, target: { id: seq }, tag: seq * 1e6 + 0.5 };
              ref.push(e);
              q.push(e.t, seq % 3, e.target, e.tag);
            } else {
              ref.sort((a, b) => a.t - b.t || a.seq - b.seq);
              const want = ref.shift();
              expect(q.next()).toBe(want !== undefined);
              if (want === undefined) continue;
              expect([q.t, q.kind, q.target, q.tag]).toEqual([want.t, (want.seq + 1) % 3, want.target, want.tag]);
              expect(q.target).toBe(want.target);
              now = want.t;
            }
            expect(q.size).toBe(ref.length);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps (time, sequence) order across the wheel horizon: far entries, jumps, and ties with direct pushes', () => {
    // Offsets near 0, at the wheel's edge, and far beyond it, so entries go through the far heap,
    // move into the wheel as the window advances, and meet direct pushes for the same millisecond.
    const offset = fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 30 }) },
      { weight: 2, arbitrary: fc.integer({ min: WHEEL - 3, max: WHEEL + 3 }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 5 * WHEEL }) },
      { weight: 2, arbitrary: fc.constant(-1) },
    );
    fc.assert(
      fc.property(fc.array(offset, { maxLength: 2500 }), (ops) => {
        const q = new EventQueue();
        const ref: { t: number; seq: number; tag: number }[] = [];
        let seq = 0;
        let now = 0;
        for (const op of ops) {
          if (op >= 0) {
            ref.push({ t: now + op, seq, tag: seq });
            q.push(now + op, 0, null, seq++);
            expect(q.peekTime()).toBe(Math.min(...ref.map((e) => e.t)));
          } else {
            ref.sort((a, b) => a.t - b.t || a.seq - b.seq);
            const want = ref.shift();
            expect(q.next()).toBe(want !== undefined);
            if (want === undefined) continue;
            expect([q.t, q.tag]).toEqual([want.t, want.tag]);
            now = want.t;
          }
          expect(q.size).toBe(ref.length);
        }
        ref.sort((a, b) => a.t - b.t || a.seq - b.seq);
        expect(drain(q)).toEqual(ref.map((e) => [e.t, e.tag]));
      }),
      { numRuns: 150 },
    );
  });

  it('refuses times before the last popped entry and times that are not integers', () => {
    const q = new EventQueue();
    q.push(100, 0, null);
    q.next();
    expect(() => q.push(99, 0, null)).toThrow(RangeError);
    expect(() => q.push(100.5, 0, null)).toThrow(RangeError);
    q.push(100, 0, null, 7);
    expect(q.next()).toBe(true);
    expect(q.tag).toBe(7);
  });
});
