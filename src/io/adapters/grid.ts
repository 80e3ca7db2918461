/**
 * Tick and lot for imported data, and exact decimal text from exchange feeds.
 *
 * Real files do not declare their price or quantity step, and reading a huge
 * file twice just to find the finest decimal would double the import time. So
 * each adapter scans only the head of its input (the first {@link HEAD_SCAN_ROWS}
 * rows, or a depth snapshot) for the most significant decimals of prices and
 * quantities, and the user can override with `--tick` / `--lot`. A later row
 * that is finer than the scanned grid is a DataFormatError naming the row and
 * suggesting the flag, never a silent rounding.
 */
import { DecimalError, multiplyDecimals, stepRatio } from '../../core/index.js';

/** Rows read by the head scan that chooses tick and lot. */
export const HEAD_SCAN_ROWS = 10_000;

/** Digits after the point that are not trailing zeros: `"0.02000000"` is 2, `"100"` is 0. */
export function significantDecimals(text: string): number {
  const dot = text.indexOf('.');
  if (dot < 0) return 0;
  let end = text.length;
  while (end > dot + 1 && text.charCodeAt(end - 1) === 48) end--;
  return end - dot - 1;
}

/** `10^-d` as decimal text: 0 is `"1"`, 2 is `"0.01"`. */
export function stepOfDecimals(d: number): string {
  return d === 0 ? '1' : `0.${'0'.repeat(d - 1)}1`;
}

/** Decimal places a step is written with (`"0.010"` counts 3; only the written scale matters for units). */
function scaleOf(step: string): number {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

/** Accumulates the finest price and quantity seen in the head of a file. */
export class GridScan {
  priceDecimals = 0;
  qtyDecimals = 0;
  /** What was scanned, for the header: e.g. `the first 10000 rows`. Adapters may set it. */
  scanned = `the first ${HEAD_SCAN_ROWS} rows`;

  observe(price: string, qty: string): void {
    const p = significantDecimals(price);
    const q = significantDecimals(qty);
    if (p > this.priceDecimals) this.priceDecimals = p;
    if (q > this.qtyDecimals) this.qtyDecimals = q;
  }

  /** The scanned grid, with the user's `--tick` / `--lot` taking precedence. */
  grid(overrides: { tick?: string | undefined; lot?: string | undefined }): Grid {
    return makeGrid(overrides.tick ?? stepOfDecimals(this.priceDecimals), overrides.lot ?? stepOfDecimals(this.qtyDecimals), {
      tick: overrides.tick !== undefined ? 'declared' : `finest price in ${this.scanned}`,
      lot: overrides.lot !== undefined ? 'declared' : `finest quantity in ${this.scanned}`,
    });
  }
}

/**
 * Price and quantity steps plus the asset decimals they imply. Units are chosen
 * so one tick times one lot is exactly one quote unit and one lot is one base
 * unit (or a whole number of them for a lot above 1): every trade's quote value
 * is then the integer product price x qty, with no rounding anywhere.
 */
export interface Grid {
  tick: string;
  lot: string;
  baseDecimals: number;
  quoteDecimals: number;
  baseUnitsPerLot: number;
  quoteUnitsPerTickLot: number;
  /** Where tick and lot came from, for the log header and the summary. */
  basis: { tick: string; lot: string };
}

/**
 * @throws DecimalError when tick or lot is not a positive decimal
 */
export function makeGrid(tick: string, lot: string, basis: { tick: string; lot: string }): Grid {
  // Validates both (positive decimals) before any arithmetic.
  stepRatio(tick, tick);
  stepRatio(lot, lot);
  const baseDecimals = scaleOf(lot);
  const quoteDecimals = scaleOf(tick) + scaleOf(lot);
  return {
    tick,
    lot,
    baseDecimals,
    quoteDecimals,
    baseUnitsPerLot: stepRatio(lot, stepOfDecimals(baseDecimals)),
    quoteUnitsPerTickLot: stepRatio(multiplyDecimals(tick, lot), stepOfDecimals(quoteDecimals)),
    basis,
  };
}

const JSON_NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * A JSON number's text as a plain decimal, exactly: `"8e-06"` is `"0.000008"`,
 * `"-1.5E+2"` is `"-150"`. Feeds such as Bitfinex's write small amounts in
 * exponent form, which the core's decimal grammar rightly refuses; moving the
 * point on the text (never through a float) keeps the value exact.
 *
 * @throws DecimalError when the text is not a JSON number
 */
export function plainDecimal(text: string, what = 'value'): string {
  const m = JSON_NUMBER.exec(text);
  if (m === null) throw new DecimalError(what, text, 'syntax', `${what} ${JSON.stringify(text)} is not a number`);
  if (m[4] === undefined) return text;
  const sign = m[1]!;
  let digits = m[2]! + (m[3] ?? '');
  let point = m[2]!.length + Number(m[4]);
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  } else if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(point);
  return `${sign}${int}${frac.length > 0 ? `.${frac}` : ''}`;
}
