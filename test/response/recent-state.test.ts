/** What the engine learns from the stream: keys per account, recent trades per symbol. */
import { describe, expect, it } from 'vitest';
import { KeyUsage } from '../../src/response/key-usage.js';
import { RecentTrades } from '../../src/response/recent-trades.js';

describe('KeyUsage', () => {
  it('returns the keys an account used on a symbol since a time, ascending', () => {
    const k = new KeyUsage();
    k.record(1, 30, 'A', 100);
    k.record(1, 20, 'A', 50);
    k.record(1, 20, 'A', 200);
    k.record(1, 40, 'B', 300);
    k.record(2, 50, 'A', 300);
    expect(k.keysOf(1, 'A', 0)).toEqual([20, 30]);
    expect(k.keysOf(1, 'A', 150)).toEqual([20]);
    expect(k.keysOf(1, null, 150)).toEqual([20, 40]);
    expect(k.keysOf(3, 'A', 0)).toEqual([]);
  });
});

describe('RecentTrades', () => {
  it('keeps trades within the horizon and finds them by time', () => {
    const r = new RecentTrades(1000);
    for (let i = 0; i < 5000; i++) r.record('A', i + 1, i * 10, 1, 2);
    const all = r.between('A', 0, Infinity);
    expect(all[0]!.t).toBeGreaterThanOrEqual(49_990 - 1000);
    expect(all.at(-1)!.id).toBe(5000);
    expect(r.between('A', 49_000, 49_050).map((t) => t.t)).toEqual([49_000, 49_010, 49_020, 49_030, 49_040, 49_050]);
    expect(r.between('B', 0, Infinity)).toEqual([]);
  });
});
