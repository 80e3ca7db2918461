/**
 * A raw Binance spot WebSocket capture, one message per line:
 * `<local receive time, ns since epoch> <JSON>`, where the JSON is a
 * combined-stream envelope (`depthUpdate` diffs, `trade`, `bookTicker`) or,
 * once, a REST depth snapshot `{"lastUpdateId", "bids", "asks"}` (the layout
 * of hftbacktest's captures).
 *
 * The book follows Binance's documented procedure (update-chain.ts): diffs
 * that arrive before the snapshot wait, stale ones are dropped, the first
 * applied one must straddle the snapshot, and a gap afterwards is an error
 * naming the line and the update ids expected and found. Level changes become
 * anonymous orders (level-book.ts). Trades become trade events (maker and taker
 * order ids synthetic, from 10^12). bookTickers are not events: they check the
 * replayed book's best bid and ask (bbo-check.ts).
 *
 * Time: t is the capture's local receive time (ms) minus the first line's, so
 * it never goes back across streams; exchange times would (each stream has its
 * own). Tick and lot: finest decimals in the head of the file (the REST
 * snapshot alone lists 2,000 levels), or --tick/--lot.
 */
import { BUY, SELL } from '../../book/index.js';
import { BboCheck } from './bbo-check.js';
import { DataFormatError, SkippedRows } from './data-format-error.js';
import { scaled, scaledOrZero, type RowAt } from './fields.js';
import { GridScan, HEAD_SCAN_ROWS, type Grid } from './grid.js';
import type { ImportEvents } from './import-events.js';
import { quoteValueFits } from './import-events.js';
import type { ImportFormat, ImportHeader, Importer, ImportOptions, ImportReport } from './importer.js';
import { type LevelChange, LevelBook } from './level-book.js';
import { resolveSymbol } from './symbol-name.js';
import { textLines } from './text-lines.js';
import { UpdateChain } from './update-chain.js';

/** Taker and maker order ids of trades start here, apart from the L2 orders' ids. */
const TRADE_ORDER_BASE = 1_000_000_000_000;
const RECEIVE = /^(\d{7,})\s/;

type Level = [string, string];
interface Message {
  stream?: string;
  data?: Record<string, unknown>;
  lastUpdateId?: number;
  bids?: Level[];
  asks?: Level[];
}

/** Splits `<ns> <json>`: receive ms (from the digits, no float) and the parsed message. */
function parseLine(at: RowAt, text: string): { ms: number; msg: Message } {
  const m = RECEIVE.exec(text);
  if (m === null) throw new DataFormatError(at.file, at.row, 'receive_time', 'line does not start with a receive time in ns and a space');
  const ms = Number(m[1]!.slice(0, -6));
  try {
    return { ms, msg: JSON.parse(text.slice(m[0].length)) as Message };
  } catch (e) {
    throw new DataFormatError(at.file, at.row, 'message', `invalid JSON: ${(e as Error).message}`);
  }
}

const isLevels = (x: unknown): x is Level[] => Array.isArray(x) && x.every((l) => Array.isArray(l) && typeof l[0] === 'string' && typeof l[1] === 'string');

function changes(at: RowAt, grid: Grid, bids: unknown, asks: unknown): LevelChange[] {
  if (!isLevels(bids) || !isLevels(asks)) throw new DataFormatError(at.file, at.row, 'levels', 'bids/asks are not lists of [price, qty] strings');
  const out: LevelChange[] = [];
  for (const [side, levels] of [[BUY, bids], [SELL, asks]] as const) {
    for (const [p, q] of levels) {
      out.push({ side, price: scaled(at, 'price', p, grid.tick, 'price', '--tick'), qty: scaledOrZero(at, 'qty', q, grid.lot, 'quantity', '--lot') });
    }
  }
  return out;
}

async function open(files: readonly string[], options: ImportOptions): Promise<Importer> {
  if (files.length !== 1) throw new DataFormatError(files[1] ?? '-', 1, null, 'binance-ws-capture reads one capture file');
  const file = files[0]!;
  const scan = new GridScan();
  scan.scanned = `the first ${HEAD_SCAN_ROWS} lines (with the depth snapshot)`;
  let origin: number | undefined;
  let symbol: string | undefined;
  for await (const l of textLines(file, HEAD_SCAN_ROWS)) {
    let parsed: { ms: number; msg: Message };
    try {
      parsed = parseLine({ file, row: l.row }, l.text);
    } catch (e) {
      if (options.skipBadRows) continue;
      throw e;
    }
    origin ??= parsed.ms;
    const { msg } = parsed;
    const d = msg.data ?? {};
    if (typeof d['s'] === 'string') symbol ??= d['s'];
    for (const levels of [msg.bids, msg.asks, d['b'], d['a']]) if (isLevels(levels)) for (const [p, q] of levels) scan.observe(p, q);
    if (typeof d['p'] === 'string' && typeof d['q'] === 'string') scan.observe(d['p'], d['q']);
  }
  if (origin === undefined) throw new DataFormatError(file, 1, null, 'no messages');
  const name = resolveSymbol(options.symbol, symbol, file);
  const grid = scan.grid(options);
  const header: ImportHeader = {
    capabilities: ['trades', 'orders'],
    source: { format: 'binance-ws-capture', files: [file] },
    origin,
    timeIsSequence: false,
    symbol: name.symbol,
    tickSize: grid.tick,
    lotSize: grid.lot,
    grid: grid.basis,
    notes: [
      'orders are L2 level changes: an increase rests an anonymous order of the difference, a decrease takes it off the newest orders at the level first',
      'trades are anonymous; maker and taker order ids are synthetic (from 10^12), trade ids are the exchange id + 1',
      'bookTicker messages are not events: they check the replayed best bid and ask',
      't = local receive time - origin, in ms',
    ],
  };
  return { header, spec: { symbol: name.symbol, baseAsset: name.base, quoteAsset: name.quote, grid }, run: (ev) => run(file, origin, ev, options) };
}

interface PendingDiff {
  row: number;
  U: number;
  u: number;
  data: Record<string, unknown>;
}

async function run(file: string, origin: number, events: ImportEvents, options: ImportOptions): Promise<ImportReport> {
  const { grid } = events.spec;
  const skipped = new SkippedRows();
  const levels = new LevelBook(events);
  const bbo = new BboCheck(file);
  const checks = { diffsApplied: 0, diffsStale: 0, trades: 0, ignoredMessages: 0, snapshotLevels: 0 };
  let chain: UpdateChain | undefined;
  const early: PendingDiff[] = [];
  let rows = 0;
  let lastMs = origin;
  let lastRow = 0;
  let nextOrder = TRADE_ORDER_BASE;

  const applyDiff = (t: number, d: PendingDiff) => {
    const verdict = chain!.check(d);
    if (verdict.kind === 'stale') {
      checks.diffsStale++;
      return;
    }
    if (verdict.kind === 'gap') throw new DataFormatError(file, d.row, verdict.field, `gap in the diff stream: expected ${verdict.expected}, found ${verdict.found}`);
    const crossed = levels.apply(t, changes({ file, row: d.row }, grid, d.data['b'], d.data['a']));
    if (crossed !== null) throw new DataFormatError(file, d.row, null, `diff u ${d.u}: ${crossed}`);
    checks.diffsApplied++;
    bbo.reached(d.u, levels.book);
  };

  for await (const l of textLines(file)) {
    rows++;
    lastRow = l.row;
    const at = { file, row: l.row };
    try {
      const { ms, msg } = parseLine(at, l.text);
      if (ms < lastMs) throw new DataFormatError(file, l.row, 'receive_time', `receive time goes back (${ms} ms after ${lastMs} ms)`);
      lastMs = ms;
      const t = ms - origin;
      const d = msg.data;
      if (typeof msg.lastUpdateId === 'number') {
        if (chain !== undefined) throw new DataFormatError(file, l.row, null, 'a second depth snapshot (one capture holds one)');
        const snap = changes(at, grid, msg.bids, msg.asks);
        const crossed = levels.apply(t, snap);
        if (crossed !== null) throw new DataFormatError(file, l.row, null, `snapshot: ${crossed}`);
        checks.snapshotLevels = snap.length;
        chain = new UpdateChain(msg.lastUpdateId, 'spot');
        bbo.reached(msg.lastUpdateId, levels.book);
        for (const p of early.splice(0)) applyDiff(t, p);
      } else if (d?.['e'] === 'depthUpdate') {
        if (typeof d['U'] !== 'number' || typeof d['u'] !== 'number') throw new DataFormatError(file, l.row, 'U', 'depthUpdate without numeric U and u');
        const diff = { row: l.row, U: d['U'], u: d['u'], data: d };
        // Before the snapshot, diffs wait (Binance: buffer the stream, then fetch the snapshot).
        if (chain === undefined) early.push(diff);
        else applyDiff(t, diff);
      } else if (d?.['e'] === 'trade') {
        const price = scaled(at, 'p', String(d['p']), grid.tick, 'price', '--tick');
        const qty = scaled(at, 'q', String(d['q']), grid.lot, 'quantity', '--lot');
        if (typeof d['t'] !== 'number' || typeof d['m'] !== 'boolean') throw new DataFormatError(file, l.row, 't', 'trade without a numeric id t and a boolean m');
        if (!quoteValueFits(price, qty, grid)) throw new DataFormatError(file, l.row, 'q', 'trade value is more than 2^53 - 1 quote units; pass a coarser --tick or --lot');
        events.trade(t, d['t'] + 1, price, qty, d['m'] ? 'sell' : 'buy', nextOrder++, nextOrder++);
        checks.trades++;
      } else if (d !== undefined && typeof d['u'] === 'number' && typeof d['b'] === 'string' && typeof d['a'] === 'string') {
        const top = [
          scaled(at, 'b', d['b'], grid.tick, 'price', '--tick'),
          scaledOrZero(at, 'B', String(d['B']), grid.lot, 'quantity', '--lot'),
          scaled(at, 'a', d['a'], grid.tick, 'price', '--tick'),
          scaledOrZero(at, 'A', String(d['A']), grid.lot, 'quantity', '--lot'),
        ] as const;
        bbo.ticker(l.row, d['u'], top);
      } else checks.ignoredMessages++;
    } catch (e) {
      if (e instanceof DataFormatError && options.skipBadRows) {
        skipped.add(e);
        continue;
      }
      throw e;
    }
    await events.flow();
  }
  if (chain === undefined) throw new DataFormatError(file, lastRow, null, 'no depth snapshot (a line with lastUpdateId) in the capture');
  if (early.length > 0) throw new DataFormatError(file, early[0]!.row, null, 'diffs waiting for a snapshot at the end');
  bbo.finish();
  return {
    rows,
    skipped,
    checks: { ...checks, bboCompared: bbo.compared, bboMismatches: bbo.mismatches, bboNotCovered: bbo.uncovered },
    problems: [...bbo.examples],
  };
}

export const binanceWsCapture: ImportFormat = {
  name: 'binance-ws-capture',
  summary: 'Binance spot WebSocket capture (<ns> <json> lines: REST snapshot, depthUpdate, trade, bookTicker)',
  files: '<capture.gz>',
  open,
};
