/** Public face of evaluate/: what happened in the market, and (later) how rules did against the truth. */
export { MarketSummaryBuilder, type MarketSummary, type Bar } from './market-summary.js';
export { episodeShape, largestBarMove, type EpisodeShape } from './episode-shape.js';
