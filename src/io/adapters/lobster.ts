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
import { DataFormatError, SkippedRows } from './data-format-error.js';
import { makeGrid } from './grid.js';
import type { ImportEvents } from './import-events.js';
import type { ImportFormat, ImportHeader, Importer, ImportOptions, ImportReport } from './importer.js';
import { LineCursor } from './line-cursor.js';
import { LobsterReplay } from './lobster-replay.js';
import { fieldsOf, LobsterRowReader } from './lobster-rows.js';

const NAME = /^([A-Za-z0-9.]+)_(\d{4})-(\d{2})-(\d{2})_/;

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

async function open(files: readonly string[], options: ImportOptions): Promise<Importer> {
  if (files.length !== 2) throw new DataFormatError(files[0] ?? '-', 1, null, `lobster needs two files, MESSAGE.csv and ORDERBOOK.csv (got ${files.length})`);
  const [messages, book] = files as [string, string];
  const m = NAME.exec(basename(messages));
  if (m === null) throw new DataFormatError(messages, 1, null, "the file name is not LOBSTER's TICKER_YYYY-MM-DD_... (it gives the symbol and the date)");
  const first = new LineCursor(book);
  let depth = 0;
  try {
    if (first.next() || (await first.read())) depth = fieldsOf(first).length / 4;
  } finally {
    first.close();
  }
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
  const read = new LobsterRowReader(messageFile, bookFile, depth);
  const skipped = new SkippedRows();
  const name = basename(messageFile);
  const messages = new LineCursor(messageFile);
  const books = new LineCursor(bookFile);
  let rows = 0;
  let started = false;
  let lastT = 0;
  try {
    // next() moves within the text already read; only when that runs out does read() await the file.
    while (messages.next() || (await messages.read())) {
      rows++;
      if (!books.next() && !(await books.read())) throw new DataFormatError(bookFile, messages.row, null, `ends before ${messageFile} (which has a row ${messages.row})`);
      try {
        const msg = read.message(messages);
        const row = read.bookRow(books);
        if (msg.t < lastT) throw new DataFormatError(messageFile, messages.row, 'time', `time goes back (${msg.t} ms after ${lastT} ms)`);
        lastT = msg.t;
        if (!started) {
          replay.start(msg, row);
          started = true;
        } else replay.step(msg, row, `${name}:${messages.row}`);
      } catch (e) {
        if (e instanceof DataFormatError && options.skipBadRows) {
          skipped.add(e);
          continue;
        }
        throw e;
      }
      // Awaiting costs more than reading a row, and the writer's back-pressure is coarse
      // (it asks to wait with megabytes still free), so every 256 rows is as good as every row.
      if (rows % 256 === 0) await events.flow();
    }
    if (books.next() || (await books.read())) throw new DataFormatError(bookFile, books.row, null, `has more rows than ${messageFile} (${rows})`);
  } finally {
    messages.close();
    books.close();
  }
  return { rows, skipped, checks: { ...replay.checks }, problems: [...replay.problems] };
}

export const lobster: ImportFormat = {
  name: 'lobster',
  summary: 'LOBSTER message + orderbook files, replayed and checked level by level',
  files: '<MESSAGE.csv> <ORDERBOOK.csv>',
  open,
};
