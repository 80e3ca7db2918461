/**
 * A Bitfinex raw-book ("R0", order by order) WebSocket recording: one JSON
 * array of messages, `{"event": "info"}`, `{"event": "subscribed", "symbol":
 * "tBTCUSD", "len": "25", ...}`, a snapshot `[chanId, [[id, price, amount],
 * ...]]`, then updates `[chanId, [id, price, amount]]` (amount > 0 bid, < 0
 * ask; price 0 deletes the order; otherwise it adds the order or changes it).
 *
 * The recording has no timestamps. Sequence stands in for time: t is the
 * message's position in the array (1 per message, not milliseconds), and the
 * log header says `timeIsSequence: true`; so do the import summary and eval.
 * Numbers are read from the text as written (some in exponent form, `8e-06`),
 * never through a float. A change that keeps the price and lowers the amount
 * keeps queue priority (order-amended keptPriority true); any other change
 * re-queues the order.
 *
 * The feed is sometimes crossed for a few messages (an order arrives at a
 * price the other side still shows, and that side moves away a moment
 * later). Our book must never match a replayed feed, so an order that would
 * cross is held back: it leaves the book (a `cancel` event if it was in it),
 * waits, and rests again (`order-accepted`, same id) as soon as it no longer
 * crosses; a delete while held just drops it. The import counts these holds
 * and how many messages the longest lasted.
 */
import { BUY, SELL, type SideCode } from '../../book/index.js';
import { levelQty, sideName, wouldCross } from './book-levels.js';
import { DataFormatError, SkippedRows } from './data-format-error.js';
import { scaled, type RowAt } from './fields.js';
import { GridScan, HEAD_SCAN_ROWS, plainDecimal } from './grid.js';
import type { ImportEvents } from './import-events.js';
import type { ImportFormat, ImportHeader, Importer, ImportOptions, ImportReport } from './importer.js';
import { jsonArrayElements } from './json-array-stream.js';
import { OrderBook } from '../../book/index.js';
import { resolveSymbol } from './symbol-name.js';

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

type Parsed =
  | { kind: 'event'; value: Record<string, unknown> }
  | { kind: 'snapshot'; orders: string[][] }
  | { kind: 'update'; order: string[] }
  | { kind: 'heartbeat' };

/** One message, numbers kept as text. */
function parseElement(at: RowAt, text: string): Parsed {
  if (text.startsWith('{')) {
    try {
      return { kind: 'event', value: JSON.parse(text) as Record<string, unknown> };
    } catch (e) {
      throw new DataFormatError(at.file, at.row, null, `invalid JSON: ${(e as Error).message}`);
    }
  }
  const body = /^\[\s*\d+\s*,\s*([\s\S]*)\]$/.exec(text)?.[1]?.trim();
  if (body === undefined) throw new DataFormatError(at.file, at.row, null, 'not [chanId, data]');
  if (body.startsWith('"hb"')) return { kind: 'heartbeat' };
  const triples = (list: string) => [...list.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!.match(NUMBER) ?? []);
  if (/^\[\s*\[/.test(body)) return { kind: 'snapshot', orders: triples(body.slice(1)) };
  const [order] = triples(body);
  if (order === undefined) throw new DataFormatError(at.file, at.row, null, 'not [chanId, [id, price, amount]]');
  return { kind: 'update', order };
}

async function open(files: readonly string[], options: ImportOptions): Promise<Importer> {
  if (files.length !== 1) throw new DataFormatError(files[1] ?? '-', 1, null, 'bitfinex-l3 reads one recording');
  const file = files[0]!;
  const scan = new GridScan();
  scan.scanned = `the first ${HEAD_SCAN_ROWS} messages (with the snapshot)`;
  let symbol: string | undefined;
  let len: unknown;
  for await (const el of jsonArrayElements(file, HEAD_SCAN_ROWS)) {
    let p: Parsed;
    try {
      p = parseElement({ file, row: el.index }, el.text);
    } catch (e) {
      if (options.skipBadRows) continue;
      throw e;
    }
    if (p.kind === 'event' && p.value['event'] === 'subscribed') {
      symbol = String(p.value['symbol']);
      len = p.value['len'];
    }
    const orders = p.kind === 'snapshot' ? p.orders : p.kind === 'update' ? [p.order] : [];
    for (const o of orders) if (o.length === 3 && o[1] !== '0') scan.observe(plainDecimal(o[1]!), plainDecimal(o[2]!.replace('-', '')));
  }
  const name = resolveSymbol(options.symbol, symbol, file);
  const grid = scan.grid(options);
  const header: ImportHeader = {
    capabilities: ['orders'],
    source: { format: 'bitfinex-l3', files: [file] },
    origin: 0,
    timeIsSequence: true,
    symbol: name.symbol,
    tickSize: grid.tick,
    lotSize: grid.lot,
    grid: grid.basis,
    subscription: { len: len ?? null },
    notes: [
      'the recording has no timestamps: t is the message number (sequence stands in for time), origin 0 means unknown',
      'orders keep their Bitfinex ids; accounts are 0; no trades (a raw book feed does not report them)',
      `only orders within the subscribed depth (len ${String(len ?? '?')}) are reported`,
    ],
  };
  return { header, spec: { symbol: name.symbol, baseAsset: name.base, quoteAsset: name.quote, grid }, run: (ev) => run(file, ev, options) };
}

async function run(file: string, events: ImportEvents, options: ImportOptions): Promise<ImportReport> {
  const { grid } = events.spec;
  const book = new OrderBook({ capacity: 4096 });
  const skipped = new SkippedRows();
  const checks = { heldBack: 0, snapshotOrders: 0, adds: 0, changes: 0, unchanged: 0, deletes: 0, deletesOfUnknown: 0, bidMessages: 0, askMessages: 0 };
  let rows = 0;

  /** Orders held back because they would cross, in arrival order (a Map keeps it), by id. */
  const held = new Map<number, { side: SideCode; price: number; qty: number; since: number }>();
  let longestHold = 0;

  /** Rests an order, or holds it back when it would cross. */
  const place = (t: number, id: number, side: SideCode, price: number, qty: number) => {
    if (wouldCross(book, side, price)) {
      held.set(id, { side, price, qty, since: t });
      checks.heldBack++;
      return;
    }
    book.limit(id, side, price, qty);
    events.order(t, id, sideName(side), price, qty);
  };

  /** After each message: held orders that no longer cross go back in, oldest first. */
  const release = (t: number) => {
    for (const [id, h] of held) {
      if (wouldCross(book, h.side, h.price)) continue;
      held.delete(id);
      longestHold = Math.max(longestHold, t - h.since);
      book.limit(id, h.side, h.price, h.qty);
      events.order(t, id, sideName(h.side), h.price, h.qty);
    }
  };

  const apply = (at: RowAt, t: number, o: string[], fromSnapshot: boolean) => {
    if (o.length !== 3) throw new DataFormatError(at.file, at.row, null, `an order is [id, price, amount], found ${o.length} numbers`);
    const [idText, priceText, amountText] = o as [string, string, string];
    if (!/^\d+$/.test(idText) || !Number.isSafeInteger(Number(idText)) || idText === '0') throw new DataFormatError(at.file, at.row, 'id', `${idText} is not an order id`);
    const id = Number(idText);
    if (priceText === '0') {
      checks.deletes++;
      if (held.delete(id)) return;
      if (!book.has(id)) {
        checks.deletesOfUnknown++;
        return;
      }
      const side = book.sideOf(id) as SideCode;
      const price = book.priceOf(id);
      const qty = book.cancel(id);
      events.cancel(t, id, sideName(side), price, qty);
      return;
    }
    const amount = plainDecimal(amountText, 'amount');
    const side: SideCode = amount.startsWith('-') ? SELL : BUY;
    const price = scaled(at, 'price', plainDecimal(priceText, 'price'), grid.tick, 'price', '--tick');
    const qty = scaled(at, 'amount', amount.replace('-', ''), grid.lot, 'quantity', '--lot');
    if (!fromSnapshot) {
      if (side === BUY) checks.bidMessages++;
      else checks.askMessages++;
    }
    const h = held.get(id);
    if (h !== undefined) {
      // Still out of the book: the change only updates what will rest later.
      if (h.side !== side) throw new DataFormatError(at.file, at.row, 'amount', `order ${id} changes side`);
      checks.changes++;
      held.set(id, { ...h, price, qty });
      return;
    }
    if (!book.has(id)) {
      if (fromSnapshot) checks.snapshotOrders++;
      else checks.adds++;
      place(t, id, side, price, qty);
      return;
    }
    const oldPrice = book.priceOf(id);
    const oldQty = book.remainingOf(id);
    if (book.sideOf(id) !== side) throw new DataFormatError(at.file, at.row, 'amount', `order ${id} changes side`);
    if (oldPrice === price && oldQty === qty) {
      checks.unchanged++;
      return;
    }
    checks.changes++;
    if (oldPrice === price && qty < oldQty) {
      book.reduce(id, oldQty - qty);
      events.amend(t, id, price, qty, true);
      return;
    }
    // A new price or a larger amount loses priority: out of the queue, then back in at the end.
    if (wouldCross(book, side, price)) {
      book.cancel(id);
      events.cancel(t, id, sideName(side), oldPrice, oldQty);
      place(t, id, side, price, qty);
      return;
    }
    book.cancel(id);
    book.limit(id, side, price, qty);
    events.amend(t, id, price, qty, false);
  };

  for await (const el of jsonArrayElements(file)) {
    rows++;
    const at = { file, row: el.index };
    const t = el.index;
    try {
      const p = parseElement(at, el.text);
      if (p.kind === 'snapshot') for (const o of p.orders) apply(at, t, o, true);
      else if (p.kind === 'update') apply(at, t, p.order, false);
      if (held.size > 0) release(t);
    } catch (e) {
      if (e instanceof DataFormatError && options.skipBadRows) {
        skipped.add(e);
        continue;
      }
      throw e;
    }
    await events.flow();
  }
  const bid = book.bestBid();
  const ask = book.bestAsk();
  return {
    rows,
    skipped,
    checks: {
      ...checks,
      longestHoldMessages: longestHold,
      heldAtEnd: held.size,
      finalLiveOrders: book.liveOrders,
      finalBidLevels: book.bids.n,
      finalAskLevels: book.asks.n,
      finalBestBid: bid,
      finalBestAsk: ask,
      finalBestBidQty: levelQty(book, BUY, bid),
    },
    problems: [],
  };
}

export const bitfinexL3: ImportFormat = {
  name: 'bitfinex-l3',
  summary: 'Bitfinex raw (order-level) book recording, one JSON array; no timestamps, so t counts messages',
  files: '<L3_feed.json>',
  open,
};
