import fc from 'fast-check';
import { it } from 'vitest';
import { OrderBook, OK } from '../../src/book/index.js';
import { apply, concretize, genOps } from './ops.js';
it('stats', () => {
  const samples = fc.sample(genOps(120), { numRuns: 200, seed: 1 });
  const st: Record<string, number> = {};
  let len = 0;
  for (const g of samples) {
    len += g.length;
    const book = new OrderBook();
    for (const op of concretize(g)) {
      const r = apply(book, op);
      const key = `${op.k}:${r}`;
      st[key] = (st[key] ?? 0) + 1;
      if (book.fills.count > 0) st.withFills = (st.withFills ?? 0) + 1;
      if (book.removed.ids.length > 0) st.withRemoved = (st.withRemoved ?? 0) + 1;
      st[`drop${book.dropReason}`] = (st[`drop${book.dropReason}`] ?? 0) + 1;
    }
  }
  console.log(len / samples.length, st);
});
