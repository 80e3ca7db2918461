/**
 * The shape of a price episode, measured on the bars of a market summary:
 * how far the price rose over its level before the episode, how fast, and how
 * much of the rise it gave back. The calibration tests compare these with the
 * real episodes (CALIBRATION.md).
 */
import type { Bar } from './market-summary.js';

export interface EpisodeShape {
  /** Close of the last bar before the episode started (ticks). */
  before: number;
  /** Highest price from the episode start to `horizonMs` later (ticks). */
  peak: number;
  /** peak / before. */
  peakMultiple: number;
  /** Start of the bar holding the peak, ms after the episode start (bar resolution). */
  peakAfterMs: number;
  /** Last close at or before peak + giveBackMs. */
  after: number;
  /** Share of the rise given back by then: (peak - after) / (peak - before); 0 when nothing rose. */
  givenBack: number;
}

export function episodeShape(
  bars: readonly Bar[],
  barMs: number,
  start: number,
  horizonMs: number,
  giveBackMs: number,
): EpisodeShape | null {
  const startBar = start - (start % barMs);
  let before = 0;
  for (const b of bars) {
    if (b.t >= startBar) break;
    before = b.close;
  }
  if (before === 0) return null;
  let peak = before;
  let peakT = start;
  for (const b of bars) {
    if (b.t < startBar || b.t > start + horizonMs) continue;
    if (b.high > peak) {
      peak = b.high;
      peakT = b.t;
    }
  }
  let after = peak;
  for (const b of bars) {
    if (b.t > peakT + giveBackMs) break;
    if (b.t >= peakT) after = b.close;
  }
  return {
    before,
    peak,
    peakMultiple: peak / before,
    peakAfterMs: Math.max(0, peakT - start),
    after,
    givenBack: peak > before ? (peak - after) / (peak - before) : 0,
  };
}

/** Largest absolute close-to-close move between consecutive bars in [from, to), as a fraction. */
export function largestBarMove(bars: readonly Bar[], from: number, to: number): number {
  let prev = 0;
  let worst = 0;
  for (const b of bars) {
    if (b.t < from || b.t >= to) continue;
    if (prev > 0) worst = Math.max(worst, Math.abs(b.close / prev - 1));
    prev = b.close;
  }
  return worst;
}
