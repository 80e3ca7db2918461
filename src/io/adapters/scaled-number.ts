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

/**
 * `text` x 10^decimals as an exact safe integer, or the reason it is not one.
 * Only strictly positive values are accepted (prices and amounts).
 */
export function scaledPositive(text: string, decimals: number): number | ScaledProblem {
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
