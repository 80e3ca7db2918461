/**
 * How long a request takes to reach the exchange, by channel: a fixed base
 * plus exponential jitter drawn from the sending agent's own stream. API
 * clients (bots, third-party platforms) sit close to the exchange; people on
 * the web or in an app are slower and more spread.
 */
export interface ChannelLatency {
  baseMs: number;
  jitterMeanMs: number;
}

export type LatencyModel = Record<'web' | 'app' | 'api', ChannelLatency>;

export const DEFAULT_LATENCY: LatencyModel = {
  api: { baseMs: 5, jitterMeanMs: 10 },
  app: { baseMs: 80, jitterMeanMs: 60 },
  web: { baseMs: 120, jitterMeanMs: 90 },
};
