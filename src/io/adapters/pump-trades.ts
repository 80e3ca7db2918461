/**
 * Adapter for the pump-trade layout of ../shared/realdata/binance-pump-trades
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
 * Trades are anonymous: maker and taker account 0. Order ids are synthetic
 * (one taker and one maker order per row, numbered in file order) because the
 * downloader kept no aggregate-trade ids; rules rebuild taker orders from
 * millisecond and side, as La Morgia does.
 */
import { parse as parseSync } from 'csv-parse/sync';
import type { MarketEvent, TradeTape } from '../../core/index.js';
import { tapeListing } from '../../core/index.js';
import { openDecompressed } from '../compression.js';
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
const BASE_DECIMALS = PUMP_BASE_DECIMALS;
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
type TradeSink = (line: number, unixMs: number, symbol: string, buy: boolean, price: number, qty: number) => void;

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
class PumpTradeParser {
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

/** Streams one file through a parser: the common part of the readers below. */
async function scanFile(path: string, onRow: TradeSink, opts: PumpTradesOptions): Promise<void> {
  const parser = new PumpTradeParser(path, opts.stats ?? newPumpTradesStats(), opts.skip);
  const input = await openDecompressed(path);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) parser.feed(chunk, onRow);
    parser.end(onRow);
  } finally {
    input.destroy();
  }
}

/**
 * Calls `onRow` for every kept (de-duplicated, see the file header) row of one
 * file, in file order. Throws {@link DataFormatError} (file, line, column) on
 * a malformed row unless `opts.skip` is given.
 */
export async function scanPumpTrades(path: string, onRow: (r: PumpTradeRow) => void, opts: PumpTradesOptions = {}): Promise<void> {
  await scanFile(path, (line, unixMs, symbol, buy, price, qty) => onRow({ line, unixMs, symbol, buy, price, qty }), opts);
}

/** The kept rows of one file as an async iterable (see {@link scanPumpTrades}). */
export async function* readPumpTradeRows(path: string, opts: PumpTradesOptions = {}): AsyncGenerator<PumpTradeRow> {
  const parser = new PumpTradeParser(path, opts.stats ?? newPumpTradesStats(), opts.skip);
  const input = await openDecompressed(path);
  const batch: PumpTradeRow[] = [];
  const push: TradeSink = (line, unixMs, symbol, buy, price, qty) => batch.push({ line, unixMs, symbol, buy, price, qty });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      parser.feed(chunk, push);
      yield* batch;
      batch.length = 0;
    }
    parser.end(push);
    yield* batch;
  } finally {
    input.destroy();
  }
}

/** The shape of a tape for a symbol of this layout (no trades yet). */
function emptyTape(symbol: string, capacity: number): TradeTape {
  return {
    symbol,
    baseAsset: symbol.split('/')[0]!,
    quoteAsset: 'BTC',
    tickSize: PUMP_TICK,
    lotSize: PUMP_LOT,
    quoteDecimals: PUMP_PRICE_DECIMALS + PUMP_AMOUNT_DECIMALS,
    baseDecimals: BASE_DECIMALS,
    baseUnitsPerLot: 10 ** (BASE_DECIMALS - PUMP_AMOUNT_DECIMALS),
    length: 0,
    t: new Float64Array(capacity),
    price: new Float64Array(capacity),
    qty: new Float64Array(capacity),
    buy: new Uint8Array(capacity),
  };
}

function grow(tape: TradeTape): void {
  const cap = tape.t.length * 2;
  const f = (a: Float64Array) => {
    const b = new Float64Array(cap);
    b.set(a);
    return b;
  };
  tape.t = f(tape.t);
  tape.price = f(tape.price);
  tape.qty = f(tape.qty);
  const b = new Uint8Array(cap);
  b.set(tape.buy);
  tape.buy = b;
}

/**
 * One file as a compact tape (typed arrays), for evaluations that replay the
 * same trades many times. Streams the file; only the tape is kept.
 */
export async function loadPumpTape(path: string, opts: PumpTradesOptions = {}): Promise<TradeTape> {
  let tape: TradeTape | null = null;
  await scanFile(
    path,
    (_line, unixMs, symbol, buy, price, qty) => {
      if (tape === null) tape = emptyTape(symbol, 4096);
      if (tape.length === tape.t.length) grow(tape);
      const i = tape.length++;
      tape.t[i] = unixMs;
      tape.price[i] = price;
      tape.qty[i] = qty;
      tape.buy[i] = buy ? 1 : 0;
    },
    opts,
  );
  if (tape === null) throw new DataFormatError(path, 2, null, 'no trades (only a header)');
  // Trim the doubling slack: a study keeps hundreds of tapes in memory.
  const full: TradeTape = tape;
  const n = full.length;
  return { ...full, t: full.t.slice(0, n), price: full.price.slice(0, n), qty: full.qty.slice(0, n), buy: full.buy.slice(0, n) };
}

export interface PumpTradeEventsOptions extends PumpTradesOptions {
  /**
   * Unix ms of the stream's t = 0. Default: midnight UTC of the first trade's
   * day, so the rules' minute and second buckets line up with the UTC clock.
   */
  origin?: number;
  /** Called once with the origin chosen (before the first event). */
  onOrigin?: (originUnixMs: number) => void;
}

const DAY_MS = 86_400_000;

/**
 * A file as our event stream: the listing of its symbol (BTC, the coin,
 * the symbol) at the first trade's time, then one `trade` event per kept row
 * (anonymous accounts 0, synthetic order ids), seq from 0, t = unix ms -
 * origin. This is the `pump-trades` import format.
 */
export async function* readPumpTrades(path: string, opts: PumpTradeEventsOptions = {}): AsyncGenerator<MarketEvent> {
  let origin = opts.origin ?? -1;
  let seq = 0;
  let trade = 0;
  for await (const r of readPumpTradeRows(path, opts)) {
    if (seq === 0) {
      if (origin < 0) origin = Math.floor(r.unixMs / DAY_MS) * DAY_MS;
      if (r.unixMs < origin) throw new DataFormatError(path, r.line, 'timestamp', `${r.unixMs} is before the origin ${origin}`);
      opts.onOrigin?.(origin);
      const listing = tapeListing(emptyTape(r.symbol, 0), r.unixMs - origin, 0);
      for (const e of listing) yield e;
      seq = listing.length;
    }
    trade++;
    yield {
      seq: seq++,
      t: r.unixMs - origin,
      type: 'trade',
      trade,
      symbol: r.symbol,
      price: r.price,
      qty: r.qty,
      quoteQty: r.price * r.qty,
      aggressor: r.buy ? 'buy' : 'sell',
      makerAccount: 0,
      makerOrder: 2 * trade - 1,
      takerAccount: 0,
      takerOrder: 2 * trade,
      makerFee: 0,
      takerFee: 0,
    };
  }
}
