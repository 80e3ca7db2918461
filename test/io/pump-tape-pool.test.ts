/**
 * Reading pump-trade files on worker threads gives exactly what reading them
 * one by one gives: the same tapes in the order asked, the same row counts,
 * and the same file:row column error for a bad file. Runs the built module
 * (dist/), because the workers load compiled JavaScript.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Io from '../../src/io/index.js';

const io = (await import(new URL('../../dist/src/io/index.js', import.meta.url).href)) as typeof Io;
const dir = mkdtempSync(join(tmpdir(), 'pump-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'symbol,timestamp,datetime,side,price,amount,btc_volume';
function file(name: string, coin: string, rows: number, gzip: boolean): string {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const t = 1_600_000_000_000 + i * 997;
    const price = (0.00001 + (i % 17) * 1e-8).toFixed(8);
    const amount = 1 + (i % 5);
    lines.push(`${coin}/BTC,${t},x,${i % 3 === 0 ? 'sell' : 'buy'},${price},${amount.toFixed(3)},${Number(price) * amount}`);
    if (i % 50 === 0) lines.push(lines[lines.length - 1]!); // an exact duplicate, dropped
  }
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(`${lines.join('\n')}\n`) : `${lines.join('\n')}\n`);
  return path;
}

describe('loadPumpTapes', () => {
  const paths = [file('a.csv', 'AAA', 900, false), file('b.csv.gz', 'BBB', 2500, true), file('c.csv', 'CCC', 10, false), file('d.csv.gz', 'DDD', 1200, true)];

  it('on two workers equals one thread: tapes in the order asked, counts summed', async () => {
    const one = await io.loadPumpTapes(paths, 1);
    const two = await io.loadPumpTapes(paths, 2);
    expect(two.tapes.map((t) => t.symbol)).toEqual(['AAA/BTC', 'BBB/BTC', 'CCC/BTC', 'DDD/BTC']);
    expect(two.stats).toEqual(one.stats);
    expect(one.stats.duplicates).toBe(18 + 50 + 1 + 24);
    for (const [i, t] of two.tapes.entries()) {
      const u = one.tapes[i]!;
      expect({ ...t, t: [...t.t], price: [...t.price], qty: [...t.qty], buy: [...t.buy] }).toEqual({ ...u, t: [...u.t], price: [...u.price], qty: [...u.qty], buy: [...u.buy] });
    }
  });

  it('reports a bad file as a DataFormatError with its row and column', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `${HEADER}\nEEE/BTC,1600000000000,x,buy,0.00001,1.000,0.00001\nEEE/BTC,1600000000001,x,buy,cheap,1.000,0.00001\n`);
    const err = await io.loadPumpTapes([paths[0]!, bad, paths[1]!], 2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(io.DataFormatError);
    expect((err as Io.DataFormatError).message).toMatch(/bad\.csv:3 column price: /);
  });
});
