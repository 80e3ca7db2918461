/**
 * Fewer bars for a chart: bars merged into equal time buckets (a whole
 * number of bar widths), so a long series stays a few hundred points. A
 * merged bar opens with the first, closes with the last, takes the extremes
 * of high and low and sums the volumes. Deterministic and exact on integers.
 */
import type { Bar } from '../evaluate/index.js';

/** The most bars a chart draws. */
export const MAX_CHART_BARS = 600;

/** Bars in [from, to), merged into buckets of `bucketMs` (a multiple of `barMs`) when there would be more than `max`. */
export function downsampleBars(bars: readonly Bar[], barMs: number, from: number, to: number, max = MAX_CHART_BARS): { bars: Bar[]; bucketMs: number } {
  const inside = bars.filter((b) => b.t >= from && b.t < to);
  const slots = Math.max(1, Math.ceil((to - from) / barMs));
  const factor = Math.max(1, Math.ceil(slots / max));
  const bucketMs = barMs * factor;
  if (factor === 1) return { bars: inside.map((b) => ({ ...b })), bucketMs };
  const out: Bar[] = [];
  for (const b of inside) {
    const t = from + Math.floor((b.t - from) / bucketMs) * bucketMs;
    const last = out[out.length - 1];
    if (last === undefined || last.t !== t) {
      out.push({ ...b, t });
      continue;
    }
    last.high = Math.max(last.high, b.high);
    last.low = Math.min(last.low, b.low);
    last.close = b.close;
    last.qty += b.qty;
    last.quote += b.quote;
    last.trades += b.trades;
    last.buyQty += b.buyQty;
  }
  return { bars: out, bucketMs };
}
