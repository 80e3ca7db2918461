/**
 * Exact conversions between decimal text and the core's integer units.
 *
 * Used only at the edges (scenario loading, CSV import/export, reports): inside
 * the simulator a price is a whole number of ticks, a quantity a whole number of
 * lots and a balance a whole number of the asset's smallest unit. Floating point
 * is never used for a value: `0.1 + 0.2` style rounding would silently move a
 * price off its tick or create a satoshi out of nothing.
 *
 * Accepted text (one grammar everywhere): an optional `+` or `-`, one or more
 * digits, then optionally `.` and one or more digits. So `100`, `-1.5`,
 * `0.00025`, `007.50` are accepted; `.5`, `1.`, `1e-8`, `1_000`, `1,5`, `Infinity`
 * and anything with spaces are rejected. Requiring digits on both sides of the
 * point catches truncated CSV fields, and rejecting exponents keeps every
 * accepted text an exact, human-checkable decimal.
 *
 * Trailing zeros are never an error: `0.010` is on a `0.01` grid and `1.000000000`
 * has 8 significant decimal places for an 8-decimal asset.
 */

/** Why a {@link DecimalError} was raised, for callers that map errors to fields. */
export type DecimalReason = 'syntax' | 'sign' | 'grid' | 'precision' | 'range';

/**
 * A decimal text that cannot be turned into the requested integer. The message
 * is written to stand next to a field (`price 0.0025 is not a multiple of the
 * tick size 0.002`), so a scenario loader can prefix it with a path and show it.
 */
export class DecimalError extends Error {
  override readonly name = 'DecimalError';
  /**
   * @param what - the noun the message starts with (`price`, `quantity`, `amount`)
   * @param text - the offending text, exactly as given
   * @param reason - machine-readable category of the failure
   */
  constructor(
    readonly what: string,
    readonly text: string,
    readonly reason: DecimalReason,
    message: string,
  ) {
    super(message);
  }
}

/** Which values a conversion accepts besides strictly positive ones. */
export interface DecimalOptions {
  /** Accept values below zero (e.g. balance deltas). Default `false`. */
  allowNegative?: boolean;
  /** Accept zero (e.g. an empty balance). Independent of `allowNegative`. Default `false`. */
  allowZero?: boolean;
}

/** Options for {@link toScaled}. */
export interface ScaledOptions extends DecimalOptions {
  /**
   * What the step is called in messages. Defaults to `tick size` for `price`,
   * `lot size` for `quantity`, and `step` otherwise.
   */
  stepName?: string;
}

/** Sign, digits and point position of an accepted text: value = ±digits / 10^scale. */
interface Parts {
  negative: boolean;
  digits: string;
  scale: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const NONZERO = /[1-9]/;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_SAFE_BIG = BigInt(MAX_SAFE);
/** Literal powers of ten: `10 ** k` is not guaranteed to be correctly rounded. */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** Digit strings up to this length are < 1e15 < 2^53, so exact as numbers. */
const FAST_DIGITS = 15;

function split(text: string): Parts | undefined {
  const m = DECIMAL.exec(text);
  if (m === null) return undefined;
  const frac = m[3] ?? '';
  return { negative: m[1] === '-', digits: (m[2] ?? '') + frac, scale: frac.length };
}

function isZero(p: Parts): boolean {
  return !NONZERO.test(p.digits);
}

function syntaxError(what: string, text: string): DecimalError {
  return new DecimalError(what, text, 'syntax', `${what} ${JSON.stringify(text)} is not a decimal number`);
}

/** Parses `text` or throws the standard "is not a decimal number" error. */
function parts(text: string, what: string): Parts {
  const p = split(text);
  if (p === undefined) throw syntaxError(what, text);
  return p;
}

/** Parses a step (tick size, lot size): must be a strictly positive decimal. */
function stepParts(step: string, name: string): Parts {
  const p = parts(step, name);
  if (p.negative || isZero(p)) throw new DecimalError(name, step, 'sign', `${name} ${step} must be positive`);
  return p;
}

/** Enforces the sign options on an already parsed value. */
function checkSign(p: Parts, what: string, text: string, opts: DecimalOptions): void {
  const zero = isZero(p);
  if (zero) {
    if (opts.allowZero) return;
    const msg = opts.allowNegative ? 'must not be zero' : 'must be positive';
    throw new DecimalError(what, text, 'sign', `${what} ${text} ${msg}`);
  }
  if (p.negative && !opts.allowNegative) {
    const msg = opts.allowZero ? 'must not be negative' : 'must be positive';
    throw new DecimalError(what, text, 'sign', `${what} ${text} ${msg}`);
  }
}

/** Applies the sign without producing `-0` (which would print as `0` but compare oddly with Object.is). */
function signed(n: number, negative: boolean): number {
  return negative && n !== 0 ? -n : n;
}

/**
 * |value| / step as a whole number; 'grid' when not whole, 'range' when above
 * 2^53 - 1. Small inputs use plain number arithmetic, which is exact because
 * every operand and result is an integer below 2^53; larger ones use BigInt.
 */
function ratio(value: Parts, step: Parts): number | 'grid' | 'range' {
  const scale = Math.max(value.scale, step.scale);
  const vShift = scale - value.scale;
  const sShift = scale - step.scale;
  if (value.digits.length + vShift <= FAST_DIGITS && step.digits.length + sShift <= FAST_DIGITS) {
    const v = Number(value.digits) * (POW10[vShift] ?? NaN);
    const s = Number(step.digits) * (POW10[sShift] ?? NaN);
    return v % s === 0 ? v / s : 'grid';
  }
  const v = BigInt(value.digits) * 10n ** BigInt(vShift);
  const s = BigInt(step.digits) * 10n ** BigInt(sShift);
  if (v % s !== 0n) return 'grid';
  const q = v / s;
  return q > MAX_SAFE_BIG ? 'range' : Number(q);
}

function defaultStepName(what: string): string {
  if (what === 'price') return 'tick size';
  if (what === 'quantity') return 'lot size';
  return 'step';
}

/**
 * Parses decimal text into an exact mantissa and scale: value = mantissa / 10^scale.
 * The scale is the number of digits written after the point (`"1.50"` gives
 * `{ mantissa: 150n, scale: 2 }`); no normalisation is applied.
 *
 * @param text - decimal text in the grammar described at the top of this module
 * @param what - noun used in the error message
 * @throws DecimalError when `text` is not a decimal number
 */
export function parseDecimal(text: string, what = 'value'): { mantissa: bigint; scale: number } {
  const p = parts(text, what);
  const m = BigInt(p.digits);
  return { mantissa: p.negative ? -m : m, scale: p.scale };
}

/**
 * How many `step`s `text` is: `toScaled("99.92", "0.01", "price")` is `9992`,
 * `toScaled("1.5", "0.5", "quantity")` is `3`.
 *
 * @param text - the value as decimal text
 * @param step - the grid, a strictly positive decimal (tick size, lot size)
 * @param what - noun for messages: `price`, `quantity`, `amount`, ...
 * @param opts - sign options (default: strictly positive only) and the step's name
 * @returns a safe integer
 * @throws DecimalError for non-decimal text, a disallowed sign, a value off the
 *   grid, or a result beyond `Number.MAX_SAFE_INTEGER`; also when `step` itself
 *   is not a positive decimal
 */
export function toScaled(text: string, step: string, what: string, opts: ScaledOptions = {}): number {
  const stepName = opts.stepName ?? defaultStepName(what);
  const s = stepParts(step, stepName);
  const v = parts(text, what);
  checkSign(v, what, text, opts);
  const r = ratio(v, s);
  if (r === 'grid') {
    throw new DecimalError(what, text, 'grid', `${what} ${text} is not a multiple of the ${stepName} ${step}`);
  }
  if (r === 'range') {
    throw new DecimalError(what, text, 'range', `${what} ${text} is out of range: more than 2^53 - 1 steps of ${step}`);
  }
  return signed(r, v.negative);
}

/**
 * An amount in the asset's smallest unit: `toUnits("0.00000001", 8, "amount")` is `1`.
 *
 * @param text - the amount as decimal text
 * @param decimals - the asset's number of decimal places (integer 0..100)
 * @param what - noun for messages, usually `amount`
 * @param opts - sign options (default: strictly positive only)
 * @returns a safe integer
 * @throws DecimalError for non-decimal text, a disallowed sign, non-zero digits
 *   beyond `decimals` places, or a result beyond `Number.MAX_SAFE_INTEGER`
 * @throws RangeError when `decimals` is not an integer in 0..100 (a caller bug)
 */
export function toUnits(text: string, decimals: number, what: string, opts: DecimalOptions = {}): number {
  checkDecimals(decimals);
  const v = parts(text, what);
  checkSign(v, what, text, opts);
  let digits = v.digits;
  if (v.scale > decimals) {
    const cut = digits.length - (v.scale - decimals);
    if (NONZERO.test(digits.slice(cut))) {
      const msg = decimals === 0 ? 'must be a whole number' : `has more than ${decimals} decimal ${decimals === 1 ? 'place' : 'places'}`;
      throw new DecimalError(what, text, 'precision', `${what} ${text} ${msg}`);
    }
    digits = digits.slice(0, cut);
  } else {
    digits += '0'.repeat(decimals - v.scale);
  }
  // Parsing an integer string is correctly rounded and monotonic, so anything
  // above 2^53 - 1 parses to at least 2^53 and fails the check: no BigInt needed.
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) {
    throw new DecimalError(what, text, 'range', `${what} ${text} is out of range: more than 2^53 - 1 units at ${decimals} decimals`);
  }
  return signed(n, v.negative);
}

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 100) {
    throw new RangeError(`decimals must be an integer in 0..100, got ${decimals}`);
  }
}

function checkSafe(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`expected a safe integer, got ${n}`);
}

/** Writes non-negative integer `digits` with the point `scale` places from the right. */
function placePoint(digits: string, scale: number, negative: boolean): string {
  const sign = negative ? '-' : '';
  if (scale === 0) return sign + digits;
  const padded = digits.length <= scale ? '0'.repeat(scale + 1 - digits.length) + digits : digits;
  return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

/**
 * The inverse of {@link toScaled}: `n` steps as decimal text with exactly as many
 * decimals as `step` is written with (`formatScaled(10000, "0.01")` is `"100.00"`,
 * `formatScaled(3, "0.5")` is `"1.5"`, `formatScaled(3, "5")` is `"15"`).
 * Fixed decimals keep report columns aligned and make the output canonical for a
 * given step, so `toScaled(formatScaled(n, step), step) === n`.
 *
 * @param n - a safe integer, may be negative
 * @param step - a strictly positive decimal
 * @throws RangeError when `n` is not a safe integer
 * @throws DecimalError when `step` is not a positive decimal
 */
export function formatScaled(n: number, step: string): string {
  checkSafe(n);
  const s = stepParts(step, 'step');
  const abs = Math.abs(n);
  // The product of two exact integers is exact when it stays below 2^53; when
  // the true product is larger, the rounded one is >= 2^53 and we fall back.
  const fast = abs * Number(s.digits);
  const digits = fast <= MAX_SAFE ? String(fast) : (BigInt(abs) * BigInt(s.digits)).toString();
  return placePoint(digits, s.scale, n < 0);
}

/**
 * The inverse of {@link toUnits}: `n` smallest units as decimal text with exactly
 * `decimals` decimals (`formatUnits(1, 8)` is `"0.00000001"`,
 * `formatUnits(100000000, 8)` is `"1.00000000"`).
 *
 * @param n - a safe integer, may be negative
 * @param decimals - the asset's number of decimal places (integer 0..100)
 * @throws RangeError when `n` is not a safe integer or `decimals` is invalid
 */
export function formatUnits(n: number, decimals: number): string {
  checkSafe(n);
  checkDecimals(decimals);
  return placePoint(String(Math.abs(n)), decimals, n < 0);
}

/**
 * How many `fine` steps make one `coarse` step, e.g. quote units per tick:
 * `stepRatio("0.01", "0.00000001")` is `1000000`.
 *
 * @param coarse - strictly positive decimal
 * @param fine - strictly positive decimal
 * @throws DecimalError when either is not a positive decimal, when `coarse` is
 *   not a whole multiple of `fine`, or when the ratio exceeds 2^53 - 1
 */
export function stepRatio(coarse: string, fine: string): number {
  const c = stepParts(coarse, 'step');
  const f = stepParts(fine, 'step');
  const r = ratio(c, f);
  if (r === 'grid') throw new DecimalError('step', coarse, 'grid', `step ${coarse} is not a multiple of the step ${fine}`);
  if (r === 'range') throw new DecimalError('step', coarse, 'range', `step ${coarse} is more than 2^53 - 1 steps of ${fine}`);
  return r;
}

/**
 * The exact product of two decimals, in minimal form (no trailing fractional
 * zeros, no trailing point, `"0"` for zero): `multiplyDecimals("0.01", "0.5")`
 * is `"0.005"`. Useful for the quote value of one tick times one lot.
 *
 * @throws DecimalError when either argument is not a decimal number
 */
export function multiplyDecimals(a: string, b: string): string {
  const x = parts(a, 'value');
  const y = parts(b, 'value');
  let digits = (BigInt(x.digits) * BigInt(y.digits)).toString();
  let scale = x.scale + y.scale;
  if (digits === '0') return '0';
  while (scale > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale -= 1;
  }
  return placePoint(digits, scale, x.negative !== y.negative);
}
