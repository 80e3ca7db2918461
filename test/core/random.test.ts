import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RandomStream, deriveSeed, streamFor } from '../../src/core/random.js';

const N = 100_000;

function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function sd(xs: readonly number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

function draws(n: number, f: () => number): number[] {
  return Array.from({ length: n }, f);
}

describe('golden values', () => {
  // Hard-coded on purpose. If these change, every scenario's event log changes:
  // a pure-rand patch, a hash tweak or a reordered draw inside a method would
  // otherwise silently alter all runs. Update only deliberately, with a note in
  // the changelog that seeded results have moved.
  it('pins the hash', () => {
    expect(deriveSeed(42, 'agent', 'a')).toBe(1623639356);
    expect(deriveSeed(0)).toBe(1896170017);
    expect(deriveSeed(42, 'agent', 'b')).toBe(4123485241);
  });

  it('pins the first draws of streamFor(42, "agent", "a")', () => {
    const s = streamFor(42, 'agent', 'a');
    expect(draws(5, () => s.int(1, 1000))).toEqual([177, 744, 617, 745, 286]);
    expect(draws(3, () => s.int32())).toEqual([717944912, -1853041346, -2001293379]);
    expect(s.float()).toBe(0.2598156271329083);
    expect(s.normal(0, 1)).toBe(-0.3468689403691446);
    expect(s.exponential(2)).toBe(0.1522444718169378);
    expect(s.poisson(4)).toBe(7);
    expect(s.poisson(100)).toBe(95);
  });

  it('pins a stream seeded by number', () => {
    const r = new RandomStream(42);
    expect(draws(3, () => r.int(1, 1000))).toEqual([827, 122, 719]);
  });
});

describe('derivation', () => {
  it('gives the same sequence for the same path', () => {
    const a = streamFor(7, 'agent', 'whale-1');
    const b = streamFor(7, 'agent', 'whale-1');
    expect(draws(100, () => a.int32())).toEqual(draws(100, () => b.int32()));
  });

  it('does not depend on how many streams exist or their creation order', () => {
    const first = streamFor(7, 'agent', 'x');
    const xAlone = draws(50, () => first.int32());

    const others = Array.from({ length: 20 }, (_, i) => streamFor(7, 'agent', `other-${i}`));
    for (const o of others) o.int(0, 10);
    const late = streamFor(7, 'agent', 'x');
    // Interleave draws with another stream: streams share no state.
    const y = streamFor(7, 'agent', 'y');
    const xLate = draws(50, () => {
      y.float();
      return late.int32();
    });
    expect(xLate).toEqual(xAlone);
  });

  it('separates paths unambiguously', () => {
    const seeds = [
      deriveSeed(1, 'a', 'b'),
      deriveSeed(1, 'a,b'),
      deriveSeed(1, 'ab'),
      deriveSeed(1, 'a', 'b', ''),
      deriveSeed(1, 1),
      deriveSeed(1, '1'),
      deriveSeed(1),
      deriveSeed(2),
      deriveSeed(1, 'agent', 'é'),
      deriveSeed(1, 'agent', 'e'),
    ];
    expect(new Set(seeds).size).toBe(seeds.length);
    const first = (s: RandomStream): number[] => draws(4, () => s.int32());
    expect(first(streamFor(1, 'a', 'b'))).not.toEqual(first(streamFor(1, 'a,b')));
    expect(first(streamFor(1, 2))).not.toEqual(first(streamFor(1, '2')));
  });

  it('gives 10,000 agents distinct first draws', () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const s = streamFor(99, 'agent', `follower-${i}`);
      firsts.add(`${s.int32()},${s.int32()}`);
    }
    expect(firsts.size).toBe(10_000);
  });

  it('validates seeds', () => {
    expect(() => deriveSeed(1.5)).toThrow(RangeError);
    expect(() => streamFor(0, Number.NaN)).toThrow(RangeError);
    expect(() => new RandomStream(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('clones exactly', () => {
    const a = streamFor(3, 'c');
    a.float();
    const b = a.clone();
    expect(draws(20, () => a.normal())).toEqual(draws(20, () => b.normal()));
  });
});

describe('bounds', () => {
  const seed = fc.integer({ min: 0, max: 0xffffffff });

  it('int stays in [lo, hi]', () => {
    const range = fc
      .tuple(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }))
      .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));
    fc.assert(
      fc.property(seed, range, (s, [lo, hi]) => {
        const r = new RandomStream(s);
        for (let i = 0; i < 20; i++) {
          const x = r.int(lo, hi);
          expect(Number.isSafeInteger(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(lo);
          expect(x).toBeLessThanOrEqual(hi);
        }
      }),
    );
  });

  it('float is in [0, 1), exponential > 0, poisson a non-negative integer', () => {
    fc.assert(
      fc.property(seed, fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), (s, rate, lambda) => {
        const r = new RandomStream(s);
        for (let i = 0; i < 20; i++) {
          const f = r.float();
          expect(f >= 0 && f < 1).toBe(true);
          const e = r.exponential(rate);
          expect(e > 0 && Number.isFinite(e)).toBe(true);
          const k = r.poisson(lambda);
          expect(Number.isSafeInteger(k) && k >= 0).toBe(true);
          expect(Number.isFinite(r.normal(0, 1))).toBe(true);
          expect(r.logNormal(0, 1)).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('pick, shuffle and weighted respect their inputs', () => {
    fc.assert(
      fc.property(seed, fc.array(fc.integer(), { minLength: 1, maxLength: 30 }), (s, items) => {
        const r = new RandomStream(s);
        expect(items).toContain(r.pick(items));
        const copy = [...items];
        expect(r.shuffle(copy)).toBe(copy);
        expect([...copy].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
        const weights = items.map((x) => Math.abs(x) % 4);
        if (weights.some((w) => w > 0)) {
          const i = r.weighted(weights);
          expect(weights[i]).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('rejects invalid arguments', () => {
    const r = streamFor(1, 'bad');
    expect(() => r.int(2, 1)).toThrow(RangeError);
    expect(() => r.int(0, 1.5)).toThrow(RangeError);
    expect(() => r.exponential(0)).toThrow(RangeError);
    expect(() => r.normal(0, -1)).toThrow(RangeError);
    expect(() => r.poisson(-1)).toThrow(RangeError);
    expect(() => r.pick([])).toThrow(RangeError);
    expect(() => r.weighted([0, 0])).toThrow(RangeError);
    expect(() => r.weighted([1, -1])).toThrow(RangeError);
    expect(r.poisson(0)).toBe(0);
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
  });
});

describe('distributions over 100k seeded draws', () => {
  // Deterministic (fixed seeds), so these never flake; the tolerances are a few
  // standard errors wide so an honest change of seed would still pass.
  it('float and int are uniform', () => {
    const r = streamFor(5, 'uniform');
    expect(mean(draws(N, () => r.float()))).toBeCloseTo(0.5, 2);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < N; i++) counts[r.int(0, 5)]! += 1;
    for (const c of counts) expect(Math.abs(c - N / 6)).toBeLessThan(0.03 * (N / 6));
  });

  it('exponential mean is 1/rate within 2%', () => {
    const r = streamFor(5, 'exp');
    for (const rate of [0.5, 3]) {
      const m = mean(draws(N, () => r.exponential(rate)));
      expect(Math.abs(m * rate - 1)).toBeLessThan(0.02);
    }
  });

  it('normal has the requested mean and sd', () => {
    const r = streamFor(5, 'normal');
    const xs = draws(N, () => r.normal(10, 2));
    expect(Math.abs(mean(xs) - 10)).toBeLessThan(0.03);
    expect(Math.abs(sd(xs) / 2 - 1)).toBeLessThan(0.02);
  });

  it('logNormal has mean exp(mu + sigma^2 / 2)', () => {
    const r = streamFor(5, 'lognormal');
    const m = mean(draws(N, () => r.logNormal(0, 0.5)));
    expect(Math.abs(m / Math.exp(0.125) - 1)).toBeLessThan(0.02);
  });

  it('poisson has mean and variance lambda, on both sides of the method switch', () => {
    const r = streamFor(5, 'poisson');
    for (const lambda of [0.3, 4, 29.9, 30, 250, 5000]) {
      const xs = draws(N, () => r.poisson(lambda));
      expect(Math.abs(mean(xs) / lambda - 1)).toBeLessThan(0.02);
      expect(Math.abs((sd(xs) * sd(xs)) / lambda - 1)).toBeLessThan(0.03);
    }
  });

  it('chance and weighted follow their probabilities', () => {
    const r = streamFor(5, 'choice');
    let hits = 0;
    for (let i = 0; i < N; i++) if (r.chance(0.3)) hits += 1;
    expect(Math.abs(hits / N - 0.3)).toBeLessThan(0.01);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < N; i++) counts[r.weighted([1, 0, 3, 6])]! += 1;
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[0]! / N - 0.1)).toBeLessThan(0.01);
    expect(Math.abs(counts[2]! / N - 0.3)).toBeLessThan(0.01);
    expect(Math.abs(counts[3]! / N - 0.6)).toBeLessThan(0.01);
  });
});
