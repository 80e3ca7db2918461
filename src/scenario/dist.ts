/**
 * The parsed distribution: what a `dist()` field (dist-field.ts) gives back,
 * a constant or a distribution drawn once per seed, as a tagged, frozen
 * {@link Dist} that `draw`/`drawAll` in draw.ts resolve: the value both
 * sides share, apart from the zod schemas that build it.
 */

/**
 * What a {@link Dist} draws, which decides how: `number` (any float), `int`
 * (whole numbers, uniform draws inclusive of both ends), `duration` (integer
 * ms), `decimal` (decimal strings with as many decimals as the most precise
 * bound), `choice` (any value; only constants and `{ choice: [...] }`).
 */
export type DistOf = 'number' | 'int' | 'duration' | 'decimal' | 'choice';

/** Brand of parsed distributions; `Symbol.for` so that two copies of this module agree. */
export const DIST: unique symbol = Symbol.for('surveil.scenario.dist');

/** The parts every parsed distribution has. */
interface DistCommon {
  readonly [DIST]: true;
  readonly of: DistOf;
}

/**
 * A value fixed in the file or drawn once per seed, as parsed by `dist()`:
 * - `const`: the value as written;
 * - `uniform`: between `lo` and `hi` inclusive;
 * - `logUniform`: `log(value)` uniform between `log(lo)` and `log(hi)`, `lo > 0`;
 * - `normal`: `mean + sd * N(0,1)`, clamped to `[min, max]` (the bounds written,
 *   else the field's own limits, e.g. 0 for a duration);
 * - `choice`: one of `values`, equally likely.
 *
 * For `normal`, `mean` and `sd` are numbers for `number` and `int` (a mean of
 * 2.5 trades is fine), milliseconds for durations and decimal strings for decimals.
 */
export type Dist<T> = DistCommon &
  (
    | { readonly kind: 'const'; readonly value: T }
    | { readonly kind: 'uniform'; readonly lo: T; readonly hi: T }
    | { readonly kind: 'logUniform'; readonly lo: T; readonly hi: T }
    | { readonly kind: 'normal'; readonly mean: T; readonly sd: T; readonly min?: T; readonly max?: T }
    | { readonly kind: 'choice'; readonly values: readonly T[] }
  );

/** Distribution kinds: the `kind` of a {@link Dist}. */
export type DistKind = Dist<unknown>['kind'];

/** What a user may write for a `dist()` field whose plain value is written as `I`. */
export type DistInput<I> =
  | I
  | { uniform: [I, I] }
  | { logUniform: [I, I] }
  | { normal: { mean: unknown; sd: unknown; min?: I; max?: I } }
  | { choice: I[] };

/** Whether `x` is a parsed distribution (made by `dist()` or {@link constDist}). */
export function isDist(x: unknown): x is Dist<unknown> {
  return typeof x === 'object' && x !== null && (x as { [DIST]?: unknown })[DIST] === true;
}

type DistBody<T> = Dist<T> extends infer D ? (D extends DistCommon ? Omit<D, typeof DIST | 'of'> : never) : never;

export function makeDist<T>(of: DistOf, body: DistBody<T>): Dist<T> {
  return Object.freeze({ [DIST]: true as const, of, ...body }) as Dist<T>;
}

/**
 * A constant {@link Dist}, e.g. for a schema default:
 * `dist(duration(), 'duration').default(constDist(60_000, 'duration'))`
 * (or write the input form with zod's `.prefault('1m')`).
 */
export function constDist<T>(value: T, of: DistOf): Dist<T> {
  return makeDist<T>(of, { kind: 'const', value });
}
