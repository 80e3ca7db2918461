/**
 * Binance public trade files (data.binance.vision), two layouts:
 *
 * - trades:    `id,price,qty,quote_qty,time,is_buyer_maker,is_best_match`
 * - aggTrades: `agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker[,is_best_match]`
 *
 * with or without a header row, plain or gzip. Each row becomes one `trade`
 * event between anonymous accounts (0). The files carry no orders, so maker
 * and taker order ids are synthetic: the k-th trade of the import gets 2k-1
 * (maker) and 2k (taker). Trade ids are the file's id + 1, because Binance
 * counts from 0 and event ids start at 1. The aggressor is the seller when the
 * buyer was the maker (`is_buyer_maker`), else the buyer.
 */
import type { ImportEvents } from './import-events.js';
import { quoteValueFits } from './import-events.js';
import { csvRows } from './csv-rows.js';
import { DataFormatError, SkippedRows } from './data-format-error.js';
import { bool, epochMs, scaled, wholeNumber, type RowAt } from './fields.js';
import { GridScan, HEAD_SCAN_ROWS } from './grid.js';
import type { ImportFormat, ImportHeader, Importer, ImportOptions, ImportReport } from './importer.js';
import { resolveSymbol } from './symbol-name.js';

interface Layout {
  format: string;
  columns: readonly string[];
  /** Column count may be this or one more (aggTrades' is_best_match is optional). */
  optionalLast: boolean;
  time: number;
  maker: number;
  /** first/last trade id columns to check, aggTrades only. */
  range?: readonly [number, number];
}

const TRADES: Layout = {
  format: 'binance-trades',
  columns: ['id', 'price', 'qty', 'quote_qty', 'time', 'is_buyer_maker', 'is_best_match'],
  optionalLast: false,
  time: 4,
  maker: 5,
};

const AGG_TRADES: Layout = {
  format: 'binance-aggtrades',
  columns: ['agg_trade_id', 'price', 'quantity', 'first_trade_id', 'last_trade_id', 'transact_time', 'is_buyer_maker', 'is_best_match'],
  optionalLast: true,
  time: 5,
  maker: 6,
  range: [3, 4],
};

/** A header row starts with a letter where data rows start with an id. */
const isHeader = (fields: readonly string[]) => fields.length > 0 && !/^\d/.test(fields[0] ?? '');

function checkHeader(layout: Layout, fields: readonly string[], at: RowAt): void {
  const want = layout.columns;
  const got = fields.map((f) => f.trim().toLowerCase());
  const n = layout.optionalLast ? want.length - 1 : want.length;
  if (got.length < n || got.length > want.length || got.some((g, i) => g !== want[i])) {
    throw new DataFormatError(at.file, at.row, null, `header ${fields.join(',')} is not the ${layout.format} layout (${want.join(',')})`);
  }
}

function checkWidth(layout: Layout, fields: readonly string[], at: RowAt): void {
  const max = layout.columns.length;
  const min = layout.optionalLast ? max - 1 : max;
  if (fields.length < min || fields.length > max) {
    throw new DataFormatError(at.file, at.row, null, `${fields.length} columns, expected ${min === max ? max : `${min} or ${max}`} (${layout.columns.join(',')})`);
  }
}

async function open(layout: Layout, files: readonly string[], options: ImportOptions): Promise<Importer> {
  const first = files[0]!;
  const scan = new GridScan();
  let origin: number | undefined;
  for await (const r of csvRows(first, HEAD_SCAN_ROWS)) {
    if (r.row === 1 && isHeader(r.fields)) continue;
    const at = { file: first, row: r.row };
    const f = r.fields;
    if (f.length < layout.columns.length - 1) continue;
    scan.observe(f[1] ?? '', f[2] ?? '');
    if (origin === undefined) {
      try {
        origin = epochMs(at, layout.columns[layout.time]!, f[layout.time] ?? '');
      } catch (e) {
        if (!options.skipBadRows) throw e;
      }
    }
  }
  if (origin === undefined) throw new DataFormatError(first, 1, null, 'no trade rows');
  const name = resolveSymbol(options.symbol, undefined, first);
  const grid = scan.grid(options);
  const header: ImportHeader = {
    capabilities: ['trades'],
    source: { format: layout.format, files: [...files] },
    origin,
    timeIsSequence: false,
    symbol: name.symbol,
    tickSize: grid.tick,
    lotSize: grid.lot,
    grid: grid.basis,
    notes: [
      'trades only: the file has no orders, accounts or sources; every account is 0',
      'maker and taker order ids are synthetic: the k-th trade has 2k-1 (maker) and 2k (taker)',
      "trade ids are the file's id + 1 (Binance counts from 0)",
      'aggressor: sell when is_buyer_maker, else buy',
      't = trade time - origin, in ms (microsecond times are floored to ms)',
    ],
  };
  const spec = { symbol: name.symbol, baseAsset: name.base, quoteAsset: name.quote, grid };
  return {
    header,
    spec,
    run: (events) => run(layout, files, origin, events, options),
  };
}

async function run(layout: Layout, files: readonly string[], origin: number, events: ImportEvents, options: ImportOptions): Promise<ImportReport> {
  const { grid } = events.spec;
  const skipped = new SkippedRows();
  const timeName = layout.columns[layout.time]!;
  const makerName = layout.columns[layout.maker]!;
  let rows = 0;
  let trades = 0;
  let lastMs = origin;
  for (const file of files) {
    for await (const r of csvRows(file)) {
      const at = { file, row: r.row };
      const f = r.fields;
      try {
        if (r.row === 1 && isHeader(f)) {
          checkHeader(layout, f, at);
          continue;
        }
        rows++;
        checkWidth(layout, f, at);
        const id = wholeNumber(at, layout.columns[0]!, f[0]!);
        const price = scaled(at, 'price', f[1]!, grid.tick, 'price', '--tick');
        const qty = scaled(at, layout.columns[2]!, f[2]!, grid.lot, 'quantity', '--lot');
        if (layout.range !== undefined) {
          const lo = wholeNumber(at, layout.columns[layout.range[0]]!, f[layout.range[0]]!);
          const hi = wholeNumber(at, layout.columns[layout.range[1]]!, f[layout.range[1]]!);
          if (hi < lo) throw new DataFormatError(file, r.row, layout.columns[layout.range[1]]!, `last trade id ${hi} is below the first ${lo}`);
        }
        const ms = epochMs(at, timeName, f[layout.time]!);
        if (ms < lastMs) throw new DataFormatError(file, r.row, timeName, `time ${ms} is before the previous row's ${lastMs}`);
        const buyerMaker = bool(at, makerName, f[layout.maker]!);
        if (!quoteValueFits(price, qty, grid)) {
          throw new DataFormatError(file, r.row, null, `trade value ${f[1]} x ${f[2]} is more than 2^53 - 1 quote units at tick ${grid.tick} and lot ${grid.lot}; pass a coarser --tick or --lot`);
        }
        lastMs = ms;
        trades++;
        events.trade(ms - origin, id + 1, price, qty, buyerMaker ? 'sell' : 'buy', 2 * trades - 1, 2 * trades);
      } catch (e) {
        if (e instanceof DataFormatError && options.skipBadRows) {
          skipped.add(e);
          continue;
        }
        throw e;
      }
      await events.flow();
    }
  }
  return { rows, skipped, checks: { trades }, problems: [] };
}

export const binanceTrades: ImportFormat = {
  name: 'binance-trades',
  summary: 'Binance public trade files (id,price,qty,quote_qty,time,is_buyer_maker,is_best_match)',
  files: '<trades.csv[.gz]...>',
  open: (files, options) => open(TRADES, files, options),
};

export const binanceAggTrades: ImportFormat = {
  name: 'binance-aggtrades',
  summary: 'Binance aggregate trade files (agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker[,is_best_match])',
  files: '<aggTrades.csv[.gz]...>',
  open: (files, options) => open(AGG_TRADES, files, options),
};
