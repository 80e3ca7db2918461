/**
 * Matching-engine benchmark on the standard order flow, and the memory a
 * resting order costs.
 *
 * Speed: the flow is parsed into typed arrays first; only the replay is timed
 * (every fill is read, as a consumer recording trades must). The figure is the
 * median over several fresh books; the first run includes JIT warm-up, which
 * the median discards.
 *
 * Memory: a separate book is filled with `liveTarget` non-crossing orders. Heap
 * per live order = growth of (V8 heapUsed + ArrayBuffer memory) across the
 * build, measured after forced full garbage collections (repeated, with a short
 * pause, because V8 frees ArrayBuffer backing stores concurrently). ArrayBuffers
 * are counted on purpose: the book keeps its orders in typed arrays, outside
 * the JS heap proper, and leaving them out would flatter the figure.
 */
import { OrderBook, replayFlow, BUY, SELL, type Flow } from '../src/book/index.js';
import { readFlow } from '../src/io/index.js';
import { median, settleHeap, type Gc } from './measure.js';

export interface BookBenchResult {
  bench: 'book';
  flow: string;
  ops: number;
  runs: number;
  seconds: number;
  opsPerSec: number;
  fills: number;
  liveOrders: number;
  tradedQty: number;
  restingQty: number;
  bestBid: number;
  bestAsk: number;
  memoryLiveOrders: number;
  heapBytesPerLiveOrder: number;
}

export async function benchBook(options: {
  flowPath: string;
  runs: number;
  liveTarget: number;
  gc: Gc;
  now: () => number;
}): Promise<BookBenchResult> {
  const flow: Flow = readFlow(options.flowPath);
  const seconds: number[] = [];
  let last: { book: OrderBook; traded: number; fills: number } | undefined;
  for (let r = 0; r < options.runs; r++) {
    const book = new OrderBook();
    const t0 = options.now();
    const out = replayFlow(book, flow);
    seconds.push((options.now() - t0) / 1000);
    last = { book, traded: out.tradedQty, fills: out.fills };
  }
  const s = median(seconds);
  const book = last!.book;
  const heap = await heapPerLiveOrder(options.liveTarget, options.gc);
  return {
    bench: 'book',
    flow: options.flowPath,
    ops: flow.length,
    runs: options.runs,
    seconds: round(s, 6),
    opsPerSec: Math.round(flow.length / s),
    fills: last!.fills,
    liveOrders: book.liveOrders,
    tradedQty: last!.traded,
    restingQty: book.restingQty(),
    bestBid: book.bestBid(),
    bestAsk: book.bestAsk(),
    memoryLiveOrders: heap.live,
    heapBytesPerLiveOrder: round(heap.perOrder, 1),
  };
}

/** Builds a book of `n` resting orders on 1,000 price levels, spread over 1,000 owners. */
async function heapPerLiveOrder(n: number, gc: Gc): Promise<{ live: number; perOrder: number }> {
  const before = await settleHeap(gc);
  const book = new OrderBook();
  for (let i = 0; i < n; i++) {
    const buy = (i & 1) === 0;
    const level = i % 500;
    book.limit(i + 1, buy ? BUY : SELL, buy ? 100_000 - level : 100_001 + level, 1 + (i % 100), 1 + (i % 1000));
  }
  const after = await settleHeap(gc);
  const live = book.liveOrders;
  return { live, perOrder: (after - before) / live };
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));
