import { describe, expect, expectTypeOf, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { RandomStream } from '../../src/core/random.js';
import { draw, drawAll } from '../../src/scenario/draw.js';
import type { Drawn } from '../../src/scenario/draw.js';
import { isDist } from '../../src/scenario/dist.js';
import type { Dist } from '../../src/scenario/dist.js';
import { dist } from '../../src/scenario/dist-field.js';
import { decimal, duration, positiveInt, probability } from '../../src/scenario/fields.js';
import { parseYamlText } from '../../src/scenario/yaml-load.js';
import { Example, validYaml } from './example-schema.js';

const ints = dist(z.number().int(), 'int');
const numbers = dist(z.number(), 'number');
const durations = dist(duration(), 'duration');
const decimals = dist(decimal({ allowZero: true, allowNegative: true }), 'decimal');

const times = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

describe('golden draws', () => {
  // Pinned on purpose: a change here changes every scenario that uses a
  // distribution. Update only deliberately, noting that seeded results moved.
  it('pins draws of each kind from RandomStream(7)', () => {
    const S = z.strictObject({
      a: dist(positiveInt(), 'int'),
      b: dist(decimal(), 'decimal'),
      c: dist(duration(), 'duration'),
      d: dist(probability(), 'number'),
    });
    const v = S.parse({ a: { uniform: [1, 6] }, b: { uniform: ['0.10', '0.2'] }, c: { logUniform: ['1s', '1h'] }, d: { normal: { mean: 0.5, sd: 0.2 } } });
    const r = new RandomStream(7);
    expect(times(5, () => draw(v.a, r))).toEqual([1, 1, 6, 2, 4]);
    expect(times(3, () => draw(v.b, r))).toEqual(['0.20', '0.18', '0.12']);
    expect(times(3, () => draw(v.c, r))).toEqual([9126, 5315, 1948880]);
    expect(times(3, () => draw(v.d, r))).toEqual([0.5895278744917102, 0.5094756122286668, 0.5351810164254973]);
  });

  it('pins drawAll of the example scenario', () => {
    const config = parseYamlText(validYaml, 'example.yaml', Example);
    const drawn = drawAll(config, new RandomStream(42));
    expect(drawn.makers).toEqual({ count: 3, spread: 25, cancelRate: 0.2606425466800212, size: '53.0' });
    expect(drawn.stories).toEqual([
      { organic: { at: 3_600_000, followers: 131, reactionDelay: 43_990 } },
      { attack: { at: 5_400_000, victims: 40, limitPrice: '0.0150' } },
    ]);
    expect(drawn.duration).toBe(7_200_000);
  });
});

describe('draws stay inside their bounds', () => {
  const seed = fc.integer({ min: 0, max: 2 ** 31 - 1 });

  it('uniform whole numbers: inclusive, and both ends occur', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 20 }), seed, (lo, width, s) => {
        const d = ints.parse({ uniform: [lo, lo + width] });
        const r = new RandomStream(s);
        const xs = times(40 * (width + 1), () => draw(d, r));
        for (const x of xs) {
          expect(Number.isInteger(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(lo);
          expect(x).toBeLessThanOrEqual(lo + width);
        }
        if (width <= 3) expect(new Set(xs).size).toBe(width + 1);
      }),
      { numRuns: 60 },
    );
  });

  it('uniform decimals: on the finest grid of the bounds, inside them', () => {
    const dec = fc.tuple(fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: 0, max: 4 }));
    const text = ([m, scale]: [number, number]) => {
      const neg = m < 0 ? '-' : '';
      const digits = String(Math.abs(m)).padStart(scale + 1, '0');
      return scale === 0 ? `${neg}${digits}` : `${neg}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    };
    fc.assert(
      fc.property(dec, dec, seed, (a, b, s) => {
        const [lo, hi] = a[0] / 10 ** a[1] <= b[0] / 10 ** b[1] ? [a, b] : [b, a];
        const d = decimals.parse({ uniform: [text(lo), text(hi)] });
        const scale = Math.max(lo[1], hi[1]);
        const r = new RandomStream(s);
        for (const x of times(20, () => draw(d, r) as string)) {
          expect(x).toMatch(scale === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${scale}}$`));
          expect(Number(x)).toBeGreaterThanOrEqual(Number(text(lo)) - 1e-9);
          expect(Number(x)).toBeLessThanOrEqual(Number(text(hi)) + 1e-9);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('logUniform: inside [lo, hi], whole for durations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 1_000_000 }), seed, (lo, extra, s) => {
        const d = durations.parse({ logUniform: [`${lo}ms`, `${lo + extra}ms`] });
        const n = numbers.parse({ logUniform: [lo / 100, (lo + extra) / 100] });
        const r = new RandomStream(s);
        for (let i = 0; i < 20; i++) {
          const x = draw(d, r);
          expect(Number.isInteger(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(lo);
          expect(x).toBeLessThanOrEqual(lo + extra);
          const y = draw(n, r);
          expect(y).toBeGreaterThanOrEqual(lo / 100);
          expect(y).toBeLessThanOrEqual((lo + extra) / 100);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('normal: clamped to min and max, or to the field limits', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 3, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), seed, (mean, sd, s) => {
        const p = dist(probability(), 'number').parse({ normal: { mean: Math.min(1, Math.max(0, mean)), sd } });
        const k = ints.parse({ normal: { mean: mean * 10, sd: sd * 10, min: -5, max: 25 } });
        const q = dist(decimal(), 'decimal').parse({ normal: { mean: '0.05', sd: '0.1' } });
        const r = new RandomStream(s);
        for (let i = 0; i < 20; i++) {
          const x = draw(p, r);
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1);
          const y = draw(k, r);
          expect(Number.isInteger(y) && y >= -5 && y <= 25).toBe(true);
          expect(Object.is(y, -0)).toBe(false);
          // A positive decimal field never draws zero or less.
          expect(draw(q, r)).toMatch(/^\d+\.\d{2}$/);
          expect(Number(draw(q, r))).toBeGreaterThan(0);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('choice: one of the values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 6 }), seed, (values, s) => {
        const d = ints.parse({ choice: values });
        const r = new RandomStream(s);
        for (let i = 0; i < 10; i++) expect(values).toContain(draw(d, r));
      }),
    );
  });
});

describe('drawAll', () => {
  const S = z.strictObject({
    a: dist(positiveInt(), 'int'),
    b: z.array(z.strictObject({ c: durations, d: z.string() })),
    e: z.string(),
  });

  it('replaces every Dist, deep, and types the result', () => {
    const config = S.parse({ a: { uniform: [1, 9] }, b: [{ c: { uniform: ['1s', '2s'] }, d: 'x' }, { c: '5s', d: 'y' }], e: 'z' });
    const drawn = drawAll(config, new RandomStream(1));
    expectTypeOf(drawn).toEqualTypeOf<Drawn<typeof config>>();
    expectTypeOf(drawn.a).toEqualTypeOf<number>();
    expectTypeOf(drawn.b[0]!.c).toEqualTypeOf<number>();
    expectTypeOf<Drawn<Dist<string>>>().toEqualTypeOf<string>();
    expect(drawn.b[1]).toEqual({ c: 5000, d: 'y' });
    expect(drawn.e).toBe('z');
    const walk = (v: unknown): boolean =>
      isDist(v) || (typeof v === 'object' && v !== null && Object.values(v).some(walk));
    expect(walk(drawn)).toBe(false);
    expect(walk(config)).toBe(true); // the input is untouched
  });

  it('is deterministic and ignores the order of keys in the file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (s) => {
        const one = parseYamlText('a: { uniform: [1, 1000] }\ne: x\nb:\n  - { c: { uniform: [1s, 1h] }, d: y }\n', 'one.yaml', S);
        const two = parseYamlText('b:\n  - { d: y, c: { uniform: [1s, 1h] } }\ne: x\na: { uniform: [1, 1000] }\n', 'two.yaml', S);
        expect(drawAll(one, new RandomStream(s))).toEqual(drawAll(two, new RandomStream(s)));
      }),
      { numRuns: 50 },
    );
  });

  it('a field draws the same whatever other fields exist', () => {
    const Small = z.strictObject({ a: dist(positiveInt(), 'int') });
    const Big = z.strictObject({ a: dist(positiveInt(), 'int'), aa: dist(positiveInt(), 'int'), z: dist(positiveInt(), 'int') });
    for (let s = 0; s < 20; s++) {
      const small = drawAll(Small.parse({ a: { uniform: [1, 1_000_000] } }), new RandomStream(s));
      const big = drawAll(Big.parse({ a: { uniform: [1, 1_000_000] }, aa: { uniform: [1, 9] }, z: { uniform: [1, 9] } }), new RandomStream(s));
      expect(big.a).toBe(small.a);
    }
  });

  it('takes exactly two raw draws from the stream', () => {
    const r = new RandomStream(3);
    const copy = r.clone();
    drawAll(S.parse({ a: { uniform: [1, 9] }, b: [], e: 'z' }), r);
    copy.int32();
    copy.int32();
    expect(r.int32()).toBe(copy.int32());
  });

  it('draws distributions nested inside a chosen value', () => {
    const Inner = z.strictObject({ n: dist(positiveInt(), 'int') });
    const d = dist(Inner, 'choice').parse({ choice: [{ n: { uniform: [1, 3] } }, { n: 7 }] });
    for (let s = 0; s < 10; s++) {
      const drawn = drawAll({ d }, new RandomStream(s)) as unknown as { d: { n: unknown } };
      expect([1, 2, 3, 7]).toContain(drawn.d.n);
    }
  });
});
