/**
 * Turning parsed distributions ({@link Dist}, from `dist()` in dist-field.ts) into
 * values: one draw per field per seed.
 *
 * {@link drawAll} gives every distribution in a config its own random stream,
 * named by the field's path (`streamFor(base, 'dist', 'stories', 1, 'attack', 'victims')`),
 * where `base` is one number taken from the caller's stream. So a field's draw
 * depends only on the caller's stream and the field's path: not on the order of
 * keys in the file, and not on which other fields exist. Adding a distribution
 * to a scenario does not change what any other field draws.
 */
import { formatScaled, streamFor, toScaled } from '../core/index.js';
import type { RandomStream } from '../core/index.js';
import { decimalStep } from './dist-bounds.js';
import { isDist } from './dist.js';
import type { Dist, DistOf } from './dist.js';

/**
 * The type of a config once every {@link Dist} in it has been drawn:
 * `Dist<number>` becomes `number`, recursively through objects and arrays.
 */
export type Drawn<T> = T extends Dist<infer U> ? U : T extends object ? { [K in keyof T]: Drawn<T[K]> } : T;

/**
 * One value from `d`, using `rng` (see {@link Dist} for each kind). Exact and
 * platform-independent: integers and decimals are drawn as integers, floats
 * from the stream's documented methods.
 *
 * - `uniform`: `int` and `duration` draw a whole number in `[lo, hi]`, both
 *   included; `decimal` draws a whole number of the finest decimal place of
 *   `lo` and `hi` (`["0.1", "0.25"]` gives one of 0.10, 0.11, ..., 0.25);
 *   `number` draws a float in `[lo, hi]`.
 * - `logUniform`: `exp(U(log lo, log hi))`; for whole numbers `floor(exp(U(log lo, log(hi + 1))))`,
 *   so each of `lo..hi` can occur (k with weight log(1 + 1/k)).
 * - `normal`: `mean + sd * N(0, 1)`, rounded for whole numbers and decimals
 *   (to the finest decimal place among mean, sd, min, max), then clamped to `[min, max]`.
 * - `choice`: each value equally likely.
 *
 * @throws RangeError when a bound is out of range for the draw (e.g. a decimal
 *   with too many digits); schemas built with `dist()` reject those earlier
 */
export function draw<T>(d: Dist<T>, rng: RandomStream): T {
  switch (d.kind) {
    case 'const':
      return d.value;
    case 'choice':
      return rng.pick(d.values);
    case 'uniform':
      return uniform(d.of, d.lo, d.hi, rng) as T;
    case 'logUniform':
      return logUniform(d.of, d.lo, d.hi, rng) as T;
    case 'normal':
      return normal(d.of, d.mean, d.sd, d.min, d.max, rng) as T;
  }
}

/**
 * A copy of `config` in which every {@link Dist} (at any depth, in plain
 * objects and arrays) is replaced by a drawn value. Takes exactly two raw draws
 * from `rng`, whatever the config holds; each distribution then draws from its
 * own stream named by its path (see the module comment). Other values are
 * copied by reference; `config` is not modified. Object keys keep their order.
 */
export function drawAll<T>(config: T, rng: RandomStream): Drawn<T> {
  // 32 + 21 random bits: a safe integer seed for the per-path streams.
  const high = rng.int32() >>> 0;
  const low = rng.int32() >>> 11;
  const base = high * 2 ** 21 + low;
  return walk(config, base, []) as Drawn<T>;
}

/** Marks "inside a drawn value" in a stream path; never an array index or object key (keys are strings). */
const DRAWN = -1;

function walk(value: unknown, base: number, path: (string | number)[]): unknown {
  if (isDist(value)) {
    // A choice of objects may itself hold distributions: draw those too.
    const drawn = draw(value, streamFor(base, 'dist', ...path));
    return walk(drawn, base, [...path, DRAWN]);
  }
  if (Array.isArray(value)) return value.map((item, i) => walk(item, base, [...path, i]));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = walk(value[key], base, [...path, key]);
    return out;
  }
  return value;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function isWhole(of: DistOf): boolean {
  return of === 'int' || of === 'duration';
}

function clamp(x: number, min: number | undefined, max: number | undefined): number {
  let v = x;
  if (min !== undefined && v < min) v = min;
  if (max !== undefined && v > max) v = max;
  return v;
}

/** Decimal texts as safe integers of their finest common decimal place. */
function scaled(texts: readonly (string | undefined)[]): { step: string; values: (number | undefined)[] } {
  let scale = 0;
  for (const t of texts) {
    if (t === undefined) continue;
    const point = t.indexOf('.');
    if (point >= 0) scale = Math.max(scale, t.length - point - 1);
  }
  const step = decimalStep(scale);
  const opts = { allowNegative: true, allowZero: true };
  return { step, values: texts.map((t) => (t === undefined ? undefined : toScaled(t, step, 'bound', opts))) };
}

function uniform(of: DistOf, lo: unknown, hi: unknown, rng: RandomStream): unknown {
  if (of === 'decimal') {
    const { step, values } = scaled([lo as string, hi as string]);
    return formatScaled(rng.int(values[0] as number, values[1] as number), step);
  }
  const a = lo as number;
  const b = hi as number;
  if (isWhole(of)) return rng.int(a, b);
  return clamp(a + (b - a) * rng.float(), a, b);
}

function logUniform(of: DistOf, lo: unknown, hi: unknown, rng: RandomStream): unknown {
  const a = lo as number;
  const b = hi as number;
  if (!(a > 0)) throw new RangeError(`logUniform needs lo > 0, got ${a}`);
  const u = rng.float();
  if (isWhole(of)) {
    const la = Math.log(a);
    return clamp(Math.floor(Math.exp(la + (Math.log(b + 1) - la) * u)), a, b);
  }
  const la = Math.log(a);
  return clamp(Math.exp(la + (Math.log(b) - la) * u), a, b);
}

function normal(of: DistOf, mean: unknown, sd: unknown, min: unknown, max: unknown, rng: RandomStream): unknown {
  if (of === 'decimal') {
    const { step, values } = scaled([mean as string, sd as string, min as string | undefined, max as string | undefined]);
    const [m, s, lo, hi] = values;
    const x = clamp(Math.round(rng.normal(m as number, s as number)), lo ?? -Number.MAX_SAFE_INTEGER, hi ?? Number.MAX_SAFE_INTEGER);
    return formatScaled(x + 0, step);
  }
  const x = rng.normal(mean as number, sd as number);
  const lo = min as number | undefined;
  const hi = max as number | undefined;
  if (isWhole(of)) {
    // `+ 0` turns Math.round's -0 into 0.
    return clamp(Math.round(x), lo ?? -Number.MAX_SAFE_INTEGER, hi ?? Number.MAX_SAFE_INTEGER) + 0;
  }
  return clamp(x, lo, hi);
}
