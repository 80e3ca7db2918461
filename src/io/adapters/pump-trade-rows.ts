/**
 * Rows of the pump-trade layout of ../shared/realdata/binance-pump-trades
 * (La Morgia's ccxt downloader of Binance aggregate trades):
 *
 *     symbol,timestamp,datetime,side,price,amount,btc_volume
 *     ADX/BTC,1562324692478,2019-07-05T11:04:52.478Z,buy,1.188e-05,890.0,0.0105732
 *
 * `timestamp` is unix ms (UTC), `side` the taker's side, `price` BTC per coin
 * (often in scientific notation), `amount` coins, `btc_volume` = price x
 * amount as a float. Streamed (csv-parse, gzip detected by magic bytes):
 * a file is never held in memory whole.
 *
 * Grid: every price in these files has at most 8 decimals and every amount at
 * most 3 (checked over all 4.0M rows of events/, negatives/, long_windows/),
 * so prices are integer ticks of 1e-8 BTC and amounts integer lots of 0.001
 * coin; one tick x one lot is 1e-11 BTC, so the stream lists BTC with 11
 * decimals (not Binance's 8) and every quote amount is exact. A row off that
 * grid is refused, never rounded. Largest price x amount in the data is
 * 2.0e12 units, far from 2^53.
 *
 * Duplicate rows: the downloader starts each page at the last timestamp of
 * the previous page, so the trades of that millisecond appear twice (PROVENANCE.md:
 * 18,929 exact duplicates in the 1,178,779 event rows). Rule: a row whose
 * (side, price, amount) equals an earlier row of the same millisecond is
 * dropped. Rows are in time order, so identical rows can only be in the same
 * millisecond, and this removes exactly `rows - distinct rows` (the
 * `exact_duplicate_rows` of events.csv). It also drops genuinely distinct
 * aggregate trades with identical fields in one millisecond (rare); for the
 * pump rules that costs nothing in rush-order counts (same millisecond and
 * side is one taker order anyway), only a little volume.
 *
 * This file holds the layout (header, grid), the row and its counts, and the
 * parser that turns a file's bytes into checked, de-duplicated rows; the
 * readers built on it (rows, a compact tape, events) are in pump-trades.ts.
 */
import { parse as parseSync } from 'csv-parse/sync';
import { DataFormatError, SkippedRows } from './data-format-error.js';
import { scaledPositive, type ScaledProblem } from './scaled-number.js';

export const PUMP_TRADES_HEADER = ['symbol', 'timestamp', 'datetime', 'side', 'price', 'amount', 'btc_volume'] as const;
/** Decimals of the price tick (1e-8 BTC) and of the lot (0.001 coin). */
export const PUMP_PRICE_DECIMALS = 8;
export const PUMP_AMOUNT_DECIMALS = 3;
/** The fixed grid those decimals give: every price and amount of the layout is on it. */
export const PUMP_TICK = '0.00000001';
export const PUMP_LOT = '0.001';
/** Decimals of the base coin's smallest unit as listed (Binance's 8); a lot is 10^5 of them. */
export const PUMP_BASE_DECIMALS = 8;
/** Relative tolerance when checking btc_volume against price x amount (the file's float has ~16 digits). */
const VOLUME_TOLERANCE = 1e-6;

/** One kept (de-duplicated) row. */
export interface PumpTradeRow {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  /** Unix ms. */
  unixMs: number;
  /** `ADX/BTC`. */
  symbol: string;
  buy: boolean;
  /** Ticks of 1e-8 BTC. */
  price: number;
  /** Lots of 0.001 coin. */
  qty: number;
}

export interface PumpTradesOptions {
  /** Skip malformed rows, counting them here, instead of throwing at the first. */
  skip?: SkippedRows;
  /** Filled while reading: rows read, duplicates dropped. */
  stats?: PumpTradesStats;
}

export interface PumpTradesStats {
  rows: number;
  duplicates: number;
  kept: number;
}

export const newPumpTradesStats = (): PumpTradesStats => ({ rows: 0, duplicates: 0, kept: 0 });

const problemText = (p: ScaledProblem, decimals: number): string =>
  p === 'grid'
    ? `more than ${decimals} decimals (off the ${decimals}-decimal grid)`
    : p === 'not-positive'
      ? 'must be positive'
      : p === 'range'
        ? 'out of range'
        : 'not a decimal number';

/**
 * Where the parser puts a kept row: plain arguments, so the hot path
 * (loadPumpTape, the import) allocates nothing per row.
 */
export type TradeSink = (line: number, unixMs: number, symbol: string, buy: boolean, price: number, qty: number) => void;

/**
 * csv-parse options, made once. `quote: null`: the layout has no quoted
 * fields, and without quote handling csv-parse checks fewer things per byte; a
 * stray quote stays in its field and fails that field's check. `latin1`: the
 * data is ASCII, and latin1 decodes ASCII to the same strings as utf8 without
 * utf8's validation (a non-ASCII byte fails the field checks either way).
 */
const CSV_OPTIONS = { relax_column_count: true, skip_empty_lines: false, quote: null, record_delimiter: '\n', encoding: 'latin1' } as const;

/**
 * Parser state of one file: feed it the file's bytes in chunks, get rows
 * through a callback. Chunks of complete lines go to csv-parse's synchronous
 * parser, one call per ~1 MB: an async stream that hands out one record per
 * promise spends most of its time in the promise machinery (measured: about
 * half the speed). The layout has no quoted fields, so a record never spans
 * a newline.
 */
export class PumpTradeParser {
  line = 0;
  private symbol: string | null = null;
  private lastMs = -1;
  /**
   * (side, price, amount) of the rows kept in the current millisecond, for
   * the duplicate rule. A millisecond rarely holds more than a few dozen
   * rows, so a linear scan of packed arrays beats building a string key per row.
   */
  private msBuy: boolean[] = [];
  private msPrice: number[] = [];
  private msQty: number[] = [];
  private rest: Buffer = Buffer.alloc(0);
  /** The row being parsed (reused: no object per row). */
  private rowMs = 0;
  private rowBuy = false;
  private rowPrice = 0;
  private rowQty = 0;

  constructor(
    private readonly path: string,
    private readonly stats: PumpTradesStats,
    private readonly skip: SkippedRows | undefined,
  ) {}

  feed(chunk: Buffer, onRow: TradeSink): void {
    const cut = chunk.lastIndexOf(10);
    if (cut < 0) {
      this.rest = Buffer.concat([this.rest, chunk]);
      return;
    }
    const head = this.rest.length === 0 ? chunk.subarray(0, cut + 1) : Buffer.concat([this.rest, chunk.subarray(0, cut + 1)]);
    this.rest = Buffer.from(chunk.subarray(cut + 1));
    this.parse(head, onRow);
  }

  end(onRow: TradeSink): void {
    if (this.rest.length > 0) this.parse(this.rest, onRow);
    this.rest = Buffer.alloc(0);
    if (this.line === 0) throw new DataFormatError(this.path, 1, null, 'empty file (no header)');
  }

  private parse(bytes: Buffer, onRow: TradeSink): void {
    let recs: string[][];
    try {
      recs = parseSync(bytes, CSV_OPTIONS) as string[][];
    } catch (e) {
      // csv-parse errors carry the line they stopped at, counted in this chunk.
      const l = (e as { lines?: number }).lines;
      throw new DataFormatError(this.path, this.line + (typeof l === 'number' ? l : 1), null, (e as Error).message);
    }
    const stats = this.stats;
    for (let r = 0; r < recs.length; r++) {
      const rec = recs[r]!;
      const line = ++this.line;
      if (line === 1) {
        if (rec.length !== PUMP_TRADES_HEADER.length || rec.some((c, i) => c.trim() !== PUMP_TRADES_HEADER[i])) {
          throw new DataFormatError(this.path, 1, null, `expected header "${PUMP_TRADES_HEADER.join(',')}", got "${rec.join(',')}"`);
        }
        continue;
      }
      if (rec.length === 1 && rec[0] === '') continue; // an empty line
      stats.rows++;
      const bad = this.parseRow(line, rec);
      if (bad !== null) {
        if (this.skip === undefined) throw bad;
        this.skip.add(bad);
        continue;
      }
      const sym = rec[0]!;
      this.symbol = sym;
      const ms = this.rowMs;
      const buy = this.rowBuy;
      const price = this.rowPrice;
      const qty = this.rowQty;
      if (ms !== this.lastMs) {
        this.msBuy.length = 0;
        this.msPrice.length = 0;
        this.msQty.length = 0;
        this.lastMs = ms;
      } else if (this.seenThisMs(buy, price, qty)) {
        stats.duplicates++;
        continue;
      }
      this.msBuy.push(buy);
      this.msPrice.push(price);
      this.msQty.push(qty);
      stats.kept++;
      onRow(line, ms, sym, buy, price, qty);
    }
  }

  private seenThisMs(buy: boolean, price: number, qty: number): boolean {
    const n = this.msPrice.length;
    for (let i = 0; i < n; i++) {
      if (this.msPrice[i] === price && this.msQty[i] === qty && this.msBuy[i] === buy) return true;
    }
    return false;
  }

  /**
   * Checks one row and leaves its values in the row fields; returns the
   * problem instead of throwing it, so the caller decides (throw, or count
   * it for --skip-bad-rows) without a try/catch per row.
   */
  private parseRow(line: number, rec: string[]): DataFormatError | null {
    const path = this.path;
    if (rec.length !== PUMP_TRADES_HEADER.length) return new DataFormatError(path, line, PUMP_TRADES_HEADER[Math.min(rec.length, 6)]!, `expected 7 fields, got ${rec.length}`);
    const sym = rec[0]!;
    const symbol = this.symbol;
    // The symbol is the same on every row: check its shape once.
    if (sym !== symbol) {
      if (symbol !== null) return new DataFormatError(path, line, 'symbol', `"${sym}" differs from the file's first symbol "${symbol}" (one market per file)`);
      if (!/^[A-Z0-9]+\/BTC$/.test(sym)) return new DataFormatError(path, line, 'symbol', `"${sym}" is not a SYM/BTC pair`);
    }
    const ts = rec[1]!;
    const unixMs = unixMillis(ts);
    if (unixMs < 0) return new DataFormatError(path, line, 'timestamp', `"${ts}" is not unix milliseconds`);
    if (unixMs < this.lastMs) return new DataFormatError(path, line, 'timestamp', `${ts} goes back in time (previous row ${this.lastMs}); rows must be in time order`);
    const side = rec[3]!;
    const buy = side === 'buy';
    if (!buy && side !== 'sell') return new DataFormatError(path, line, 'side', `"${side}" is neither buy nor sell`);
    const price = scaledPositive(rec[4]!, PUMP_PRICE_DECIMALS);
    if (typeof price !== 'number') return new DataFormatError(path, line, 'price', `"${rec[4]}": ${problemText(price, PUMP_PRICE_DECIMALS)}`);
    const qty = scaledPositive(rec[5]!, PUMP_AMOUNT_DECIMALS);
    if (typeof qty !== 'number') return new DataFormatError(path, line, 'amount', `"${rec[5]}": ${problemText(qty, PUMP_AMOUNT_DECIMALS)}`);
    // btc_volume is redundant; a mismatch means shifted or swapped columns.
    const vol = Number(rec[6]);
    const expect = (price * qty) / 1e11;
    if (!(Math.abs(vol - expect) <= VOLUME_TOLERANCE * expect)) return new DataFormatError(path, line, 'btc_volume', `"${rec[6]}" is not price x amount (${expect})`);
    this.rowMs = unixMs;
    this.rowBuy = buy;
    this.rowPrice = price;
    this.rowQty = qty;
    return null;
  }
}

/** 1 to 15 decimal digits as a number (always a safe integer), else -1. */
function unixMillis(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}
