/**
 * A small market for agent tests: BTC, ALT and ETH (8 decimals each), ALT/BTC
 * (tick 0.00000001, lot 1: 25,000 ticks = 0.00025 BTC) and ETH/BTC (tick
 * 0.000001, lot 0.01: 50,000 ticks = 0.05 BTC; lot 0.001 would make one tick x
 * lot a tenth of a satoshi, which listing refuses), a Simulation around it,
 * and a collector of every event.
 */
import type { AccountId, MarketEvent } from '../../src/core/index.js';
import type { Agent, AgentContext } from '../../src/agents/index.js';
import type { Exchange } from '../../src/exchange/index.js';
import { Simulation } from '../../src/sim/index.js';
import type { MarketMakerParams } from '../../src/agents/market-maker.js';
import type { NoiseTraderParams } from '../../src/agents/noise-trader.js';
import type { BackgroundParams } from '../../src/agents/background.js';

export const BTC = 100_000_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export interface World {
  sim: Simulation;
  ex: Exchange;
  events: MarketEvent[];
  /** Opens an account funded with whole-unit amounts per asset (credited at once). */
  open(funds: Partial<Record<'BTC' | 'ALT' | 'ETH', number>>): AccountId;
  openMany(n: number, funds: Partial<Record<'BTC' | 'ALT' | 'ETH', number>>): AccountId[];
}

export function makeWorld(seed: number, endTime: number): World {
  const sim = new Simulation({ seed, endTime });
  const events: MarketEvent[] = [];
  sim.onEvent((e) => events.push(e));
  const ex = sim.exchange;
  for (const code of ['BTC', 'ALT', 'ETH']) ex.listAsset({ code, decimals: 8, confirmationMs: 10 * MINUTE, withdrawalDelayMs: 5 * MINUTE });
  const fees = { minNotional: 10_000, makerFeeBps: 10, takerFeeBps: 10 };
  ex.listSymbol({ code: 'ALT/BTC', base: 'ALT', quote: 'BTC', tickSize: '0.00000001', lotSize: '1', ...fees });
  ex.listSymbol({ code: 'ETH/BTC', base: 'ETH', quote: 'BTC', tickSize: '0.000001', lotSize: '0.01', ...fees });
  const open = (funds: Partial<Record<'BTC' | 'ALT' | 'ETH', number>>): AccountId => {
    const acc = ex.openAccount();
    for (const [asset, whole] of Object.entries(funds)) {
      if (whole !== undefined && whole > 0) ex.deposit(acc, asset, Math.round(whole * BTC), 'genesis', true);
    }
    return acc;
  };
  return { sim, ex, events, open, openMany: (n, funds) => Array.from({ length: n }, () => open(funds)) };
}

/** Runs `fn` every `everyMs` from `fromMs` (a probe that samples the market, or a scripted actor). */
export class Every implements Agent {
  constructor(
    readonly name: string,
    private readonly everyMs: number,
    private readonly fn: (ctx: AgentContext) => void,
    private readonly fromMs = 0,
  ) {}
  start(ctx: AgentContext): void {
    ctx.wakeAt(this.fromMs);
  }
  onWake(ctx: AgentContext): void {
    this.fn(ctx);
    ctx.wakeIn(this.everyMs);
  }
}

/** Runs `fn` once at `atMs`. */
export class Once implements Agent {
  constructor(
    readonly name: string,
    private readonly atMs: number,
    private readonly fn: (ctx: AgentContext) => void,
  ) {}
  start(ctx: AgentContext): void {
    ctx.wakeAt(this.atMs);
  }
  onWake(ctx: AgentContext): void {
    this.fn(ctx);
  }
}

export function count<T>(items: readonly T[], pred: (x: T) => boolean): number {
  let n = 0;
  for (const x of items) if (pred(x)) n++;
  return n;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)]!;
}

// ------------------------------------------------------------------ presets
// The defaults recommended for a thin coin (ALT/BTC at 0.00025 BTC, about
// 1,300 trades a day) and a liquid major (ETH/BTC at 0.05 BTC).

export const THIN_MAKER: Omit<MarketMakerParams, 'account'> = {
  symbol: 'ALT/BTC',
  ip: '52.14.7.21',
  fairPrice: 25_000,
  levels: 12,
  halfSpreadBps: 40,
  levelStepBps: 60,
  levelQty: 40,
  depthGrowth: 1.25,
  followWeight: 0.3,
  reversionHalfLifeMs: 15 * MINUTE,
  inventorySkewBps: 5,
  maxSkewBps: 300,
  volWidening: 0.5,
  volBaselineBps: 40,
  volAlpha: 0.05,
  maxWidening: 3,
  requoteBps: 15,
  refreshMs: 2000,
  rebalanceBand: 0.5,
};

export const MAJOR_MAKER: Omit<MarketMakerParams, 'account'> = {
  symbol: 'ETH/BTC',
  ip: '52.14.7.22',
  fairPrice: 50_000,
  levels: 15,
  halfSpreadBps: 2,
  levelStepBps: 2,
  levelQty: 50,
  depthGrowth: 1.15,
  followWeight: 0.2,
  reversionHalfLifeMs: 10 * MINUTE,
  inventorySkewBps: 0.2,
  maxSkewBps: 20,
  volWidening: 0.5,
  volBaselineBps: 2,
  volAlpha: 0.05,
  maxWidening: 3,
  requoteBps: 1,
  refreshMs: 1000,
  rebalanceBand: 0.5,
};

export const THIN_NOISE: Omit<NoiseTraderParams, 'accounts'> = {
  symbol: 'ALT/BTC',
  ordersPerDay: 1100,
  buyProbability: 0.5,
  marketShare: 0.5,
  limitOffsetBps: 50,
  limitLifetimeMs: 10 * MINUTE,
  sizeMedianLots: 20,
  sizeSigma: 1,
  channelMix: { web: 0.45, app: 0.4, api: 0.15 },
};

export const MAJOR_NOISE: Omit<NoiseTraderParams, 'accounts'> = {
  symbol: 'ETH/BTC',
  ordersPerDay: 10_000,
  buyProbability: 0.5,
  marketShare: 0.5,
  limitOffsetBps: 5,
  limitLifetimeMs: 2 * MINUTE,
  sizeMedianLots: 20,
  sizeSigma: 1.2,
  channelMix: { web: 0.3, app: 0.4, api: 0.3 },
};

export const PLATFORMS: BackgroundParams['platforms'] = [
  { name: 'BotHub', serverIps: ['34.96.10.1', '34.96.10.2', '34.96.10.3'] },
  { name: 'CopyCat', serverIps: ['35.190.4.7'] },
];

export const BACKGROUND: Omit<BackgroundParams, 'accounts'> = {
  symbols: [
    { symbol: 'ETH/BTC', weight: 0.95 },
    { symbol: 'ALT/BTC', weight: 0.05 },
  ],
  tradesPerAccountPerDay: 2,
  rateSigma: 1,
  tradeFraction: 0.05,
  marketShare: 0.4,
  slippageBps: 50,
  appShare: 0.5,
  sessionMs: 6 * HOUR,
  roamingShare: 0.03,
  platformShare: 0.1,
  platforms: PLATFORMS,
  platformTradeShare: 0.8,
  dormantKeyShare: 0.3,
  transferShare: 0.05,
  transferFraction: 0.1,
};
