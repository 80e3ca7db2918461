/**
 * LOBSTER replay against reality: every message through our OrderBook, every
 * tracked level compared with the orderbook file after every message, as
 * lobster-samples/RECONSTRUCTION.md prescribes. Zero mismatches; the counts of
 * comparisons and loads are deterministic for these files and pinned here.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { BUY, depth, SELL } from '../../src/book/index.js';
import { bookFromEvents, importInMemory, streamProblems } from './import-helpers.js';
import { describeRealdata, realdata } from './realdata.js';

const amzn = 'lobster-samples/AMZN_2012-06-21_level1_fullday/AMZN_2012-06-21_34200000_57600000_';
const aapl = 'lobster-samples/AAPL_2012-06-21_level10_first999/AAPL_2012-06-21_34200000_57600000_';

describeRealdata('LOBSTER replay', () => {
  it('AMZN level 1, full day: 57,515 messages, zero mismatches on tracked levels', async () => {
    const { report, header, events } = await importInMemory('lobster', [realdata(`${amzn}message_1.csv`), realdata(`${amzn}orderbook_1.csv`)]);
    expect(header.depth).toBe(1);
    expect(report.rows).toBe(57_515);
    expect(report.problems).toEqual([]);
    expect(report.checks).toMatchObject({
      messages: 57_515,
      trackedMismatches: 0,
      unknownAtNoLevel: 0,
      unknownBeyondBlock: 0,
      loadsNotAtLastPosition: 0,
      initialLevels: 2,
      trackedComparisons: 101_075,
      levelsLoaded: 13_953,
    });
    expect(topOf(bookFromEvents(events), 1)).toEqual(lastRow(realdata(`${amzn}orderbook_1.csv`)));
  });

  it('AAPL level 10, first 999 messages: zero mismatches, loads only at position 10', async () => {
    const { report, events, header } = await importInMemory('lobster', [realdata(`${aapl}message_10_first999.csv`), realdata(`${aapl}orderbook_10_first999.csv`)]);
    expect(header.depth).toBe(10);
    expect(report.problems).toEqual([]);
    expect(report.checks).toMatchObject({
      messages: 999,
      trackedMismatches: 0,
      unknownAtNoLevel: 0,
      unknownBeyondBlock: 0,
      loadsNotAtLastPosition: 0,
      initialLevels: 20,
      trackedComparisons: 19_642,
      levelsLoaded: 318,
    });
    expect(streamProblems(events)).toEqual([]);
    // The events alone rebuild a book whose top 10 is the orderbook file's last row.
    const rebuilt = bookFromEvents(events);
    expect(topOf(rebuilt, 10)).toEqual(lastRow(realdata(`${aapl}orderbook_10_first999.csv`)));
  });
});

/** `ask price, ask size, bid price, bid size` per level, as a LOBSTER orderbook row. */
function topOf(book: ReturnType<typeof bookFromEvents>, n: number): number[] {
  const asks = depth(book, SELL, n);
  const bids = depth(book, BUY, n);
  return Array.from({ length: n }, (_, i) => [asks[i]?.price ?? 9_999_999_999, asks[i]?.qty ?? 0, bids[i]?.price ?? -9_999_999_999, bids[i]?.qty ?? 0]).flat();
}

function lastRow(file: string): number[] {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  return lines[lines.length - 1]!.split(',').map(Number);
}
