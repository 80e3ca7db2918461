import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OrderBook, replayFlow } from '../../src/book/index.js';
import { readFlow } from '../../src/io/index.js';

const benchDir = fileURLToPath(new URL('../../../shared/bench/', import.meta.url));
const flowPath = `${benchDir}flow-1m.csv.gz`;
const present = existsSync(flowPath);

describe.skipIf(!present && process.env.SURVEIL_REALDATA !== 'required')('standard 1M-operation flow', () => {
  it('ends in exactly the published final state', () => {
    const meta = JSON.parse(readFileSync(`${benchDir}flow-1m.meta.json`, 'utf8'));
    const flow = readFlow(flowPath);
    expect(flow.length).toBe(meta.ops);
    const book = new OrderBook();
    const out = replayFlow(book, flow);
    expect({
      tradedQty: out.tradedQty,
      liveOrders: book.liveOrders,
      restingQty: book.restingQty(),
      bestBid: book.bestBid(),
      bestAsk: book.bestAsk(),
    }).toEqual(meta.expected);
  });
});
