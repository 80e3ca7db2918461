/**
 * Train/test splits by coin, for held-out figures on real data: every event,
 * negative day and file of one coin falls in the same half, so a parameter
 * set chosen on one half is scored on coins it has never seen (a split by
 * event would let a coin's quirks leak from train to test).
 *
 * Deterministic: split i of seed s shuffles the sorted coin list with the core
 * stream `streamFor(s, 'coin-split', i)`, so the same seed gives the same
 * splits on every machine and no split depends on how many others were made.
 */
import { streamFor } from '../core/index.js';

export interface CoinSplit {
  index: number;
  train: string[];
  test: string[];
}

/** Split `index` of `seed`: the first ⌊n/2⌋ coins of the shuffle train, the rest test; both sorted. */
export function coinSplit(coins: readonly string[], seed: number, index: number): CoinSplit {
  const unique = [...new Set(coins)].sort();
  const order = streamFor(seed, 'coin-split', index).shuffle(unique.slice());
  const half = Math.floor(order.length / 2);
  return { index, train: order.slice(0, half).sort(), test: order.slice(half).sort() };
}

/** `n` splits of one seed. */
export function coinSplits(coins: readonly string[], seed: number, n: number): CoinSplit[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`number of splits must be a positive integer, got ${n}`);
  return Array.from({ length: n }, (_, i) => coinSplit(coins, seed, i));
}
