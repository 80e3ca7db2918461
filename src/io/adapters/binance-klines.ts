/**
 * Binance kline (candlestick) files: 12 columns, no header (or a header row
 * starting with `open_time`):
 * `open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore`.
 *
 * A kline is a bar, not a trade: it says how much traded in a minute and at
 * which extremes, not who traded with whom, when, or at what sequence of
 * prices. Inventing trades from bars would hand detectors a tape that never
 * existed. So this adapter parses and validates every bar (times, grid,
 * low <= open, close <= high, counts) and writes a log with the listing events
 * only and no capabilities: every rule is "not applicable" on it. The import
 * summary reports the bars read.
 */
import { csvRows } from './csv-rows.js';
import { DataFormatError, SkippedRows } from './data-format-error.js';
import { epochMs, scaled, scaledOrZero, wholeNumber } from './fields.js';
import { GridScan, HEAD_SCAN_ROWS } from './grid.js';
import type { ImportEvents } from './import-events.js';
import type { ImportFormat, ImportHeader, Importer, ImportOptions, ImportReport } from './importer.js';
import { resolveSymbol } from './symbol-name.js';

const COLUMNS = ['open_time', 'open', 'high', 'low', 'close', 'volume', 'close_time', 'quote_volume', 'count', 'taker_buy_volume', 'taker_buy_quote_volume', 'ignore'];

const isHeader = (f: readonly string[]) => !/^\d/.test(f[0] ?? '');

async function open(files: readonly string[], options: ImportOptions): Promise<Importer> {
  const first = files[0]!;
  const scan = new GridScan();
  let origin: number | undefined;
  for await (const r of csvRows(first, HEAD_SCAN_ROWS)) {
    const f = r.fields;
    if (isHeader(f) || f.length !== COLUMNS.length) continue;
    for (const i of [1, 2, 3, 4]) scan.observe(f[i]!, f[5]!);
    if (origin === undefined && /^\d+$/.test(f[0]!)) origin = epochMs({ file: first, row: r.row }, 'open_time', f[0]!);
  }
  if (origin === undefined) throw new DataFormatError(first, 1, null, 'no kline rows');
  const name = resolveSymbol(options.symbol, undefined, first);
  const grid = scan.grid(options);
  const header: ImportHeader = {
    capabilities: [],
    source: { format: 'binance-klines', files: [...files] },
    origin,
    timeIsSequence: false,
    symbol: name.symbol,
    tickSize: grid.tick,
    lotSize: grid.lot,
    grid: grid.basis,
    notes: ['klines are bars, not trades: no trade or order events were synthesized, so every rule is not applicable'],
  };
  return { header, spec: { symbol: name.symbol, baseAsset: name.base, quoteAsset: name.quote, grid }, run: (ev) => run(files, ev, options) };
}

async function run(files: readonly string[], events: ImportEvents, options: ImportOptions): Promise<ImportReport> {
  const { grid } = events.spec;
  const skipped = new SkippedRows();
  let rows = 0;
  let bars = 0;
  let lastOpen = -1;
  for (const file of files) {
    for await (const r of csvRows(file)) {
      const f = r.fields;
      const at = { file, row: r.row };
      if (r.row === 1 && isHeader(f)) continue;
      rows++;
      try {
        if (f.length !== COLUMNS.length) throw new DataFormatError(file, r.row, null, `${f.length} columns, expected ${COLUMNS.length} (${COLUMNS.join(',')})`);
        const openTime = epochMs(at, 'open_time', f[0]!);
        const [o, h, l, c] = [1, 2, 3, 4].map((i) => scaled(at, COLUMNS[i]!, f[i]!, grid.tick, 'price', '--tick')) as [number, number, number, number];
        scaledOrZero(at, 'volume', f[5]!, grid.lot, 'quantity', '--lot');
        const closeTime = epochMs(at, 'close_time', f[6]!);
        wholeNumber(at, 'count', f[8]!);
        if (closeTime < openTime) throw new DataFormatError(file, r.row, 'close_time', `close_time ${closeTime} is before open_time ${openTime}`);
        if (openTime <= lastOpen) throw new DataFormatError(file, r.row, 'open_time', `open_time ${openTime} does not come after the previous bar's ${lastOpen}`);
        if (l > Math.min(o, c) || h < Math.max(o, c)) throw new DataFormatError(file, r.row, null, `bar is inconsistent: low ${f[3]} and high ${f[2]} do not enclose open ${f[1]} and close ${f[4]}`);
        lastOpen = openTime;
        bars++;
      } catch (e) {
        if (e instanceof DataFormatError && options.skipBadRows) {
          skipped.add(e);
          continue;
        }
        throw e;
      }
    }
  }
  return { rows, skipped, checks: { bars, tradesSynthesized: 0 }, problems: [] };
}

export const binanceKlines: ImportFormat = {
  name: 'binance-klines',
  summary: 'Binance kline CSV (12 columns): validated and reported; bars are not trades, so no events are synthesized',
  files: '<klines.csv[.gz]...>',
  open,
};
