import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/index.js';

/** Pops everything, returning the (t, tag) pairs in pop order. */
function drain(q: EventQueue): [number, number][] {
  const out: [number, number][] = [];
  for (let e = q.pop(); e !== undefined; e = q.pop()) out.push([e.t, e.tag]);
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
    expect(q.pop()).toMatchObject({ t: 5, kind: 2, tag: 5 });
    q.push(7, 0, null, 7);
    q.push(5, 0, null, 55);
    expect(drain(q)).toEqual([
      [5, 55],
      [7, 7],
      [10, 10],
    ]);
    expect(q.peekTime()).toBe(Infinity);
  });
});
