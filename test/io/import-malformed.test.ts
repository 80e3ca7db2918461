/**
 * Malformed real-data files, generated small in a temp folder: every adapter
 * names file, row and column; --skip-bad-rows skips and counts instead.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTempDir } from './fixtures.js';
import { failure, importInMemory } from './import-helpers.js';

const tmp = useTempDir();
const HEADER = 'id,price,qty,quote_qty,time,is_buyer_maker,is_best_match';

async function file(name: string, text: string | Buffer): Promise<string> {
  const p = join(tmp.path, name);
  await writeFile(p, text);
  return p;
}

describe('binance-trades input errors', () => {
  const good = ['1,0.5,2,1,1600000000000,true,true', '2,0.6,1,0.6,1600000000100,false,true'];

  it('a bad price names file, row and column', async () => {
    const f = await file('ALTBTC-trades.csv', [HEADER, ...good, '3,abc,1,1,1600000000200,true,true'].join('\n'));
    const e = await failure(importInMemory('binance-trades', [f]));
    expect(e.message).toBe(`${f}:4 column price: price "abc" is not a decimal number`);
  });

  it('wrong column count, a bad boolean, time going back, a price off the declared tick', async () => {
    const width = await file('A1BTC.csv', [...good, '3,0.5,1,1600000000200,true'].join('\n'));
    expect((await failure(importInMemory('binance-trades', [width]))).message).toBe(`${width}:3: 5 columns, expected 7 (${HEADER})`);
    const flag = await file('A2BTC.csv', [...good, '3,0.5,1,1,1600000000200,yes,true'].join('\n'));
    expect((await failure(importInMemory('binance-trades', [flag]))).message).toBe(`${flag}:3 column is_buyer_maker: "yes" is not true or false`);
    const back = await file('A3BTC.csv', [...good, '3,0.5,1,1,1500000000000,true,true'].join('\n'));
    expect((await failure(importInMemory('binance-trades', [back]))).message).toContain(`${back}:3 column time: time 1500000000000 is before`);
    const grid = await file('A4BTC.csv', good.join('\n'));
    expect((await failure(importInMemory('binance-trades', [grid], { tick: '0.25' }))).message).toBe(
      `${grid}:2 column price: price 0.6 is not a multiple of the tick size 0.25 (finer than the grid in use; pass --tick to set it)`,
    );
  });

  it('--skip-bad-rows skips and counts, keeping examples; gzip is read by its magic bytes', async () => {
    const text = [HEADER, ...good, '3,abc,1,1,1600000000200,true,true', '4,0.7,1', '5,0.7,1,0.7,1600000000300,true,true'].join('\n');
    const f = await file('ALTBTC-trades.bin', gzipSync(text));
    const { report, events } = await importInMemory('binance-trades', [f], { skipBadRows: true });
    expect(report.rows).toBe(5);
    expect(report.skipped.count).toBe(2);
    expect(report.skipped.examples.map((e) => e.row)).toEqual([4, 5]);
    expect(events.filter((e) => e.type === 'trade')).toHaveLength(3);
  });

  it('an unclosed quote is a CSV error with its line', async () => {
    const f = await file('A5BTC.csv', [...good, '3,"0.5,1,1,1600000000200,true,true'].join('\n'));
    const e = await failure(importInMemory('binance-trades', [f]));
    expect(e.file).toBe(f);
    expect(e.row).toBeGreaterThanOrEqual(3);
  });

  it('an aggTrades file whose last trade id is below its first', async () => {
    const f = await file('ALTBTC-aggTrades.csv', ['1,0.5,2,10,12,1600000000000,true,true', '2,0.5,2,13,11,1600000000000,true,true'].join('\n'));
    expect((await failure(importInMemory('binance-aggtrades', [f]))).message).toBe(`${f}:2 column last_trade_id: last trade id 11 is below the first 13`);
  });
});

describe('book feed input errors', () => {
  it('LOBSTER: a bad message type, and an orderbook file that ends early', async () => {
    const msg = await file('XYZ_2012-06-21_34200000_57600000_message_1.csv', '34200.1,1,1,10,1000,1\n34200.2,9,2,10,1000,1\n');
    const ob = await file('XYZ_2012-06-21_34200000_57600000_orderbook_1.csv', '9999999999,0,1000,10\n9999999999,0,1000,20\n');
    expect((await failure(importInMemory('lobster', [msg, ob]))).message).toBe(`${msg}:2 column type: message type 9 is not 1-7`);
    const short = await file('XYZ_2012-06-21_34200000_57600000_orderbook_short.csv', '9999999999,0,1000,10\n');
    const msg2 = await file('XYZ_2012-06-21_34200000_57600000_message_2.csv', '34200.1,1,1,10,1000,1\n34200.2,1,2,10,1000,1\n');
    expect((await failure(importInMemory('lobster', [msg2, short]))).message).toContain(`${short}:2: ends before`);
  });

  it('Binance depth CSV: a gap in the middle of the diff stream names the row and the ids', async () => {
    const head = 'symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu';
    const snap = await file('XUSDT-snap.csv', [head, 'XUSDT,1000,100,100,b,snap,10.0,1,-1', 'XUSDT,1000,100,100,a,snap,11.0,1,-1'].join('\n'));
    const upd = await file('XUSDT-upd.csv', [head, 'XUSDT,1001,95,105,b,set,10.0,2,-1', 'XUSDT,1002,106,110,a,set,11.0,3,-1', 'XUSDT,1003,112,115,a,set,11.0,0,-1'].join('\n'));
    const e = await failure(importInMemory('binance-depth', [snap, upd]));
    expect(e.message).toBe(`${upd}:4 column first_update_id: gap in the diff stream: expected U = 111 (previous u + 1), found U 112`);
  });

  it('Binance capture: a line that is not JSON; Bitfinex: a truncated array', async () => {
    const cap = await file('xusdt_capture.txt', '1723161253937085768 {"lastUpdateId":5,"bids":[["1.0","1"]],"asks":[["2.0","1"]]}\n1723161253937085769 {"stream":\n');
    expect((await failure(importInMemory('binance-ws-capture', [cap], { symbol: 'X/USDT' }))).message).toMatch(new RegExp(`^${cap}:2 column message: invalid JSON`));
    const bfx = await file('bfx.json', '[{"event":"subscribed","symbol":"tXUSD"}, [1, [[10, 5, 1], [11, 6, -1]]], [1, [12, 5.5, 0.5]');
    expect((await failure(importInMemory('bitfinex-l3', [bfx]))).message).toBe(`${bfx}:3: the array is not closed (truncated file?)`);
  });
});
