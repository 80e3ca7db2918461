/**
 * Binance historical order-book files (the USD-M futures layout, with header):
 * `symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu`.
 * `surveil import binance-depth SNAPSHOT.csv UPDATES.csv...`: the first file
 * holds `snap` rows (one level each, all of one lastUpdateId), the others
 * `set` rows; consecutive rows with the same update ids form one diff.
 *
 * Diffs chain by Binance's rule (update-chain.ts): with `pu` (futures) each
 * diff's pu must be the previous diff's last_update_id; without it (pu -1 or
 * absent, spot) first_update_id must be the previous last + 1. A gap is an
 * error naming the file, the row of the diff's first line, and the ids
 * expected and found. Level changes become anonymous orders (level-book.ts).
 */
import { BUY, SELL } from '../../book/index.js';
import { csvRows } from './csv-rows.js';
import { DataFormatError, SkippedRows } from './data-format-error.js';
import { epochMs, scaled, scaledOrZero, wholeNumber, type RowAt } from './fields.js';
import { GridScan, HEAD_SCAN_ROWS } from './grid.js';
import type { ImportEvents } from './import-events.js';
import type { ImportFormat, ImportHeader, Importer, ImportOptions, ImportReport } from './importer.js';
import { type LevelChange, LevelBook } from './level-book.js';
import { resolveSymbol } from './symbol-name.js';
import { type ChainMode, UpdateChain } from './update-chain.js';

const COLUMNS = ['symbol', 'timestamp', 'first_update_id', 'last_update_id', 'side', 'update_type', 'price', 'qty', 'pu'];

interface DepthRow {
  row: number;
  ms: number;
  U: number;
  u: number;
  pu: number | undefined;
  type: string;
  change: LevelChange;
}

function checkHeader(file: string, fields: readonly string[]): void {
  const got = fields.map((f) => f.trim().toLowerCase());
  if (got.length < 8 || got.some((g, i) => g !== COLUMNS[i])) {
    throw new DataFormatError(file, 1, null, `header ${fields.join(',')} is not the Binance depth layout (${COLUMNS.join(',')})`);
  }
}

function parseRow(at: RowAt, f: readonly string[], tick: string, lot: string): DepthRow {
  if (f.length !== 8 && f.length !== 9) throw new DataFormatError(at.file, at.row, null, `${f.length} columns, expected 8 or 9 (${COLUMNS.join(',')})`);
  const side = f[4];
  if (side !== 'b' && side !== 'a') throw new DataFormatError(at.file, at.row, 'side', `${JSON.stringify(side)} is not b or a`);
  const type = f[5]!;
  if (type !== 'snap' && type !== 'set') throw new DataFormatError(at.file, at.row, 'update_type', `${JSON.stringify(type)} is not snap or set`);
  const puText = f[8];
  const pu = puText === undefined || puText === '-1' ? undefined : wholeNumber(at, 'pu', puText);
  return {
    row: at.row,
    ms: epochMs(at, 'timestamp', f[1]!),
    U: wholeNumber(at, 'first_update_id', f[2]!),
    u: wholeNumber(at, 'last_update_id', f[3]!),
    pu,
    type,
    change: {
      side: side === 'b' ? BUY : SELL,
      price: scaled(at, 'price', f[6]!, tick, 'price', '--tick'),
      qty: scaledOrZero(at, 'qty', f[7]!, lot, 'quantity', '--lot'),
    },
  };
}

async function open(files: readonly string[], options: ImportOptions): Promise<Importer> {
  const scan = new GridScan();
  scan.scanned = `the first ${HEAD_SCAN_ROWS} rows of each file`;
  let origin: number | undefined;
  let symbol: string | undefined;
  for (const file of files) {
    for await (const r of csvRows(file, HEAD_SCAN_ROWS)) {
      const f = r.fields;
      if (r.row === 1) {
        checkHeader(file, f);
        continue;
      }
      if (f.length < 8) continue;
      symbol ??= f[0];
      if (origin === undefined && /^\d+$/.test(f[1]!)) origin = epochMs({ file, row: r.row }, 'timestamp', f[1]!);
      scan.observe(f[6]!, f[7]!);
    }
  }
  if (origin === undefined) throw new DataFormatError(files[0]!, 2, null, 'no depth rows');
  const name = resolveSymbol(options.symbol, symbol, files[0]!);
  const grid = scan.grid(options);
  const header: ImportHeader = {
    capabilities: ['orders'],
    source: { format: 'binance-depth', files: [...files] },
    origin,
    timeIsSequence: false,
    symbol: name.symbol,
    tickSize: grid.tick,
    lotSize: grid.lot,
    grid: grid.basis,
    notes: [
      'orders are L2 level changes: an increase rests an anonymous order of the difference, a decrease takes it off the newest orders at the level first',
      'no trades: executions are among the decreases',
      't = timestamp - origin, in ms',
    ],
  };
  return { header, spec: { symbol: name.symbol, baseAsset: name.base, quoteAsset: name.quote, grid }, run: (ev) => run(files, origin, ev, options) };
}

async function run(files: readonly string[], origin: number, events: ImportEvents, options: ImportOptions): Promise<ImportReport> {
  const { grid } = events.spec;
  const skipped = new SkippedRows();
  const levels = new LevelBook(events);
  const checks = { snapshotLevels: 0, diffsApplied: 0, diffsStale: 0 };
  let chain: UpdateChain | undefined;
  let snapshotId: number | undefined;
  let rows = 0;
  let lastMs = origin;
  let group: DepthRow[] = [];
  let groupFile = '';

  const flush = () => {
    if (group.length === 0) return;
    const first = group[0]!;
    const t = Math.max(first.ms, lastMs) - origin;
    if (first.type === 'snap') {
      if (snapshotId !== undefined) throw new DataFormatError(groupFile, first.row, 'last_update_id', `a second snapshot (lastUpdateId ${first.u}); one import holds one`);
      snapshotId = first.u;
      checks.snapshotLevels = group.length;
    } else {
      if (snapshotId === undefined) throw new DataFormatError(groupFile, first.row, 'update_type', 'a diff before any snapshot: the first file must hold the snap rows');
      const mode: ChainMode = first.pu !== undefined ? 'futures' : 'spot';
      chain ??= new UpdateChain(snapshotId, mode);
      const verdict = chain.check(first);
      if (verdict.kind === 'stale') {
        checks.diffsStale++;
        group = [];
        return;
      }
      if (verdict.kind === 'gap') {
        throw new DataFormatError(groupFile, first.row, verdict.field === 'pu' ? 'pu' : 'first_update_id', `gap in the diff stream: expected ${verdict.expected}, found ${verdict.found}`);
      }
      checks.diffsApplied++;
    }
    const crossed = levels.apply(t, group.map((g) => g.change));
    if (crossed !== null) throw new DataFormatError(groupFile, first.row, null, `update ${first.u}: ${crossed}`);
    lastMs = Math.max(first.ms, lastMs);
    group = [];
  };

  for (const file of files) {
    for await (const r of csvRows(file)) {
      if (r.row === 1) continue; // the header, checked by open()
      rows++;
      let d: DepthRow;
      try {
        d = parseRow({ file, row: r.row }, r.fields, grid.tick, grid.lot);
        if (d.ms < lastMs) throw new DataFormatError(file, r.row, 'timestamp', `time goes back (${d.ms} after ${lastMs})`);
      } catch (e) {
        if (e instanceof DataFormatError && options.skipBadRows) {
          skipped.add(e);
          continue;
        }
        throw e;
      }
      const head = group[0];
      if (head !== undefined && (head.u !== d.u || head.U !== d.U || head.type !== d.type || groupFile !== file)) flush();
      groupFile = file;
      group.push(d);
      await events.flow();
    }
  }
  flush();
  if (snapshotId === undefined) throw new DataFormatError(files[0]!, 2, 'update_type', 'no snap rows: the first file must be a depth snapshot');
  return { rows, skipped, checks, problems: [] };
}

export const binanceDepth: ImportFormat = {
  name: 'binance-depth',
  summary: 'Binance order-book snapshot CSV then diff CSVs (symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu)',
  files: '<snapshot.csv> <updates.csv...>',
  open,
};
