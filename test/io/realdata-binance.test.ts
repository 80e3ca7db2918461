/**
 * Binance L2 replay against reality: the spot BTCUSDT capture's REST snapshot
 * plus its contiguous diff stream through our book, checked against every
 * bookTicker whose update id is a diff end we applied (the only states our book
 * knows exactly). The format samples: a depth snapshot and an update ten
 * minutes later that cannot chain onto it (an error naming the ids), and klines.
 */
import { expect, it } from 'vitest';
import { DataFormatError } from '../../src/io/index.js';
import { bookFromEvents, importInMemory, streamProblems } from './import-helpers.js';
import { describeRealdata, realdata } from './realdata.js';
import { BUY, SELL, depth } from '../../src/book/index.js';

const capture = realdata('binance-spot-btcusdt-l2-ws-capture/btcusdt_20240808.gz');
const samples = (f: string) => realdata('binance-format-samples', f);

describeRealdata('Binance spot BTCUSDT capture', () => {
  it('snapshot + 3,449 chained diffs: best bid and ask equal every covered bookTicker', async () => {
    const { header, report, events } = await importInMemory('binance-ws-capture', [capture]);
    expect(header.symbol).toBe('BTC/USDT');
    expect([header.tickSize, header.lotSize]).toEqual(['0.01', '0.000001']);
    expect(report.rows).toBe(41_249);
    expect(report.problems).toEqual([]);
    expect(report.checks).toMatchObject({
      snapshotLevels: 2000,
      diffsApplied: 3449,
      diffsStale: 2,
      trades: 9757,
      ignoredMessages: 0,
      bboMismatches: 0,
      bboCompared: 564,
    });
    expect((report.checks['bboCompared'] ?? 0) + (report.checks['bboNotCovered'] ?? 0)).toBe(28_040);
    expect(streamProblems(events)).toEqual([]);
    // The order events alone rebuild a book that is never crossed at the end and has both sides.
    const book = bookFromEvents(events.filter((e) => e.type !== 'trade'));
    expect(book.bestBid()).toBeGreaterThan(0);
    expect(book.bestBid()).toBeLessThan(book.bestAsk());
    expect(depth(book, BUY, 1)[0]!.qty).toBeGreaterThan(0);
    expect(depth(book, SELL, 1)[0]!.qty).toBeGreaterThan(0);
  });

  it('depth snapshot then an update ten minutes later: a gap error with file, row and the ids', async () => {
    const err = await importInMemory('binance-depth', [samples('btcusdt-depth-snap.csv'), samples('btcusdt-depth-update.csv')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    const e = err as DataFormatError;
    expect(e.file).toBe(samples('btcusdt-depth-update.csv'));
    expect(e.row).toBe(2);
    expect(e.column).toBe('first_update_id');
    expect(e.message).toContain('expected a first diff with U <= 2098021528332 <= u');
    expect(e.message).toContain('found U 2098041693435, u 2098041696700');
  });

  it('the depth snapshot alone: 100 bid levels as anonymous orders', async () => {
    const { report, events } = await importInMemory('binance-depth', [samples('btcusdt-depth-snap.csv')]);
    expect(report.checks['snapshotLevels']).toBe(100);
    expect(events.filter((e) => e.type === 'order-accepted')).toHaveLength(100);
    expect(streamProblems(events)).toEqual([]);
  });

  it('klines are validated and reported, and no trades are invented', async () => {
    const { header, report, events } = await importInMemory('binance-klines', [samples('ADABTC-1m-2021-11-27.csv'), samples('ADABTC-1m-2021-11-28.csv')]);
    expect(report.checks).toEqual({ bars: 21, tradesSynthesized: 0 });
    expect(header.capabilities).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['asset-listed', 'asset-listed', 'symbol-listed']);
  });
});
