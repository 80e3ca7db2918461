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
 * - {@link probability}, {@link positiveInt}, {@link nonNegativeInt}, {@link bps}.
 *
 * A field that may also be drawn from a distribution wraps one of these in
 * `dist()` (dist-field.ts).
 */
import { z } from 'zod';
import { DURATION_HINT, DURATION_RE, parseDecimal, parseDuration } from '../core/index.js';
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
