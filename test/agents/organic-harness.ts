/**
 * A small hand-built market for the organic agents' tests: BTC, ALT and ETH
 * (8 decimals), ALT/BTC (tick 0.00000001, lot 1) and ETH/BTC (tick 0.00001,
 * lot 0.001), a liquidity provider that keeps a ladder of asks and bids around
 * a price, and an event collector. Independent of the real market maker.
 */
import type { AccountId, MarketEvent, OrderId } from '../../src/core/index.js';
import type { Agent, AgentContext } from '../../src/agents/index.js';
import { Simulation } from '../../src/sim/index.js';
import type { WhaleParams } from '../../src/agents/whale.js';
import type { MomentumFollowerParams } from '../../src/agents/momentum-follower.js';

export const BTC = 100_000_000;
/** 0.00025 BTC in ALT/BTC ticks. */
export const ALT_PRICE = 25_000;

export interface MarketOptions {
  seed: number;
  endTime: number;
  /** BTC deposit confirmation, ms. */
  btcConfirmationMs?: number;
}

export interface Harness {
  sim: Simulation;
  events: MarketEvent[];
  /** Opens an account with opening balances (asset -> units), credited at once. */
  account(balances: Record<string, number>): AccountId;
}

export function market(o: MarketOptions): Harness {
  const sim = new Simulation({ seed: o.seed, endTime: o.endTime });
  const events: MarketEvent[] = [];
  sim.onEvent((e) => events.push(e));
  const ex = sim.exchange;
  ex.listAsset({ code: 'BTC', decimals: 8, confirmationMs: o.btcConfirmationMs ?? 60_000, withdrawalDelayMs: 60_000 });
  ex.listAsset({ code: 'ALT', decimals: 8, confirmationMs: 60_000, withdrawalDelayMs: 60_000 });
  ex.listAsset({ code: 'ETH', decimals: 8, confirmationMs: 60_000, withdrawalDelayMs: 60_000 });
  const fees = { makerFeeBps: 10, takerFeeBps: 10 };
  ex.listSymbol({ code: 'ALT/BTC', base: 'ALT', quote: 'BTC', tickSize: '0.00000001', lotSize: '1', minNotional: 10_000, ...fees });
  ex.listSymbol({ code: 'ETH/BTC', base: 'ETH', quote: 'BTC', tickSize: '0.00001', lotSize: '0.001', minNotional: 10_000, ...fees });
  return {
    sim,
    events,
    account(balances) {
      const a = ex.openAccount();
      for (const [asset, amount] of Object.entries(balances)) ex.deposit(a, asset, amount, `addr-${a}`, true);
      return a;
    },
  };
}

export interface LadderParams {
  symbol: string;
  account: AccountId;
  /** Price the ladder is first centred on, ticks. */
  price: number;
  levels: number;
  /** Distance between levels (and from the centre to the first level), bps. */
  stepBps: number;
  /** Lots per level. */
  qty: number;
  /** Re-centre the ladder on the last trade price this often (ms); 0 keeps it static. */
  requoteMs: number;
}

/**
 * A liquidity provider: `levels` asks above and bids below a centre price.
 * Static, or re-quoted every `requoteMs` around the last trade (cancel all,
 * place again as far as its balances allow), so a pump can also fade.
 */
export class Ladder implements Agent {
  private orders: OrderId[] = [];
  private last: number;

  constructor(
    readonly name: string,
    private readonly p: LadderParams,
  ) {
    this.last = p.price;
  }

  start(ctx: AgentContext): void {
    ctx.truth.role(this.p.account, 'maker', this.name);
    ctx.subscribe(this.p.symbol);
    this.quote(ctx);
    if (this.p.requoteMs > 0) ctx.wakeIn(this.p.requoteMs);
  }

  onMarketData(_ctx: AgentContext, u: { trades: readonly { price: number }[] }): void {
    const t = u.trades[u.trades.length - 1];
    if (t !== undefined) this.last = t.price;
  }

  onWake(ctx: AgentContext): void {
    ctx.send('web', () => this.quote(ctx));
    ctx.wakeIn(this.p.requoteMs);
  }

  private quote(ctx: AgentContext): void {
    const { symbol, account, levels, stepBps, qty } = this.p;
    const ex = ctx.exchange;
    for (const o of this.orders) ex.cancelOrder(account, o);
    this.orders = [];
    const source = { channel: 'web' as const, ip: '10.0.0.1', device: 'maker-box' };
    for (let i = 1; i <= levels; i++) {
      const ask = Math.round(this.last * (1 + (i * stepBps) / 10_000));
      const bid = Math.round(this.last * (1 - (i * stepBps) / 10_000));
      for (const [side, price] of [['sell', ask], ['buy', bid]] as const) {
        if (price <= 0) continue;
        const r = ex.placeOrder({ account, symbol, side, kind: 'limit', price, qty, source });
        if (r.ok && ex.book(symbol).has(r.order)) this.orders.push(r.order);
      }
    }
  }
}

/**
 * Market orders at the given times: buys of `amount` quote units (a price push
 * without a whale) or sells of `amount` lots (a dump).
 */
export class Pusher implements Agent {
  constructor(
    readonly name: string,
    private readonly symbol: string,
    private readonly account: AccountId,
    private readonly at: number[],
    private readonly amount: number,
    private readonly side: 'buy' | 'sell' = 'buy',
  ) {}

  start(ctx: AgentContext): void {
    ctx.truth.role(this.account, 'background', this.name);
    for (const t of this.at) ctx.wakeAt(t);
  }

  onWake(ctx: AgentContext): void {
    const source = { channel: 'web' as const, ip: `10.9.9.${this.side === 'buy' ? 1 : 2}`, device: this.name };
    const size = this.side === 'buy' ? { quoteQty: this.amount } : { qty: this.amount };
    ctx.send('web', (ex) =>
      ex.placeOrder({ account: this.account, symbol: this.symbol, side: this.side, kind: 'market', ...size, source }),
    );
  }
}

/**
 * Trades without a trend and without touching the ladder: every `everyMs` one
 * account rests `qty` lots at the mid and the other takes them, sides
 * alternating.
 */
export class Chatter implements Agent {
  private n = 0;
  constructor(
    readonly name: string,
    private readonly symbol: string,
    private readonly accounts: readonly [AccountId, AccountId],
    private readonly everyMs: number,
    private readonly qty: number,
  ) {}

  start(ctx: AgentContext): void {
    for (const a of this.accounts) ctx.truth.role(a, 'background', this.name);
    ctx.wakeIn(this.everyMs);
  }

  onWake(ctx: AgentContext): void {
    const [maker, taker] = this.accounts;
    const side = this.n++ % 2 === 0 ? 'buy' : 'sell';
    const source = { channel: 'web' as const, ip: '10.8.8.8', device: 'chatter' };
    ctx.send('web', (ex) => {
      const book = ex.book(this.symbol);
      const bid = book.bestBid();
      const ask = book.bestAsk();
      if (bid === 0 || ask === 0 || ask - bid < 2) return;
      const price = Math.floor((bid + ask) / 2);
      const other = side === 'buy' ? 'sell' : 'buy';
      ex.placeOrder({ account: maker, symbol: this.symbol, side: other, kind: 'limit', price, qty: this.qty, source });
      ex.placeOrder({ account: taker, symbol: this.symbol, side, kind: 'limit', tif: 'ioc', price, qty: this.qty, source });
    });
    ctx.wakeIn(this.everyMs);
  }
}

export type Trade = Extract<MarketEvent, { type: 'trade' }>;
export type Accepted = Extract<MarketEvent, { type: 'order-accepted' }>;

export const tradesOf = (events: MarketEvent[], symbol: string): Trade[] =>
  events.filter((e): e is Trade => e.type === 'trade' && e.symbol === symbol);

export const ordersOf = (events: MarketEvent[], accounts: readonly number[]): Accepted[] => {
  const set = new Set(accounts);
  return events.filter((e): e is Accepted => e.type === 'order-accepted' && set.has(e.account));
};

/** The December-2022-style defaults recommended for a whale (ALT/BTC at 0.00025 BTC, thin book). */
export function whaleParams(account: AccountId, overrides: Partial<WhaleParams> = {}): WhaleParams {
  return {
    symbol: 'ALT/BTC',
    account,
    incident: { models: 'binance-2022-12-11' },
    depositAt: 10 * 60_000,
    depositAmount: 5 * BTC,
    spendFraction: 0.8,
    buyDuration: 4 * 60_000,
    chunks: 12,
    jitter: 0.6,
    style: 'market',
    maxSlippageBps: 300,
    channel: 'web',
    pollMs: 20_000,
    holdMs: 15 * 60_000,
    sellFraction: 0.6,
    sellChunks: 6,
    sellDuration: 10 * 60_000,
    ...overrides,
  };
}

/** The December-2022-style defaults recommended for the followers. */
export function followerParams(accounts: AccountId[], overrides: Partial<MomentumFollowerParams> = {}): MomentumFollowerParams {
  return {
    symbol: 'ALT/BTC',
    accounts,
    incident: { id: 'organic-whale', models: 'binance-2022-12-11', from: 0, until: Number.MAX_SAFE_INTEGER },
    baseRatePerDay: 1300,
    alphaPerSec: 1.18,
    betaPerSec: 1.79,
    excitation: 1,
    lookbackMs: 5 * 60_000,
    entryReturnBps: 1000,
    entryBuyProb: 0.3,
    idleBuyProb: 0.01,
    appShare: 0.5,
    reactMedianMs: 8000,
    reactSigma: 0.8,
    buyFractionMedian: 0.3,
    buyFractionSigma: 0.6,
    limitShare: 0.2,
    limitSlippageBps: 200,
    holdMedianMs: 15 * 60_000,
    holdSigma: 0.7,
    stopLossBps: 1500,
    watchMs: 30_000,
    cooldownMs: 6 * 3_600_000,
    ...overrides,
  };
}

/** Quote balances of a follower population: log-spread from 0.02 to ~0.6 BTC, deterministic. */
export function followerAccounts(h: Harness, n: number): AccountId[] {
  return Array.from({ length: n }, (_, i) => h.account({ BTC: Math.round(0.02 * BTC * Math.exp((i % 17) / 5)) }));
}

/** Last trade price at or before t (the start price before any trade). */
export function priceAt(trades: readonly Trade[], t: number, start = ALT_PRICE): number {
  let p = start;
  for (const tr of trades) {
    if (tr.t > t) break;
    p = tr.price;
  }
  return p;
}
