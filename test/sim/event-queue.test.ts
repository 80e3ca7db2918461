import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/index.js';

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
});
