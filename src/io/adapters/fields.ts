/**
 * Field conversions shared by the adapters: each failure becomes a
 * DataFormatError that names the file, row and column, so a bad cell in a
 * million-row file can be found with `sed -n ROWp`.
 */
import { DecimalError, toScaled } from '../../core/index.js';
import { DataFormatError } from './data-format-error.js';

/** Where a row came from, for error messages. */
export interface RowAt {
  file: string;
  row: number;
}

/** A strictly positive decimal on the grid `step`, in steps. */
export function scaled(at: RowAt, column: string, text: string, step: string, what: 'price' | 'quantity', flag: string): number {
  try {
    return toScaled(text, step, what);
  } catch (e) {
    if (e instanceof DecimalError) {
      const hint = e.reason === 'grid' ? ` (finer than the grid in use; pass ${flag} to set it)` : '';
      throw new DataFormatError(at.file, at.row, column, `${e.message}${hint}`);
    }
    throw e;
  }
}

/** Like {@link scaled} but zero is allowed (an L2 level that is removed). */
export function scaledOrZero(at: RowAt, column: string, text: string, step: string, what: 'price' | 'quantity', flag: string): number {
  try {
    return toScaled(text, step, what, { allowZero: true });
  } catch (e) {
    if (e instanceof DecimalError) {
      const hint = e.reason === 'grid' ? ` (finer than the grid in use; pass ${flag} to set it)` : '';
      throw new DataFormatError(at.file, at.row, column, `${e.message}${hint}`);
    }
    throw e;
  }
}

const INTEGER = /^\d+$/;

/** A non-negative whole number that fits a double exactly (ids, millisecond times). */
export function wholeNumber(at: RowAt, column: string, text: string): number {
  if (!INTEGER.test(text)) throw new DataFormatError(at.file, at.row, column, `${JSON.stringify(text)} is not a whole number`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new DataFormatError(at.file, at.row, column, `${text} is too large (more than 2^53 - 1)`);
  return n;
}

/** `true`/`false` in any case (Binance writes `True`/`False` in some years, `true`/`false` in others). */
export function bool(at: RowAt, column: string, text: string): boolean {
  const t = text.toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw new DataFormatError(at.file, at.row, column, `${JSON.stringify(text)} is not true or false`);
}

/**
 * Binance time columns: milliseconds since the epoch, or microseconds in spot
 * files from 2025 on. Anything above 10^14 (year 5138 in ms) is microseconds
 * and is floored to the millisecond.
 */
export function epochMs(at: RowAt, column: string, text: string): number {
  const n = wholeNumber(at, column, text);
  return n >= 1e14 ? Math.floor(n / 1000) : n;
}
