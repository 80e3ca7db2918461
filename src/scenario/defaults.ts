/**
 * Agent parameters a scenario file does not expose: behavioural constants with
 * their sources. A scenario sets the parameters that shape its story; these
 * shape how people and programs act in any market.
 */
export const MARKET_DEFAULTS = {
  maker: {
    maxSkewBps: 200,
    volAlpha: 0.1,
    maxWidening: 4,
    requoteBps: 10,
  },
  noise: {
    buyProbability: 0.5,
    sizeSigma: 1,
    channelMix: { web: 0.5, app: 0.4, api: 0.1 },
  },
  background: {
    rateSigma: 0.8,
    tradeFraction: 0.05,
    marketShare: 0.4,
    slippageBps: 50,
    appShare: 0.5,
    sessionMs: 6 * 3_600_000,
    roamingShare: 0.1,
    platformTradeShare: 0.7,
    transferShare: 0.05,
    transferFraction: 0.2,
  },
  followers: {
    // Hawkes fit on a liquid exchange's trades (CALIBRATION.md): jump 1.18, decay 1.79/s.
    alphaPerSec: 1.18,
    betaPerSec: 1.79,
    entryBuyProb: 0.3,
    idleBuyProb: 0.001,
    appShare: 0.5,
    reactSigma: 0.8,
    buyFractionSigma: 0.5,
    limitShare: 0.3,
    limitSlippageBps: 200,
    holdSigma: 0.7,
    watchMs: 60_000,
    cooldownMs: 6 * 3_600_000,
  },
  whale: {
    jitter: 0.3,
    channel: 'web' as const,
    pollMs: 30_000,
    sellChunks: 6,
  },
  copyTrading: {
    leaderRole: 'background' as const,
    leaderChannel: 'web' as const,
    detectMs: 500,
    // Platform fan-out: copies go out 0.2-3 s after the signal is seen.
    fanOutMinMs: 200,
    fanOutMaxMs: 3_000,
    warmupFraction: 0.02,
  },
};
