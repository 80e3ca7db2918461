/**
 * `surveil import pump-trades <files...>`: the pump-trade layout
 * (`symbol,timestamp,datetime,side,price,amount,btc_volume`, see
 * pump-trade-rows.ts for the grid and the duplicate rule, pump-trades.ts for
 * the reader) as an import format.
 *
 * Unlike the other formats, `open` reads every row, not just a head scan: the
 * log header is written before the first event, and its notes must say how
 * many duplicate rows were dropped, which only a full read knows. Reading the
 * files twice would double the import time, so the kept trades are held as
 * four packed columns (about 32 bytes a trade; a whole source file of
 * this layout is at most a few hundred thousand rows) and `run` only writes.
 *
 * Several files are one market: same symbol, and each file starts at or after
 * the previous file's last trade. Duplicates are dropped within a file (the
 * downloader's page restarts never cross files).
 */
import { DecimalError, stepRatio } from '../../core/index.js';
import { DataFormatError, SkippedRows } from './data-format-error.js';
import type { Grid } from './grid.js';
import type { ImportEvents } from './import-events.js';
import type { ImportFormat, ImportHeader, Importer, ImportOptions, ImportReport } from './importer.js';
import { newPumpTradesStats, PUMP_BASE_DECIMALS, PUMP_LOT, PUMP_TICK } from './pump-trade-rows.js';
import { scanPumpTrades } from './pump-trades.js';
import { resolveSymbol } from './symbol-name.js';

const DAY_MS = 86_400_000;

/**
 * The layout's own grid. Binance lists the coin with 8 decimals, so a lot of
 * 0.001 is 10^5 base units (as the realdata tapes list it); one tick x one lot
 * is 1e-11 BTC, the quote unit, so every trade's quote value is price x qty.
 */
const PUMP_GRID: Grid = {
  tick: PUMP_TICK,
  lot: PUMP_LOT,
  baseDecimals: PUMP_BASE_DECIMALS,
  quoteDecimals: 11,
  baseUnitsPerLot: 10 ** (PUMP_BASE_DECIMALS - 3),
  quoteUnitsPerTickLot: 1,
  basis: { tick: 'the pump-trades layout: prices have at most 8 decimals of BTC', lot: 'the pump-trades layout: amounts have at most 3 decimals' },
};

/** The kept trades of all files, in order, as packed columns. */
interface Trades {
  t: number[];
  price: number[];
  qty: number[];
  buy: boolean[];
}

/** A declared --tick/--lot is accepted only when it is the layout's own: the reader parses onto that grid. */
function checkDeclared(file: string, flag: string, declared: string | undefined, own: string): void {
  if (declared === undefined) return;
  let same = false;
  try {
    same = stepRatio(declared, own) === 1 && stepRatio(own, declared) === 1;
  } catch (e) {
    if (!(e instanceof DecimalError)) throw e;
  }
  if (!same) throw new DataFormatError(file, 1, null, `${flag} ${declared}: pump-trades prices and amounts are read on the layout's fixed grid (tick ${PUMP_TICK}, lot ${PUMP_LOT})`);
}

async function open(files: readonly string[], options: ImportOptions): Promise<Importer> {
  const first = files[0]!;
  checkDeclared(first, '--tick', options.tick, PUMP_TICK);
  checkDeclared(first, '--lot', options.lot, PUMP_LOT);
  const skipped = new SkippedRows();
  const skip = options.skipBadRows ? skipped : undefined;
  const stats = newPumpTradesStats();
  const trades: Trades = { t: [], price: [], qty: [], buy: [] };
  let symbol: string | undefined;
  let lastMs = -1;
  for (const file of files) {
    const fileStart = trades.t.length;
    await scanPumpTrades(
      file,
      (r) => {
        // The reader checks order and symbol within a file; across files it is checked here.
        let problem: DataFormatError | undefined;
        if (symbol !== undefined && r.symbol !== symbol) {
          problem = new DataFormatError(file, r.line, 'symbol', `"${r.symbol}" differs from the first file's symbol "${symbol}" (one market per import)`);
        } else if (r.unixMs < lastMs && trades.t.length === fileStart) {
          problem = new DataFormatError(file, r.line, 'timestamp', `${r.unixMs} is before the previous file's last trade (${lastMs}); give the files in time order`);
        } else if (!Number.isSafeInteger(r.price * r.qty)) {
          problem = new DataFormatError(file, r.line, null, `trade value price x amount is more than 2^53 - 1 units of 1e-11 BTC`);
        }
        if (problem !== undefined) {
          if (skip === undefined) throw problem;
          skip.add(problem);
          return;
        }
        symbol = r.symbol;
        lastMs = r.unixMs;
        trades.t.push(r.unixMs);
        trades.price.push(r.price);
        trades.qty.push(r.qty);
        trades.buy.push(r.buy);
      },
      { stats, skip },
    );
  }
  if (trades.t.length === 0) throw new DataFormatError(first, 2, null, 'no trades (only a header, or every row skipped)');
  const name = resolveSymbol(options.symbol, symbol, first);
  // Midnight UTC of the first trade's day: the rules' minute and second buckets then line up with the UTC clock.
  const origin = Math.floor(trades.t[0]! / DAY_MS) * DAY_MS;
  const header: ImportHeader = {
    capabilities: ['trades'],
    source: { format: 'pump-trades', files: [...files] },
    origin,
    timeIsSequence: false,
    symbol: name.symbol,
    tickSize: PUMP_GRID.tick,
    lotSize: PUMP_GRID.lot,
    grid: PUMP_GRID.basis,
    notes: [
      'trades only: the files have no orders, accounts or sources; every account is 0',
      'maker and taker order ids are synthetic: the k-th trade has 2k-1 (maker) and 2k (taker); trade ids count the kept rows from 1 (the downloader kept no aggregate-trade ids)',
      `${stats.duplicates} duplicate row(s) dropped: a row whose side, price and amount equal an earlier row of the same millisecond in the same file (the downloader's page restarts repeat that millisecond)`,
      'aggressor: the side column (the taker\'s side)',
      't = timestamp - origin, in ms; origin is midnight UTC of the first trade\'s day',
    ],
  };
  const spec = { symbol: name.symbol, baseAsset: name.base, quoteAsset: name.quote, grid: PUMP_GRID };
  const report = { rows: stats.rows, skipped, duplicates: stats.duplicates };
  return { header, spec, run: (events) => run(trades, origin, report, events) };
}

async function run(trades: Trades, origin: number, read: { rows: number; skipped: SkippedRows; duplicates: number }, events: ImportEvents): Promise<ImportReport> {
  const n = trades.t.length;
  for (let i = 0; i < n; i++) {
    const k = i + 1;
    events.trade(trades.t[i]! - origin, k, trades.price[i]!, trades.qty[i]!, trades.buy[i]! ? 'buy' : 'sell', 2 * k - 1, 2 * k);
    await events.flow();
  }
  return { rows: read.rows, skipped: read.skipped, checks: { trades: n, duplicatesDropped: read.duplicates }, problems: [] };
}

export const pumpTrades: ImportFormat = {
  name: 'pump-trades',
  summary: 'Binance trades around Telegram pumps (symbol,timestamp,datetime,side,price,amount,btc_volume; duplicate rows dropped)',
  files: '<SYMBTC_....csv[.gz]...>',
  open,
};
