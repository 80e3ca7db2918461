/** Running an import adapter in memory for tests, and rebuilding a book from its events. */
import { expect } from 'vitest';
import { BUY, OrderBook, SELL } from '../../src/book/index.js';
import type { MarketEvent } from '../../src/core/index.js';
import { DataFormatError, EventArray, IMPORT_FORMATS, type ImportFormatName, ImportEvents, type ImportOptions } from '../../src/io/index.js';
import { eventSchema } from '../../src/core/index.js';

export async function importInMemory(format: ImportFormatName, files: string[], options: Partial<ImportOptions> = {}) {
  const adapter = IMPORT_FORMATS[format];
  if (adapter === null) throw new Error(`${format} is not wired`);
  const importer = await adapter.open(files, { skipBadRows: false, ...options });
  const out = new EventArray();
  const events = new ImportEvents(out, importer.spec);
  events.listing();
  const report = await importer.run(events);
  return { header: importer.header, report, events: out.events };
}

/** Every event valid, seq 0, 1, 2, ..., t never decreasing: what the log reader demands. */
export function streamProblems(events: readonly MarketEvent[]): string[] {
  const problems: string[] = [];
  let lastT = 0;
  events.forEach((e, i) => {
    if (e.seq !== i) problems.push(`event ${i} has seq ${e.seq}`);
    if (e.t < lastT) problems.push(`event ${i} goes back in time`);
    lastT = e.t;
    const r = eventSchema.safeParse(e);
    if (!r.success && problems.length < 5) problems.push(`event ${i}: ${r.error.issues[0]?.message}`);
  });
  return problems;
}

/**
 * The book the order events describe: accepted orders rest, amendments set the
 * remaining quantity, cancels remove, trades take from the maker order. A
 * consumer of the stream sees exactly this, so it must equal the adapter's book.
 */
export function bookFromEvents(events: readonly MarketEvent[]): OrderBook {
  const book = new OrderBook();
  for (const e of events) {
    if (e.type === 'order-accepted') {
      if (book.limit(e.order, e.side === 'buy' ? BUY : SELL, e.price!, e.qty!) !== 0 || book.filled !== 0) throw new Error(`seq ${e.seq}: order ${e.order} did not rest cleanly`);
    } else if (e.type === 'order-amended') {
      const left = book.remainingOf(e.order);
      if (e.keptPriority) {
        if (left < e.qty || book.priceOf(e.order) !== e.price) throw new Error(`seq ${e.seq}: amend of ${e.order} keeps priority but grows or moves it`);
        if (left > e.qty) book.reduce(e.order, left - e.qty);
      } else {
        // Re-queued: out of the book, back in at the end of its (new) level.
        const side = book.sideOf(e.order) as typeof BUY | typeof SELL;
        book.cancel(e.order);
        if (book.limit(e.order, side, e.price, e.qty) !== 0 || book.filled !== 0) throw new Error(`seq ${e.seq}: amend of ${e.order} did not rest cleanly`);
      }
    } else if (e.type === 'cancel') {
      if (book.cancel(e.order) !== e.qty) throw new Error(`seq ${e.seq}: cancel of ${e.order} removed another quantity`);
    } else if (e.type === 'trade' && book.has(e.makerOrder)) {
      book.execute(e.makerOrder, e.qty);
    }
  }
  return book;
}

/** The DataFormatError an import must fail with (the test fails if it succeeds or throws anything else). */
export async function failure(p: Promise<unknown>): Promise<DataFormatError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DataFormatError);
  return e as DataFormatError;
}
