import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DataFormatError,
  loadPumpTape,
  newPumpTradesStats,
  readPumpTradeRows,
  readPumpTrades,
  SkippedRows,
} from '../../src/io/index.js';
import { scaledPositive, scaledPositiveText } from '../../src/io/adapters/scaled-number.js';
import type { MarketEvent } from '../../src/core/index.js';

const HEADER = 'symbol,timestamp,datetime,side,price,amount,btc_volume';
const dir = mkdtempSync(join(tmpdir(), 'pump-trades-'));
let n = 0;
function file(lines: string[], gzip = false): string {
  const p = join(dir, `f${n++}.csv`);
  const text = [HEADER, ...lines].join('\n') + '\n';
  writeFileSync(p, gzip ? gzipSync(text) : text);
  return p;
}
async function rows(path: string, opts = {}) {
  const out = [];
  for await (const r of readPumpTradeRows(path, opts)) out.push(r);
  return out;
}

describe('scaledPositive', () => {
  it('reads exponent notation exactly and refuses values off the grid', () => {
    expect(scaledPositive('1.188e-05', 8)).toBe(1188);
    expect(scaledPositive('2.585e-3', 8)).toBe(258500);
    expect(scaledPositive('890.0', 3)).toBe(890000);
    expect(scaledPositive('500680.67', 3)).toBe(500680670);
    expect(scaledPositive('1E-8', 8)).toBe(1);
    expect(scaledPositive('1.1885e-05', 8)).toBe('grid');
    expect(scaledPositive('1e-9', 8)).toBe('grid');
    expect(scaledPositive('0.0', 3)).toBe('not-positive');
    expect(scaledPositive('-1', 3)).toBe('not-positive');
    expect(scaledPositive('abc', 3)).toBe('syntax');
    expect(scaledPositive('1e30', 8)).toBe('range');
  });

  it('the one-pass reader gives the regex reference answer on any number-like text', () => {
    // Pieces of numbers (digits, zeros, points, exponents, signs, junk), glued at random.
    const piece = fc.constantFrom('0', '00', '1', '5', '9', '12', '890', '000000000000000001', '1234567890123456', '.', '.0', 'e', 'E', '-', '+', 'e-05', 'e+3', 'e400', 'e-401', 'x', ' ');
    const text = fc.array(piece, { minLength: 0, maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 12 }), (t, d) => {
        expect(scaledPositive(t, d)).toBe(scaledPositiveText(t, d));
      }),
      { numRuns: 20_000, seed: 42 },
    );
    for (const t of ['1.188e-05', '5e-8', '0.000000015', '9007199254740991', '9007199254740992', '900719925474099.1', '1.0000000000000000e-5', '+7.0', '1.', '.5', '1e', '']) {
      for (const d of [0, 3, 8]) expect([t, d, scaledPositive(t, d)]).toEqual([t, d, scaledPositiveText(t, d)]);
    }
  });
});

describe('pump-trades adapter', () => {
  const dupRows = [
    'ADX/BTC,1000,x,buy,1.0e-05,10.0,0.0001',
    'ADX/BTC,1000,x,buy,1.1e-05,10.0,0.00011',
    'ADX/BTC,1000,x,buy,1.0e-05,10.0,0.0001', // same ms, same fields: the page-restart copy
    'ADX/BTC,1000,x,sell,1.0e-05,10.0,0.0001', // other side: kept
    'ADX/BTC,1001,x,buy,1.0e-05,10.0,0.0001', // next ms: kept
  ];

  it('drops exact duplicates within one millisecond, and only those', async () => {
    const stats = newPumpTradesStats();
    const r = await rows(file(dupRows), { stats });
    expect(stats).toEqual({ rows: 5, duplicates: 1, kept: 4 });
    expect(r.map((x) => [x.line, x.unixMs, x.buy, x.price, x.qty])).toEqual([
      [2, 1000, true, 1000, 10000],
      [3, 1000, true, 1100, 10000],
      [5, 1000, false, 1000, 10000],
      [6, 1001, true, 1000, 10000],
    ]);
  });

  it('reads gzip by its magic bytes, whatever the name', async () => {
    expect((await rows(file(dupRows, true))).length).toBe(4);
  });

  it.each([
    ['ADX/BTC,1000,x,bye,1.0e-05,10.0,0.0001', 'column side'],
    ['ADX/BTC,1000,x,buy,1.00000001e-05,10.0,0.0001', 'column price'],
    ['ADX/BTC,1000,x,buy,1.0e-05,10.0001,0.0001', 'column amount'],
    ['ADX/BTC,1000,x,buy,1.0e-05,10.0,0.5', 'column btc_volume'],
    ['ADX/BTC,99,x,buy,1.0e-05,10.0,0.0001', 'column timestamp'],
    ['ADX/BTC,1000,x,buy,1.0e-05', 'column'],
    ['ADX/USDT,1000,x,buy,1.0e-05,10.0,0.0001', 'column symbol'],
  ])('names file, line and column of a bad row: %s', async (bad, column) => {
    const p = file(['ADX/BTC,500,x,buy,1.0e-05,10.0,0.0001', bad]);
    const err = await rows(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).message.startsWith(`${p}:3 ${column}`)).toBe(true);
    expect((err as DataFormatError).row).toBe(3);
  });

  it('rejects a wrong header', async () => {
    const p = join(dir, 'bad-header.csv');
    writeFileSync(p, 'a,b,c\n1,2,3\n');
    await expect(rows(p)).rejects.toThrow(`${p}:1: expected header`);
  });

  it('skips and counts bad rows when asked', async () => {
    const skip = new SkippedRows();
    const p = file(['ADX/BTC,500,x,buy,1.0e-05,10.0,0.0001', 'ADX/BTC,600,x,hold,1.0e-05,10.0,0.0001', 'ADX/BTC,700,x,sell,1.0e-05,10.0,0.0001']);
    const r = await rows(p, { skip });
    expect(r.length).toBe(2);
    expect(skip.count).toBe(1);
    expect(skip.examples[0]!.column).toBe('side');
  });

  it('makes the listing and anonymous trade events with exact quote amounts', async () => {
    const events: MarketEvent[] = [];
    let origin = -1;
    for await (const e of readPumpTrades(file(dupRows), { onOrigin: (o) => (origin = o) })) events.push(e);
    expect(origin).toBe(0);
    expect(events.map((e) => e.type)).toEqual(['asset-listed', 'asset-listed', 'symbol-listed', 'trade', 'trade', 'trade', 'trade']);
    const listing = events[2]!;
    expect(listing).toMatchObject({ symbol: 'ADX/BTC', tickSize: '0.00000001', lotSize: '0.001', quoteUnitsPerTickLot: 1 });
    expect(events[0]).toMatchObject({ asset: 'BTC', decimals: 11 });
    const t = events[3]!;
    expect(t).toMatchObject({ seq: 3, t: 1000, price: 1000, qty: 10000, quoteQty: 10_000_000, makerAccount: 0, takerAccount: 0, aggressor: 'buy' });
    // 1e-5 BTC x 10 coins = 1e-4 BTC = 1e7 units of 1e-11 BTC.
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('loads a compact tape', async () => {
    const tape = await loadPumpTape(file(dupRows, true));
    expect(tape.symbol).toBe('ADX/BTC');
    expect(tape.length).toBe(4);
    expect([...tape.buy]).toEqual([1, 1, 0, 1]);
  });
});

const realdata = fileURLToPath(new URL('../../../shared/realdata/binance-pump-trades/', import.meta.url));
describe.skipIf(!existsSync(realdata) && process.env.SURVEIL_REALDATA !== 'required')('pump-trades on the real files', () => {
  it('drops exactly the duplicate rows events.csv counts, on a sample of files', async () => {
    const index = parse(readFileSync(`${realdata}events.csv`), { columns: true }) as Record<string, string>[];
    for (const r of index.filter((_, i) => i % 40 === 0)) {
      const stats = newPumpTradesStats();
      await loadPumpTape(`${realdata}${r.event_file}`, { stats });
      expect([r.event_file, stats.rows, stats.duplicates]).toEqual([r.event_file, Number(r.rows), Number(r.exact_duplicate_rows)]);
    }
  });
});
