/**
 * Do the pump rules' thresholds stay quiet on organic moves? The NatSD set
 * (../shared/realdata/natsd-organic-spikes) has 324 natural spikes and
 * drawdowns of BTC, ETH and XRP against USDT (1-minute candles with |return|
 * ≥ 3%) and La Morgia-style features of 15 s chunks around them, but no
 * trades, so the rules cannot be replayed. What can be mapped:
 *
 * - **Direction.** Both rules fire on upward moves only (price-volume's
 *   default `direction: up`; rush-orders counts buy taker orders and needs a
 *   rise): every drawdown stays quiet by construction.
 * - **Price.** price-volume needs a return ≥ `minReturn` (5%) over a sliding
 *   1 min window: the candle's open → close is one such window and open →
 *   high bounds every window inside the minute, so "high/open − 1 ≥ 5%"
 *   is an upper bound of the spikes that pass its price test (the sliding
 *   window may also straddle two candles: not covered). rush-orders needs a
 *   rise ≥ `minRise` (3%) within ≤ 25 s: again bounded by high/open − 1 ≥ 3%.
 * - **Features (analogue only).** The features are percent changes of rolling
 *   statistics of per-chunk counts with a rolling window we do not know, not
 *   the rules' counts against the symbol's per-minute peaks; "rush orders"
 *   there are milliseconds with several buy fills. So only an analogue is
 *   possible: the share of organic events with a chunk where both
 *   std_rush_order and avg_price_max reach the median (or the 10th
 *   percentile) of La Morgia's labelled pump chunks (label_15S.csv).
 *
 * Not mappable: the volume tests (ratio and z-score against the symbol's own
 * hour) and the z-score of rush orders against per-minute peaks, which need
 * the trades; and the minimum taker-order counts.
 */
import { percentile } from './pump-figures.js';

export interface NatsdCandle {
  unixMs: number;
  symbol: string;
  open: number;
  high: number;
  close: number;
  /** 'Spike' or 'Drawdown'. */
  type: string;
}

export interface FeatureChunk {
  /** Groups the chunks of one natural event (or one pump). */
  index: string;
  stdRushOrder: number;
  avgPriceMax: number;
}

export interface NatsdFigures {
  spikes: number;
  drawdowns: number;
  /** Upward spikes whose candle high/open reaches each rule's price threshold (an upper bound of passing the price test). */
  priceVolumeReturnUpperBound: { threshold: number; pass: number };
  rushOrdersRiseUpperBound: { threshold: number; pass: number };
  /** Spikes whose own candle open → close reaches price-volume's minReturn. */
  priceVolumeReturnCandle: number;
  features: {
    organicEvents: number;
    pumpChunks: number;
    atPumpMedian: { stdRushOrder: number; avgPriceMax: number; eventsPassing: number };
    atPumpP10: { stdRushOrder: number; avgPriceMax: number; eventsPassing: number };
  };
}

function eventsPassing(chunks: readonly FeatureChunk[], r: number, p: number): number {
  const passing = new Set<string>();
  for (const c of chunks) if (c.stdRushOrder >= r && c.avgPriceMax >= p) passing.add(c.index);
  return passing.size;
}

/** The checks of the file header, for price-volume's `minReturn` and rush-orders' `minRise`. */
export function natsdFigures(
  candles: readonly NatsdCandle[],
  organic: readonly FeatureChunk[],
  pumps: readonly FeatureChunk[],
  thresholds: { minReturn: number; minRise: number },
): NatsdFigures {
  const spikes = candles.filter((c) => c.type === 'Spike');
  const up = (c: NatsdCandle) => c.high / c.open - 1;
  const level = (q: number) => ({
    stdRushOrder: percentile(pumps.map((c) => c.stdRushOrder), q) ?? Infinity,
    avgPriceMax: percentile(pumps.map((c) => c.avgPriceMax), q) ?? Infinity,
  });
  const med = level(0.5);
  const p10 = level(0.1);
  return {
    spikes: spikes.length,
    drawdowns: candles.filter((c) => c.type === 'Drawdown').length,
    priceVolumeReturnUpperBound: { threshold: thresholds.minReturn, pass: spikes.filter((c) => up(c) >= thresholds.minReturn).length },
    rushOrdersRiseUpperBound: { threshold: thresholds.minRise, pass: spikes.filter((c) => up(c) >= thresholds.minRise).length },
    priceVolumeReturnCandle: spikes.filter((c) => c.close / c.open - 1 >= thresholds.minReturn).length,
    features: {
      organicEvents: new Set(organic.map((c) => c.index)).size,
      pumpChunks: pumps.length,
      atPumpMedian: { ...med, eventsPassing: eventsPassing(organic, med.stdRushOrder, med.avgPriceMax) },
      atPumpP10: { ...p10, eventsPassing: eventsPassing(organic, p10.stdRushOrder, p10.avgPriceMax) },
    },
  };
}
