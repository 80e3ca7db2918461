/**
 * Rows of LOBSTER's two files, read from their text:
 *
 *     message:   34200.189607670,1,11885113,21,2238100,1   (time,type,order_id,size,price,direction)
 *     orderbook: 2239500,100,2231800,100                   (ask price, ask size, bid price, bid size per level)
 *
 * Each row first takes a quick path that reads the numbers straight from the
 * character codes, with no field strings: it accepts only the plain shape
 * LOBSTER writes (short unsigned or negative integers, a decimal time) with
 * valid values. Anything else, from a quoted field to a bad value, takes the
 * careful path, which splits the line into fields, accepts what csv-parse
 * would have read as a number, and otherwise throws the DataFormatError that
 * names file, line and column. Every error therefore comes from one place.
 */
import { DataFormatError } from './data-format-error.js';
import { spanText, type TextSpan } from './line-cursor.js';
import type { LobsterMessage } from './lobster-replay.js';

const MESSAGE_COLUMNS = ['time', 'type', 'order_id', 'size', 'price', 'direction'];
const BOOK_COLUMNS = ['ask_price', 'ask_size', 'bid_price', 'bid_size'];
const TIME = /^(\d+)(?:\.(\d+))?$/;
const INT = /^-?\d+$/;
const QUOTED = /^"([^"]*)"$/;
const COMMA = 44;
/**
 * Digits the quick path sums into a number: below 10^15 every integer is an
 * exact double, so the sum equals Number(text). Longer ones take the careful path.
 */
const MAX_DIGITS = 15;

/** Fields of one line for the careful path: a field in plain quotes is its inside, as csv-parse reads it. */
export function fieldsOf(line: TextSpan): string[] {
  return spanText(line)
    .split(',')
    .map((f) => (f.charCodeAt(0) === 34 ? (QUOTED.exec(f)?.[1] ?? f) : f));
}

/**
 * Reads the rows of one import. The quick path keeps its place in the line in
 * fields of its own (no object per field), and orderbook rows are read into
 * one reused array.
 */
export class LobsterRowReader {
  private text = '';
  private pos = 0;
  private end = 0;
  private readonly row: number[];

  constructor(
    private readonly messageFile: string,
    private readonly bookFile: string,
    /** Levels per side (L): an orderbook row has 4 x L columns. */
    private readonly depth: number,
  ) {
    this.row = new Array<number>(4 * depth).fill(0);
  }

  /** A message row, checked: the quick path, or else the careful one. */
  message(line: TextSpan): LobsterMessage {
    return this.quickMessage(line) ?? parseMessage(this.messageFile, line.row, fieldsOf(line));
  }

  /** An orderbook row, checked; the array is reused, so it holds only until the next call. */
  bookRow(line: TextSpan): readonly number[] {
    return this.quickBookRow(line) ? this.row : parseBookRow(this.bookFile, line.row, fieldsOf(line), this.depth);
  }

  private begin(line: TextSpan): void {
    this.text = line.text;
    this.pos = line.start;
    this.end = line.end;
  }

  /** A plain, valid message row; null when the careful path must look at it. */
  private quickMessage(line: TextSpan): LobsterMessage | null {
    this.begin(line);
    const t = this.timeMs();
    const type = this.int(false);
    const id = this.int(false);
    const size = this.int(false);
    const price = this.int(false);
    const direction = this.int(true);
    // A field that did not read is NaN, which fails every comparison: one test per rule covers it too.
    if (!(t >= 0 && type >= 1 && type <= 7 && id === id && size === size && price === price && (direction === 1 || direction === -1))) return null;
    if (type !== 7 && !(size > 0 && price > 0 && (type > 4 || id > 0))) return null;
    return { t, type, id, size, price, direction };
  }

  /** A plain orderbook row into `this.row`; false when the careful path must look at it. */
  private quickBookRow(line: TextSpan): boolean {
    this.begin(line);
    const columns = this.row.length;
    for (let c = 0; c < columns; c++) {
      const v = this.int(c === columns - 1);
      if (v !== v) return false;
      this.row[c] = v;
    }
    return true;
  }

  /**
   * The integer field at `pos` (`-?` and 1 to 15 digits) and the comma after
   * it, or the end of the line when `last`. NaN when the field is anything else.
   */
  private int(last: boolean): number {
    const { text, end } = this;
    let i = this.pos;
    const negative = i < end && text.charCodeAt(i) === 45;
    if (negative) i++;
    const from = i;
    let v = 0;
    for (; i < end; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === from || i - from > MAX_DIGITS) return NaN;
    if (last ? i !== end : i === end || text.charCodeAt(i) !== COMMA) return NaN;
    this.pos = i + 1;
    return negative ? -v : v;
  }

  /** The time field (seconds, optionally a point and up to ns digits) as ms floored, and its comma; NaN if it is anything else. */
  private timeMs(): number {
    const { text, end } = this;
    let i = this.pos;
    const from = i;
    let seconds = 0;
    for (; i < end; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      seconds = seconds * 10 + d;
    }
    if (i === from || i - from > MAX_DIGITS) return NaN;
    let ms = 0;
    let msDigits = 0;
    if (i < end && text.charCodeAt(i) === 46) {
      // '.' and at least one digit; the first three are the ms, the rest is floored away.
      const point = ++i;
      for (; i < end; i++) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        if (msDigits < 3) {
          ms = ms * 10 + d;
          msDigits++;
        }
      }
      if (i === point) return NaN;
    }
    for (; msDigits < 3; msDigits++) ms *= 10;
    if (i === end || text.charCodeAt(i) !== COMMA) return NaN;
    this.pos = i + 1;
    return seconds * 1000 + ms;
  }
}

function int(file: string, row: number, column: string, text: string | undefined): number {
  if (text === undefined || !INT.test(text)) throw new DataFormatError(file, row, column, `${JSON.stringify(text ?? '')} is not a whole number`);
  return Number(text);
}

/** Seconds after midnight with up to ns decimals, floored to whole ms without floats. */
function timeMs(file: string, row: number, text: string | undefined): number {
  const m = TIME.exec(text ?? '');
  if (m === null) throw new DataFormatError(file, row, 'time', `${JSON.stringify(text ?? '')} is not seconds after midnight`);
  return Number(m[1]) * 1000 + Number(((m[2] ?? '') + '000').slice(0, 3));
}

/** The careful path for a message row: every field checked in column order, the first fault thrown. */
function parseMessage(file: string, row: number, f: readonly string[]): LobsterMessage {
  if (f.length !== MESSAGE_COLUMNS.length) throw new DataFormatError(file, row, null, `${f.length} columns, expected 6 (${MESSAGE_COLUMNS.join(',')})`);
  const t = timeMs(file, row, f[0]);
  const type = int(file, row, 'type', f[1]);
  if (type < 1 || type > 7) throw new DataFormatError(file, row, 'type', `message type ${type} is not 1-7`);
  const id = int(file, row, 'order_id', f[2]);
  const size = int(file, row, 'size', f[3]);
  const price = int(file, row, 'price', f[4]);
  const direction = int(file, row, 'direction', f[5]);
  if (direction !== 1 && direction !== -1) throw new DataFormatError(file, row, 'direction', `direction ${direction} is not 1 or -1`);
  if (type !== 7) {
    if (!(size > 0)) throw new DataFormatError(file, row, 'size', `size ${size} must be positive`);
    if (!(price > 0)) throw new DataFormatError(file, row, 'price', `price ${price} must be positive`);
    if (type <= 4 && !(id > 0)) throw new DataFormatError(file, row, 'order_id', `order id ${id} must be positive`);
  }
  return { t, type, id, size, price, direction };
}

/** The careful path for an orderbook row. */
function parseBookRow(file: string, row: number, fields: readonly string[], depth: number): number[] {
  if (fields.length !== 4 * depth) throw new DataFormatError(file, row, null, `${fields.length} columns, expected ${4 * depth} (4 per level)`);
  return fields.map((text, i) => int(file, row, `${BOOK_COLUMNS[i % 4]}_${(i >> 2) + 1}`, text));
}
