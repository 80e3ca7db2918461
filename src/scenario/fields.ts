/**
 * Field types for configuration schemas (scenarios, suites): zod schemas that
 * accept what a person writes in YAML and give back what the simulator uses.
 *
 * Every field carries a `.describe()` text, so the JSON Schema exported for
 * editors documents it, and its own error messages, written to stand after a
 * path (`warmup: expected a duration like 90s, got 12`). A message function
 * returns `undefined` for an absent value, leaving "missing required key" to
 * the loader, which knows the key's name.
 *
 * - {@link duration}: `"90s"`, `"1h30m"` → integer milliseconds.
 * - {@link decimal}: exact decimal text, kept as a string (`"0.00025"`); converted
 *   to ticks, lots or units later, against the market's sizes.
 * - {@link dist}: a constant, or a distribution drawn once per seed
 *   (`{ uniform: [lo, hi] }`, `{ logUniform: [lo, hi] }`,
 *   `{ normal: { mean, sd, min?, max? } }`, `{ choice: [...] }`), parsed into a
 *   tagged {@link Dist} and resolved by `draw`/`drawAll` in draw.ts.
 * - {@link probability}, {@link positiveInt}, {@link nonNegativeInt}, {@link bps}.
 */
import { z } from 'zod';
import { DURATION_HINT, DURATION_RE, formatDuration, formatScaled, parseDecimal, parseDuration } from '../core/index.js';
import { describeValue } from './errors.js';

// ---------------------------------------------------------------------------
// Durations

// Moved to core/duration.ts so response/ can share it; re-exported for existing importers.
export { DURATION_PATTERN, parseDuration, formatDuration } from '../core/index.js';

/** Options for {@link duration}. */
export interface DurationOptions {
  /** Reject `0s` (e.g. an interval between actions). Default `false`. */
  positive?: boolean;
}

/**
 * A duration written as text (`"90s"`, `"1h30m"`; see {@link DURATION_PATTERN}),
 * parsed to integer milliseconds. The exported JSON Schema is the input: a
 * string with that pattern.
 */
export function duration(options: DurationOptions = {}) {
  const positive = options.positive === true;
  return z
    .string({ error: (iss) => (iss.input === undefined ? undefined : `expected a duration like 90s, got ${describeValue(iss.input)}`) })
    .regex(DURATION_RE, { error: (iss) => `${describeValue(iss.input)} is not a duration (${DURATION_HINT})` })
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.issues.push({ code: 'custom', input: text, message: `${JSON.stringify(text)} is too long a duration` });
        return z.NEVER;
      }
      if (positive && ms === 0) {
        ctx.issues.push({ code: 'custom', input: text, message: `must be longer than 0, got ${JSON.stringify(text)}` });
        return z.NEVER;
      }
      return ms;
    })
    .describe(
      `A duration${positive ? ' longer than zero' : ''}: whole numbers with units ms, s, m, h, d, largest unit first, no spaces, e.g. "500ms", "90s", "15m", "2h", "1h30m".`,
    );
}

// ---------------------------------------------------------------------------
// Decimals

/** The exact decimal grammar of core/decimal.ts, for JSON Schema. */
export const DECIMAL_PATTERN = '^[+-]?\\d+(\\.\\d+)?$';
const UNSIGNED_DECIMAL_PATTERN = '^\\+?\\d+(\\.\\d+)?$';
const DECIMAL_RE = new RegExp(DECIMAL_PATTERN);

/** Which decimals {@link decimal} accepts besides strictly positive ones (as in core/decimal.ts). */
export interface DecimalFieldOptions {
  /** Accept zero. Default `false`. */
  allowZero?: boolean;
  /** Accept values below zero. Default `false`. */
  allowNegative?: boolean;
}

function decimalTypeMessage(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  if (typeof input === 'number') {
    const example = Number.isFinite(input) && DECIMAL_RE.test(String(input)) ? String(input) : '0.00025';
    return `write decimals as quoted strings, e.g. "${example}", so no float rounding happens`;
  }
  return `expected a decimal as a quoted string like "0.00025", got ${describeValue(input)}`;
}

/**
 * An exact decimal written as a quoted string (`"0.00025"`, `"100"`), in the
 * grammar of core/decimal.ts, kept as that string: it is turned into ticks,
 * lots or smallest units later, against the market's sizes. A YAML number is
 * refused, because YAML reads `0.1` as a binary float. Strictly positive unless
 * `options` allow zero or negatives.
 */
export function decimal(options: DecimalFieldOptions = {}) {
  const allowZero = options.allowZero === true;
  const allowNegative = options.allowNegative === true;
  const sign = allowNegative ? (allowZero ? '' : 'non-zero ') : allowZero ? 'non-negative ' : 'positive ';
  return z
    .string({ error: (iss) => decimalTypeMessage(iss.input) })
    .regex(allowNegative ? DECIMAL_RE : new RegExp(UNSIGNED_DECIMAL_PATTERN), {
      error: (iss) =>
        typeof iss.input === 'string' && DECIMAL_RE.test(iss.input)
          ? `must not be negative, got ${describeValue(iss.input)}`
          : `${describeValue(iss.input)} is not a decimal number (write digits with an optional point, e.g. "0.00025"; no exponent)`,
    })
    .superRefine((text, ctx) => {
      if (!DECIMAL_RE.test(text) || allowZero || (!allowNegative && text.startsWith('-'))) return;
      if (parseDecimal(text).mantissa === 0n) ctx.addIssue({ code: 'custom', input: text, message: `must not be zero, got ${JSON.stringify(text)}` });
    })
    .describe(
      `A ${sign}decimal number as a quoted string, e.g. "0.00025": digits with an optional point, no exponent. Quoted so YAML does not round it to a binary float.`,
    );
}

// ---------------------------------------------------------------------------
// Numbers

function numberField(describe: string, expected: string, build: (n: z.ZodNumber, error: z.core.$ZodErrorMap) => z.ZodNumber) {
  const error: z.core.$ZodErrorMap = (iss) => (iss.input === undefined ? undefined : `expected ${expected}, got ${describeValue(iss.input)}`);
  return build(z.number({ error }), error).describe(describe);
}

/** A probability: a number from 0 to 1 inclusive. */
export function probability() {
  return numberField('A probability from 0 to 1, e.g. 0.25.', 'a probability from 0 to 1', (n, error) => n.min(0, { error }).max(1, { error }));
}

/** A whole number of at least 1 (a count, a size). */
export function positiveInt() {
  return numberField('A whole number, at least 1.', 'a whole number of at least 1', (n, error) =>
    n.int({ error }).min(1, { error }),
  );
}

/** A whole number of at least 0. */
export function nonNegativeInt() {
  return numberField('A whole number, at least 0.', 'a whole number of at least 0', (n, error) =>
    n.int({ error }).min(0, { error }),
  );
}

/** Basis points: a whole number from 0 to 10000 (100 bps = 1%). */
export function bps() {
  return numberField('Basis points: a whole number from 0 to 10000 (100 bps = 1%).', 'whole basis points from 0 to 10000', (n, error) =>
    n.int({ error }).min(0, { error }).max(10_000, { error }),
  );
}

// ---------------------------------------------------------------------------
// Distributions

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
 * A value fixed in the file or drawn once per seed, as parsed by {@link dist}:
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

/** What a user may write for a {@link dist} field whose plain value is written as `I`. */
export type DistInput<I> =
  | I
  | { uniform: [I, I] }
  | { logUniform: [I, I] }
  | { normal: { mean: unknown; sd: unknown; min?: I; max?: I } }
  | { choice: I[] };

/** Whether `x` is a parsed distribution (made by {@link dist} or {@link constDist}). */
export function isDist(x: unknown): x is Dist<unknown> {
  return typeof x === 'object' && x !== null && (x as { [DIST]?: unknown })[DIST] === true;
}

type DistBody<T> = Dist<T> extends infer D ? (D extends DistCommon ? Omit<D, typeof DIST | 'of'> : never) : never;

function makeDist<T>(of: DistOf, body: DistBody<T>): Dist<T> {
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

/** The limits of a field, used as default clamps for `normal`. */
interface Bounds {
  min?: number | string | undefined;
  max?: number | string | undefined;
  /** Decimal fields that refuse zero: clamp to one unit of the last decimal place. */
  positive?: boolean;
}

/**
 * What values `base` allows, found by asking it (so a field renamed with
 * `.describe()`, which clones the schema, keeps its limits): for durations
 * whether `0s` is allowed, for decimals whether `0` and `-1` are, for numbers
 * the bounds of its checks (exclusive ones made inclusive for integers).
 */
function boundsOf(base: z.ZodType, of: DistOf): Bounds {
  if (of === 'duration') return { min: base.safeParse('0s').success ? 0 : 1 };
  if (of === 'decimal') {
    if (base.safeParse('-1').success) return {};
    return base.safeParse('0').success ? { min: '0' } : { min: '0', positive: true };
  }
  if (!(base instanceof z.ZodNumber)) return {};
  const out: Bounds = {};
  for (const check of base.def.checks ?? []) {
    const def = check._zod.def as { check?: string; value?: unknown; inclusive?: boolean };
    if (typeof def.value !== 'number') continue;
    const v = def.value;
    if (def.check === 'greater_than') {
      const lo = def.inclusive ? v : of === 'int' ? Math.floor(v) + 1 : nextUp(v);
      if (typeof out.min !== 'number' || lo > out.min) out.min = lo;
    } else if (def.check === 'less_than') {
      const hi = def.inclusive ? v : of === 'int' ? Math.ceil(v) - 1 : -nextUp(-v);
      if (typeof out.max !== 'number' || hi < out.max) out.max = hi;
    }
  }
  return out;
}

/** The smallest double above `x` (finite `x`). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0] = (bits[0] as bigint) + (x > 0 ? 1n : -1n);
  return f[0] as number;
}

/** Comparison and display of drawn values of one kind, for validating bounds. */
interface KindOps {
  compare(a: unknown, b: unknown): number;
  show(v: unknown): string;
  isPositive(v: unknown): boolean;
}

function decimalCompare(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  const xm = x.mantissa * 10n ** BigInt(scale - x.scale);
  const ym = y.mantissa * 10n ** BigInt(scale - y.scale);
  return xm < ym ? -1 : xm > ym ? 1 : 0;
}

const NUMBER_OPS: KindOps = {
  compare: (a, b) => (a as number) - (b as number),
  show: (v) => String(v),
  isPositive: (v) => (v as number) > 0,
};
const OPS: Record<Exclude<DistOf, 'choice'>, KindOps> = {
  number: NUMBER_OPS,
  int: NUMBER_OPS,
  duration: { ...NUMBER_OPS, show: (v) => formatDuration(v as number) },
  decimal: {
    compare: (a, b) => decimalCompare(a as string, b as string),
    show: (v) => JSON.stringify(v),
    isPositive: (v) => parseDecimal(v as string).mantissa > 0n,
  },
};

/** Decimal strings drawn between bounds are integers at the finest scale; they must stay below 2^53. */
function decimalScaleProblem(values: readonly string[]): string | undefined {
  const scale = Math.max(0, ...values.map((v) => parseDecimal(v).scale));
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  for (const v of values) {
    const { mantissa, scale: s } = parseDecimal(v);
    const m = mantissa * 10n ** BigInt(scale - s);
    if (m > limit || -m > limit) return `${JSON.stringify(v)} has too many digits at ${scale} decimals for a random draw`;
  }
  return undefined;
}

/** `1` at the last of `scale` decimals, as text: `"0.001"` for 3. */
export function decimalStep(scale: number): string {
  return scale === 0 ? '1' : `0.${'0'.repeat(scale - 1)}1`;
}

function pairProblems(kind: 'uniform' | 'logUniform', pair: readonly unknown[], of: Exclude<DistOf, 'choice'>): string[] {
  const ops = OPS[of];
  const [lo, hi] = pair;
  const out: string[] = [];
  if (of === 'decimal' && typeof lo === 'string' && typeof hi === 'string') {
    const p = decimalScaleProblem([lo, hi]);
    if (p) return [p];
  }
  if (ops.compare(lo, hi) > 0) out.push(`lo ${ops.show(lo)} is above hi ${ops.show(hi)}`);
  if (kind === 'logUniform' && !ops.isPositive(lo)) out.push(`lo must be above 0 for logUniform, got ${ops.show(lo)}`);
  return out;
}

function constForm(base: z.ZodType, of: DistOf) {
  return base.transform((value) => makeDist(of, { kind: 'const', value }));
}

function pairForm(key: 'uniform' | 'logUniform', base: z.ZodType, of: Exclude<DistOf, 'choice'>, describe: string) {
  return z
    .strictObject({ [key]: z.tuple([base, base]).describe(describe) })
    .transform((v, ctx) => {
      // Checked here, not in a refinement: a transform runs only once the bounds themselves are valid.
      const pair = v[key] as [unknown, unknown];
      const problems = pairProblems(key, pair, of);
      if (problems.length > 0) {
        for (const message of problems) ctx.issues.push({ code: 'custom', message, path: [key], input: pair });
        return z.NEVER;
      }
      return makeDist(of, { kind: key, lo: pair[0], hi: pair[1] });
    });
}

function normalForm(base: z.ZodType, of: Exclude<DistOf, 'choice'>) {
  const ops = OPS[of];
  const numberError: z.core.$ZodErrorMap = (iss) =>
    iss.input === undefined ? undefined : `expected a number, got ${describeValue(iss.input)}`;
  const sdError: z.core.$ZodErrorMap = (iss) =>
    iss.input === undefined ? undefined : `expected a number of at least 0, got ${describeValue(iss.input)}`;
  const mean = of === 'int' ? z.number({ error: numberError }) : base;
  const sd =
    of === 'number' || of === 'int'
      ? z.number({ error: sdError }).min(0, { error: sdError })
      : of === 'decimal'
        ? decimal({ allowZero: true })
        : base;
  const bounds = boundsOf(base, of);
  return z
    .strictObject({
      normal: z
        .strictObject({
          mean: mean.describe('The mean.'),
          sd: sd.describe('The standard deviation, at least 0.'),
          min: base.optional().describe('Draws below are raised to this; default: the lowest value the field allows.'),
          max: base.optional().describe('Draws above are lowered to this; default: the highest value the field allows.'),
        })
        .describe('A normal distribution, clamped to [min, max].'),
    })
    .transform((v, ctx) => {
      const n = v.normal as { mean: unknown; sd: unknown; min?: unknown; max?: unknown };
      const problem = (message: string) => {
        ctx.issues.push({ code: 'custom', message, path: ['normal'], input: n });
        return z.NEVER;
      };
      if (of === 'decimal') {
        const p = decimalScaleProblem([n.mean, n.sd, n.min, n.max].filter((x): x is string => typeof x === 'string'));
        if (p) return problem(p);
      }
      if (n.min !== undefined && n.max !== undefined && ops.compare(n.min, n.max) > 0) {
        return problem(`min ${ops.show(n.min)} is above max ${ops.show(n.max)}`);
      }
      let min = n.min ?? bounds.min;
      const max = n.max ?? bounds.max;
      if (of === 'decimal' && bounds.positive && (typeof min !== 'string' || !OPS.decimal.isPositive(min))) {
        // A positive decimal field: the lowest draw is one unit of the draw's last decimal place.
        const texts = [n.mean, n.sd, n.max].filter((x): x is string => typeof x === 'string');
        min = formatScaled(1, decimalStep(Math.max(0, ...texts.map((x) => parseDecimal(x).scale))));
      }
      return makeDist(of, {
        kind: 'normal',
        mean: n.mean,
        sd: n.sd,
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
      });
    });
}

/** What a plain value of each kind is called in messages. */
const PLAIN_NOUN: Record<DistOf, string> = {
  number: 'a number',
  int: 'a whole number',
  duration: 'a duration like 90s',
  decimal: 'a quoted decimal like "0.5"',
  choice: 'a value',
};

function choiceForm(base: z.ZodType, of: DistOf) {
  return z
    .strictObject({ choice: z.array(base).min(1).describe('The values to choose from, equally likely; at least one.') })
    .transform((v) => makeDist(of, { kind: 'choice', values: v.choice as unknown[] }));
}

/**
 * A field that takes either a plain value of `base` or a distribution drawn
 * once per seed, parsed into a tagged {@link Dist}:
 *
 * ```yaml
 * followers: 40                                  # const
 * followers: { uniform: [20, 60] }               # int: 20..60 inclusive
 * reactionDelay: { logUniform: ["200ms", "30s"] } # number/int/duration only
 * size: { normal: { mean: "0.5", sd: "0.1", min: "0.01" } }
 * platform: { choice: [3commas, cornix] }
 * ```
 *
 * Bounds, `min`, `max` and choices are validated by `base` (so a probability's
 * bounds must lie in 0..1); `normal` draws are clamped to `min`/`max`, which
 * default to `base`'s own limits where known (number checks, 0 for durations,
 * non-negative or positive decimals). Every object form is strict.
 *
 * @param base - the schema of one plain value: a zod number schema for
 *   `number`/`int`, {@link duration} for `duration`, {@link decimal} for
 *   `decimal`, anything for `choice`
 * @param of - how values are drawn (see {@link DistOf})
 */
export function dist<B extends z.ZodType<number>>(base: B, of: 'number' | 'int' | 'duration'): z.ZodType<Dist<number>, DistInput<z.input<B>>>;
export function dist<B extends z.ZodType<string>>(base: B, of: 'decimal'): z.ZodType<Dist<string>, DistInput<z.input<B>>>;
export function dist<B extends z.ZodType>(base: B, of: 'choice'): z.ZodType<Dist<z.output<B>>, DistInput<z.input<B>>>;
export function dist(base: z.ZodType, of: DistOf): z.ZodType {
  const forms: z.ZodType[] = [constForm(base, of)];
  if (of !== 'choice') {
    const what = of === 'duration' ? 'durations' : of === 'decimal' ? 'decimal strings' : of === 'int' ? 'whole numbers' : 'numbers';
    forms.push(pairForm('uniform', base, of, `[lo, hi] (${what}): drawn uniformly between lo and hi, both included.`));
    if (of !== 'decimal') {
      forms.push(
        pairForm('logUniform', base, of, `[lo, hi] (${what}, lo > 0): drawn so that its logarithm is uniform; suits values spanning orders of magnitude.`),
      );
    }
    forms.push(normalForm(base, of));
  }
  forms.push(choiceForm(base, of));
  const forms_ = ['a plain value'];
  if (of !== 'choice') forms_.push('{ uniform: [lo, hi] }');
  if (of !== 'choice' && of !== 'decimal') forms_.push('{ logUniform: [lo, hi] }');
  if (of !== 'choice') forms_.push('{ normal: { mean, sd, min?, max? } }');
  forms_.push('{ choice: [a, b, ...] }');
  const baseText = base.description ? `${base.description} ` : '';
  const noun = PLAIN_NOUN[of];
  return z
    .union(forms as [z.ZodType, z.ZodType, ...z.ZodType[]], {
      // Used when the value fits no form at all (e.g. a list): name both kinds of answer.
      error: (iss) =>
        iss.input === undefined || (typeof iss.input === 'object' && iss.input !== null && !Array.isArray(iss.input))
          ? undefined
          : `expected ${noun} or a distribution such as { uniform: [lo, hi] }, got ${describeValue(iss.input)}`,
    })
    .describe(`${baseText}Either ${forms_.slice(0, -1).join(', ')} or ${forms_[forms_.length - 1]}; a distribution is drawn once per seed.`);
}
