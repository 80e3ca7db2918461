/**
 * LOBSTER message + orderbook files (lobsterdata.com): `surveil import lobster
 * MESSAGE.csv ORDERBOOK.csv`. Both files are read in lockstep, one row each,
 * and replayed through the core OrderBook with the reconstruction of
 * lobster-replay.ts, which checks every tracked level against the orderbook
 * row after every message; the import reports how many comparisons it made
 * and how many levels it had to load.
 *
 * Units: LOBSTER prices are dollars x 10,000, so the tick is 0.0001 USD; sizes
 * are shares, so the lot is 1. Time: seconds after midnight in New York (ns
 * precision), floored to the millisecond; t = 0 is that midnight, so t reads
 * as LOBSTER's own clock in ms.
 */
import { basename } from 'node:path';
import { csvRows, type CsvRow } from './csv-rows.js';
import { DataFormatError, SkippedRows } from './data-format-error.js';
import { makeGrid } from './grid.js';
import type { ImportEvents } from './import-events.js';
import type { ImportFormat, ImportHeader, Importer, ImportOptions, ImportReport } from './importer.js';
import { LobsterReplay, type LobsterMessage } from './lobster-replay.js';

const MESSAGE_COLUMNS = ['time', 'type', 'order_id', 'size', 'price', 'direction'];
const NAME = /^([A-Za-z0-9.]+)_(\d{4})-(\d{2})-(\d{2})_/;
const TIME = /^(\d+)(?:\.(\d+))?$/;
const INT = /^-?\d+$/;

/** Unix ms of midnight in New York on a date (EST or EDT, as it was that day). */
export function newYorkMidnight(year: number, month: number, day: number): number {
  const utcMidnight = Date.UTC(year, month - 1, day);
  // 05:00 UTC is 00:00 or 01:00 in New York: before that night's 02:00 clock change.
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'longOffset' }).formatToParts(utcMidnight + 5 * 3_600_000);
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(parts.find((p) => p.type === 'timeZoneName')?.value ?? '');
  if (m === null) throw new Error('no time zone data for America/New_York');
  const offsetMs = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  return utcMidnight - offsetMs;
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

export function parseMessage(file: string, r: CsvRow): LobsterMessage {
  const f = r.fields;
  if (f.length !== MESSAGE_COLUMNS.length) throw new DataFormatError(file, r.row, null, `${f.length} columns, expected 6 (${MESSAGE_COLUMNS.join(',')})`);
  const t = timeMs(file, r.row, f[0]);
  const type = int(file, r.row, 'type', f[1]);
  if (type < 1 || type > 7) throw new DataFormatError(file, r.row, 'type', `message type ${type} is not 1-7`);
  const id = int(file, r.row, 'order_id', f[2]);
  const size = int(file, r.row, 'size', f[3]);
  const price = int(file, r.row, 'price', f[4]);
  const direction = int(file, r.row, 'direction', f[5]);
  if (direction !== 1 && direction !== -1) throw new DataFormatError(file, r.row, 'direction', `direction ${direction} is not 1 or -1`);
  if (type !== 7) {
    if (!(size > 0)) throw new DataFormatError(file, r.row, 'size', `size ${size} must be positive`);
    if (!(price > 0)) throw new DataFormatError(file, r.row, 'price', `price ${price} must be positive`);
    if (type <= 4 && !(id > 0)) throw new DataFormatError(file, r.row, 'order_id', `order id ${id} must be positive`);
  }
  return { t, type, id, size, price, direction };
}

function parseBookRow(file: string, r: CsvRow, depth: number): number[] {
  if (r.fields.length !== 4 * depth) throw new DataFormatError(file, r.row, null, `${r.fields.length} columns, expected ${4 * depth} (4 per level)`);
  return r.fields.map((text, i) => int(file, r.row, `${['ask_price', 'ask_size', 'bid_price', 'bid_size'][i % 4]}_${(i >> 2) + 1}`, text));
}

async function open(files: readonly string[], options: ImportOptions): Promise<Importer> {
  if (files.length !== 2) throw new DataFormatError(files[0] ?? '-', 1, null, `lobster needs two files, MESSAGE.csv and ORDERBOOK.csv (got ${files.length})`);
  const [messages, book] = files as [string, string];
  const m = NAME.exec(basename(messages));
  if (m === null) throw new DataFormatError(messages, 1, null, "the file name is not LOBSTER's TICKER_YYYY-MM-DD_... (it gives the symbol and the date)");
  let depth = 0;
  for await (const r of csvRows(book, 1)) depth = r.fields.length / 4;
  if (!Number.isInteger(depth) || depth < 1) throw new DataFormatError(book, 1, null, `an orderbook row has 4 columns per level; found ${depth * 4}`);
  const ticker = m[1]!.toUpperCase();
  const symbol = options.symbol ?? `${ticker}/USD`;
  const [base, quote] = symbol.includes('/') ? symbol.split('/') : [symbol, 'USD'];
  const grid = makeGrid(options.tick ?? '0.0001', options.lot ?? '1', {
    tick: options.tick !== undefined ? 'declared' : 'LOBSTER prices are USD x 10,000',
    lot: options.lot !== undefined ? 'declared' : 'LOBSTER sizes are shares',
  });
  const origin = newYorkMidnight(Number(m[2]), Number(m[3]), Number(m[4]));
  const header: ImportHeader = {
    capabilities: ['trades', 'orders'],
    source: { format: 'lobster', files: [...files] },
    origin,
    timeIsSequence: false,
    symbol,
    tickSize: grid.tick,
    lotSize: grid.lot,
    grid: grid.basis,
    depth,
    notes: [
      'orders and trades are anonymous (account 0); LOBSTER order ids are kept',
      'levels known only from the orderbook file are one synthetic order each (id >= 10^12, clientOrderId synthetic:lobster-level); unseen order ids are taken off them',
      'stale levels (changed beyond depth L, unseen) are cancelled with reason user when found',
      'takers, hidden makers (type 5) and cross trades (type 6) have synthetic order ids; trade ids count from 1',
      't = ms after midnight New York time (LOBSTER clock floored to ms)',
    ],
  };
  return { header, spec: { symbol, baseAsset: base!, quoteAsset: quote!, grid }, run: (ev) => run(messages, book, depth, ev, options) };
}

async function run(messageFile: string, bookFile: string, depth: number, events: ImportEvents, options: ImportOptions): Promise<ImportReport> {
  const replay = new LobsterReplay(events, depth);
  const skipped = new SkippedRows();
  const books = csvRows(bookFile);
  let rows = 0;
  let started = false;
  let lastT = 0;
  for await (const r of csvRows(messageFile)) {
    rows++;
    const b = await books.next();
    if (b.done === true) throw new DataFormatError(bookFile, r.row, null, `ends before ${messageFile} (which has a row ${r.row})`);
    try {
      const msg = parseMessage(messageFile, r);
      const row = parseBookRow(bookFile, b.value, depth);
      if (msg.t < lastT) throw new DataFormatError(messageFile, r.row, 'time', `time goes back (${msg.t} ms after ${lastT} ms)`);
      lastT = msg.t;
      if (!started) {
        replay.start(msg, row);
        started = true;
      } else replay.step(msg, row, `${basename(messageFile)}:${r.row}`);
    } catch (e) {
      if (e instanceof DataFormatError && options.skipBadRows) {
        skipped.add(e);
        continue;
      }
      throw e;
    }
    await events.flow();
  }
  const extra = await books.next();
  if (extra.done !== true) {
    await books.return(undefined);
    throw new DataFormatError(bookFile, extra.value.row, null, `has more rows than ${messageFile} (${rows})`);
  }
  return { rows, skipped, checks: { ...replay.checks }, problems: [...replay.problems] };
}

export const lobster: ImportFormat = {
  name: 'lobster',
  summary: 'LOBSTER message + orderbook files, replayed and checked level by level',
  files: '<MESSAGE.csv> <ORDERBOOK.csv>',
  open,
};
