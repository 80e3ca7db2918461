/**
 * Exact decimal text, with an optional exponent, to a scaled integer.
 *
 * Real exchange dumps written by Python (ccxt, pandas) print small prices in
 * scientific notation ("1.188e-05") and amounts with a trailing ".0". The
 * core's `toScaled` (core/decimal.ts) deliberately rejects exponents because
 * scenario authors should write plain decimals; here the text is someone
 * else's, so the exponent is accepted, but the value must still land exactly on
 * the grid: "1.188e-05" with 8 decimals is 1188, and "1.1885e-05" is refused
 * rather than rounded. Done on strings (no float ever holds the value), fast
 * enough for millions of rows.
 */

/** Why a text was refused: its shape, or a value off the grid, or out of range. */
export type ScaledProblem = 'syntax' | 'grid' | 'range' | 'not-positive';

const SHAPE = /^\+?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** 10^0 .. 10^15: every one an exact double. */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * `text` x 10^decimals as an exact safe integer, or the reason it is not one.
 * Only strictly positive values are accepted (prices and amounts).
 *
 * One pass over the character codes, no regex and no substrings: this runs
 * twice per row of million-row files. The digits are summed into a number
 * only while there are at most 15 of them (below 10^15 every integer is an
 * exact double, so the sum, the grid test and the scaling are exact); longer
 * digit strings, rare in real data, take {@link scaledPositiveText}, which
 * gives the same answers on strings.
 */
export function scaledPositive(text: string, decimals: number): number | ScaledProblem {
  const n = text.length;
  let i = 0;
  if (n > 0 && text.charCodeAt(0) === 43) i = 1; // '+'
  let mant = 0;
  let sig = 0; // digits from the first non-zero one on
  let fracLen = 0;
  let intDigits = 0;
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    intDigits++;
    if (sig > 0 || d !== 0) {
      mant = mant * 10 + d;
      sig++;
    }
  }
  if (intDigits === 0) return text.startsWith('-') ? 'not-positive' : 'syntax';
  if (i < n && text.charCodeAt(i) === 46) {
    // '.': at least one digit must follow
    i++;
    const from = i;
    for (; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (sig > 0 || d !== 0) {
        mant = mant * 10 + d;
        sig++;
      }
    }
    fracLen = i - from;
    if (fracLen === 0) return 'syntax';
  }
  let exp = 0;
  if (i < n && (text.charCodeAt(i) | 32) === 101) {
    // 'e' or 'E', an optional sign, at least one digit
    i++;
    let negative = false;
    const c = i < n ? text.charCodeAt(i) : 0;
    if (c === 43 || c === 45) {
      negative = c === 45;
      i++;
    }
    const from = i;
    for (; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      exp = exp * 10 + d;
    }
    if (i === from) return 'syntax';
    if (negative) exp = -exp;
  }
  if (i !== n) return 'syntax';
  if (!(Math.abs(exp) <= 400)) return 'range';
  if (sig === 0) return 'not-positive';
  if (sig > 15) return scaledPositiveText(text, decimals);
  const shift = decimals + exp - fracLen;
  if (shift < 0) {
    // The dropped digits must be zeros; dropping all of them (or more) leaves nothing on the grid.
    if (-shift >= sig) return 'grid';
    const p = POW10[-shift]!;
    return mant % p === 0 ? mant / p : 'grid';
  }
  if (shift === 0) return mant;
  if (sig + shift > 16) return 'range';
  const v = mant * POW10[shift]!;
  return Number.isSafeInteger(v) ? v : 'range';
}

/** {@link scaledPositive} on strings with a regex: the reference, and the path for more than 15 digits. */
export function scaledPositiveText(text: string, decimals: number): number | ScaledProblem {
  const m = SHAPE.exec(text);
  if (m === null) return text.startsWith('-') ? 'not-positive' : 'syntax';
  const int = m[1]!;
  const frac = m[2] ?? '';
  const exp = m[3] === undefined ? 0 : Number(m[3]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return 'range';
  // value = digits x 10^(exp - frac.length); scaled = digits x 10^shift.
  let digits = (int + frac).replace(/^0+/, '');
  if (digits === '') return 'not-positive';
  const shift = decimals + exp - frac.length;
  if (shift < 0) {
    const cut = digits.length + shift;
    const dropped = cut <= 0 ? digits : digits.slice(cut);
    if (!/^0*$/.test(dropped)) return 'grid';
    digits = cut <= 0 ? '' : digits.slice(0, cut);
    if (digits === '') return 'grid';
  } else if (shift > 0) {
    if (digits.length + shift > 16) return 'range';
    digits += '0'.repeat(shift);
  }
  const v = Number(digits);
  return Number.isSafeInteger(v) ? v : 'range';
}
