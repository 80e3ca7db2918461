/**
 * Bitfinex raw (L3) book replay: every add, change and delete through our
 * book. The file has no timestamps and no trades, so what can be checked is
 * the bookkeeping: the message counts PROVENANCE.md lists, every delete names
 * a live order, the book is never crossed (two transiently crossing orders are
 * held back and rest again), and the events alone rebuild the same book.
 */
import { expect, it } from 'vitest';
import { bookFromEvents, importInMemory, streamProblems } from './import-helpers.js';
import { describeRealdata, realdata } from './realdata.js';

describeRealdata('Bitfinex tBTCUSD raw book', () => {
  it('replays 99,998 updates with sequence for time and a consistent final book', async () => {
    const { header, report, events } = await importInMemory('bitfinex-l3', [realdata('bitfinex-btcusd-l3-raw-book/L3_feed.json')]);
    expect(header.timeIsSequence).toBe(true);
    expect(header.symbol).toBe('BTC/USD');
    expect(report.rows).toBe(100_001);
    expect(report.checks).toMatchObject({
      snapshotOrders: 50,
      deletes: 37_021,
      deletesOfUnknown: 0,
      bidMessages: 37_252,
      askMessages: 25_725,
      heldBack: 2,
      heldAtEnd: 0,
      finalLiveOrders: 38,
    });
    const c = report.checks as Record<string, number>;
    expect(c['finalBestBid']!).toBeLessThan(c['finalBestAsk']!);
    // The subscription reports the top 25 price levels only.
    expect(c['finalBidLevels']!).toBeLessThanOrEqual(25);
    expect(c['finalAskLevels']!).toBeLessThanOrEqual(25);
    expect(streamProblems(events)).toEqual([]);
    expect(events.at(-1)!.t).toBe(100_001);
    const book = bookFromEvents(events);
    expect([book.liveOrders, book.bestBid(), book.bestAsk()]).toEqual([c['finalLiveOrders'], c['finalBestBid'], c['finalBestAsk']]);
  });
});
