import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/index.js';

describe('EventQueue', () => {
  it('pops in time order, ties in insertion order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue();
        const popped: [number, number][] = [];
        times.forEach((t, i) => q.push(t, () => popped.push([t, i])));
        expect(q.size).toBe(times.length);
        while (q.size > 0) q.pop()!.run();
        const expected = times.map((t, i) => [t, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(popped).toEqual(expected);
      }),
    );
  });

  it('interleaves pushes and pops correctly', () => {
    const q = new EventQueue();
    const out: number[] = [];
    q.push(10, () => out.push(10));
    q.push(5, () => out.push(5));
    q.pop()!.run();
    q.push(7, () => out.push(7));
    q.push(5, () => out.push(55));
    while (q.size) q.pop()!.run();
    expect(out).toEqual([5, 55, 7, 10]);
    expect(q.peekTime()).toBe(Infinity);
  });
});
