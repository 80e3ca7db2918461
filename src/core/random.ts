/**
 * Seeded random streams. Every source of randomness in the simulator is a
 * {@link RandomStream} obtained from {@link streamFor} with the scenario seed and
 * a path naming its owner (`streamFor(seed, 'agent', 'whale-1')`). A stream's
 * draws depend only on the seed and its path, never on how many other streams
 * exist or in which order they were made: adding an agent to a scenario does
 * not change what any other agent does.
 *
 * No `Math.random`, no clock. The transcendental functions used by the
 * continuous distributions (`Math.log`, `Math.cos`, `Math.exp`) are not required
 * by ECMAScript to be correctly rounded, but V8 implements them with fdlibm
 * ports that give identical bits on every platform; the engine is pinned by
 * `engines.node` in package.json.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;
const TWO_POW_52 = 4503599627370496;
const TWO_PI = 2 * Math.PI;
/** Below this mean Knuth's product method is cheap; above it PTRS is used. */
const POISSON_KNUTH_MAX = 30;

/**
 * One deterministic source of random draws, wrapping a xoroshiro128+ generator
 * (mutable, fast). Every method advances the stream. Not thread-shared: each
 * owner keeps its own stream.
 */
export class RandomStream {
  private readonly rng: JumpableRandomGenerator;

  /**
   * @param seed - either a 32-bit seed (e.g. from {@link deriveSeed}; other
   *   safe integers are reduced modulo 2^32) or an existing generator to wrap.
   *   A number is spread over the whole 128-bit state with fmix32, because
   *   pure-rand's own `xoroshiro128plus(seed)` leaves 96 bits nearly constant
   *   and its first output is just `~seed`. Prefer {@link streamFor}, which
   *   fills the state from a hash of the seed and the owner's path.
   */
  constructor(seed: number | JumpableRandomGenerator) {
    if (typeof seed !== 'number') {
      this.rng = seed;
      return;
    }
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const s = seed | 0;
    // fmix32 is a bijection and fmix32(x) = 0 only for x = 0, so the four
    // words cannot all be zero (which would freeze the generator).
    this.rng = xoroshiro128plusFromState([
      fmix32(s ^ 0x243f6a88) | 0,
      fmix32(s ^ 0x85a308d3) | 0,
      fmix32(s ^ 0x13198a2e) | 0,
      fmix32(s ^ 0x03707344) | 0,
    ]);
  }

  /** An independent copy that will produce the same future draws as this one. */
  clone(): RandomStream {
    return new RandomStream(this.rng.clone());
  }

  /** A raw 32-bit draw, uniform over -2^31..2^31-1. */
  int32(): number {
    return this.rng.next();
  }

  /**
   * A uniform integer in `[lo, hi]`, both inclusive. Unbiased (rejection
   * sampling in pure-rand), so it may consume more than one raw draw.
   *
   * @throws RangeError unless `lo` and `hi` are safe integers with `lo <= hi`
   */
  int(lo: number, hi: number): number {
    if (!(lo <= hi) || !Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) {
      throw new RangeError(`int(lo, hi) needs safe integers with lo <= hi, got ${lo}, ${hi}`);
    }
    return uniformInt(this.rng, lo, hi);
  }

  /** A uniform float in `[0, 1)` with 53 random bits (two raw draws). */
  float(): number {
    const hi = this.rng.next() >>> 5; // 27 bits
    const lo = this.rng.next() >>> 6; // 26 bits
    return (hi * TWO_POW_26 + lo) / TWO_POW_53;
  }

  /**
   * A uniform float strictly inside `(0, 1)`: 52 random bits plus one half
   * step, so both `log(u)` and `log(1 - u)` are finite and non-zero.
   */
  private openFloat(): number {
    const hi = this.rng.next() >>> 6; // 26 bits
    const lo = this.rng.next() >>> 6; // 26 bits
    return (hi * TWO_POW_26 + lo + 0.5) / TWO_POW_52;
  }

  /**
   * `true` with probability `p` (values outside [0, 1] act as 0 or 1). Always
   * consumes exactly two raw draws, whatever `p` is, so changing a probability
   * in a scenario does not shift the stream's later draws.
   */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /**
   * An exponential variate with the given rate (mean `1 / rate`), by inverse
   * transform on an open-interval uniform, so the result is always finite and > 0.
   *
   * @throws RangeError unless `rate` is finite and > 0
   */
  exponential(rate: number): number {
    if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`exponential rate must be finite and > 0, got ${rate}`);
    return -Math.log(this.openFloat()) / rate;
  }

  /**
   * A normal variate by the Box–Muller transform. The second value of each
   * pair is deliberately not cached: the stream's whole state is then the
   * generator's, so {@link RandomStream.clone} is exact and a draw depends only
   * on the calls made before it. Consumes four raw draws.
   *
   * @throws RangeError unless `sd` is finite and >= 0
   */
  normal(mean = 0, sd = 1): number {
    if (!(sd >= 0) || !Number.isFinite(sd)) throw new RangeError(`normal sd must be finite and >= 0, got ${sd}`);
    const r = Math.sqrt(-2 * Math.log(this.openFloat()));
    return mean + sd * r * Math.cos(TWO_PI * this.float());
  }

  /** `exp(X)` with `X ~ normal(mu, sigma)`: positive and right-skewed (order sizes, wealth). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /**
   * A Poisson variate with mean `lambda`. Exact for every mean: Knuth's
   * product-of-uniforms method below 30, Hörmann's PTRS transformed rejection
   * above (O(1) per draw). Both consume a data-dependent number of raw draws.
   *
   * @throws RangeError unless `lambda` is finite and >= 0
   */
  poisson(lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`poisson lambda must be finite and >= 0, got ${lambda}`);
    if (lambda === 0) return 0;
    return lambda < POISSON_KNUTH_MAX ? this.poissonKnuth(lambda) : this.poissonPtrs(lambda);
  }

  private poissonKnuth(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0;
    let prod = this.float();
    while (prod > limit) {
      k += 1;
      prod *= this.float();
    }
    return k;
  }

  /** W. Hörmann, "The transformed rejection method for generating Poisson random variables", 1993. */
  private poissonPtrs(lambda: number): number {
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.float() - 0.5;
      const v = this.openFloat();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const lhs = Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b);
      if (lhs <= -lambda + k * loglam - logGamma(k + 1)) return k;
    }
  }

  /**
   * A uniformly chosen element.
   *
   * @throws RangeError when `items` is empty
   */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[uniformInt(this.rng, 0, items.length - 1)] as T;
  }

  /** Shuffles `items` in place (Fisher–Yates, uniform over permutations) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = uniformInt(this.rng, 0, i);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  /**
   * An index chosen with probability proportional to its weight. Zero weights
   * are never chosen. Linear scan: meant for short lists (a handful of actions).
   *
   * @throws RangeError when a weight is negative or not finite, or all are zero
   */
  weighted(weights: readonly number[]): number {
    let total = 0;
    let last = -1;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights must be finite and >= 0, got ${w} at ${i}`);
      total += w;
      if (w > 0) last = i;
    }
    if (!(total > 0)) throw new RangeError('weighted needs at least one positive weight');
    const r = this.float() * total;
    let acc = 0;
    for (let i = 0; i < last; i++) {
      acc += weights[i] as number;
      if (r < acc) return i;
    }
    // Rounding in the running sum can leave r just above the final total; the
    // last positive weight absorbs it so a zero-weight index is never returned.
    return last;
  }
}

/**
 * Natural log of the gamma function (Stirling series, shifted up to x >= 7 for
 * accuracy), as used by PTRS for log(k!). Deterministic: only +, *, /, log.
 */
function logGamma(x: number): number {
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + n;
  const x2 = 1 / (x0 * x0);
  let gl0 = STIRLING[9] as number;
  for (let k = 8; k >= 0; k--) gl0 = gl0 * x2 + (STIRLING[k] as number);
  let gl = gl0 / x0 + 0.5 * LOG_2PI + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 1; k <= n; k++) {
    gl -= Math.log(x0 - 1);
    x0 -= 1;
  }
  return gl;
}
const LOG_2PI = 1.8378770664093453;
const STIRLING = [
  8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4,
  -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
];

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a over bytes, starting from `basis`. */
function fnv1a(bytes: Uint8Array, basis: number): number {
  let h = basis | 0;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}

/** Four FNV offset bases: the standard one and three arbitrary odd constants. */
const BASES = [0x811c9dc5, 0x9e3779b9, 0x7f4a7c15, 0xb5297a4d];
const utf8 = new TextEncoder();

/**
 * The bytes hashed for a seed and path. JSON encoding is the unambiguous
 * separator: `['a', 'b']`, `['a,b']`, `['ab']` and `[1]` vs `['1']` all differ.
 */
function pathBytes(seed: number, path: readonly (string | number)[]): Uint8Array {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  for (const p of path) {
    if (typeof p === 'number' && !Number.isFinite(p)) throw new RangeError(`seed path numbers must be finite, got ${p}`);
  }
  return utf8.encode(JSON.stringify([seed, ...path]));
}

function hashWords(seed: number, path: readonly (string | number)[]): number[] {
  const bytes = pathBytes(seed, path);
  return BASES.map((basis) => fmix32(fnv1a(bytes, basis)));
}

function fromWords(words: number[]): JumpableRandomGenerator {
  // An all-zero state is a fixed point of xoroshiro (it would emit zeros forever).
  if (!words.some((w) => w !== 0)) words[0] = 1;
  return xoroshiro128plusFromState(words.map((w) => w | 0));
}

/**
 * A stable unsigned 32-bit seed for a path under a seed: FNV-1a over the UTF-8
 * of `JSON.stringify([seed, ...path])`, then murmur3's fmix32. Stable across
 * versions and platforms; use it where a plain number seed must be handed on.
 *
 * @param seed - the scenario seed, a safe integer
 * @param path - names and indices identifying the owner (finite numbers only)
 */
export function deriveSeed(seed: number, ...path: (string | number)[]): number {
  return fmix32(fnv1a(pathBytes(seed, path), BASES[0] as number));
}

/**
 * The stream owned by `path` under the scenario seed, e.g.
 * `streamFor(seed, 'agent', 'whale-1')`. Its whole 128-bit state comes from
 * four hashes of the seed and path, so two different paths share a stream only
 * with negligible probability (a 32-bit seed would collide with ~1% chance
 * among 10,000 agents, and identical agents would look coordinated to the
 * detectors). Independent of every other stream made before or after.
 *
 * @param seed - the scenario seed, a safe integer
 * @param path - names and indices identifying the owner (finite numbers only)
 */
export function streamFor(seed: number, ...path: (string | number)[]): RandomStream {
  return new RandomStream(fromWords(hashWords(seed, path)));
}
