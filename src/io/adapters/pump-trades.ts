/**
 * Reading a file of the pump-trade layout (pump-trade-rows.ts: the columns,
 * the grid, the duplicate rule) three ways: its kept rows, as a callback or
 * an async iterable; one compact tape of typed arrays; or our event stream,
 * the `pump-trades` import format.
 *
 * Trades are anonymous: maker and taker account 0. Order ids are synthetic
 * (one taker and one maker order per row, numbered in file order) because the
 * downloader kept no aggregate-trade ids; rules rebuild taker orders from
 * millisecond and side, as La Morgia does.
 */
import type { MarketEvent, TradeTape } from '../../core/index.js';
import { grownTo, tapeListing } from '../../core/index.js';
import { openDecompressed } from '../compression.js';
import { DataFormatError } from './data-format-error.js';
import {
  newPumpTradesStats,
  PUMP_AMOUNT_DECIMALS,
  PUMP_BASE_DECIMALS,
  PUMP_LOT,
  PUMP_PRICE_DECIMALS,
  PUMP_TICK,
  PumpTradeParser,
  type PumpTradeRow,
  type PumpTradesOptions,
  type TradeSink,
} from './pump-trade-rows.js';

const BASE_DECIMALS = PUMP_BASE_DECIMALS;

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
  tape.t = grownTo(tape.t, cap);
  tape.price = grownTo(tape.price, cap);
  tape.qty = grownTo(tape.qty, cap);
  tape.buy = grownTo(tape.buy, cap);
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
