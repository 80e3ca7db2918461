/**
 * The whale: one honest account that deposits a large sum of the quote coin,
 * waits for the deposit to be credited, then buys a thin coin in chunks over a
 * few minutes from the web or the app, and may take part of its profit later.
 *
 * Modelled on Binance, 11 December 2022 (CALIBRATION.md): "one user deposited
 * funds and started buying, others followed, no linkage between the accounts"
 * ("hackers don't deposit"). The deposit is a real one, with the asset's
 * confirmation delay, so a fresh deposit of quote currency precedes the buying
 * in the event stream. The buys walk the thin book (a ramping rule may fire on
 * the whale: a false positive); the optional profit-taking sells help the
 * organic pump give back. Followers are the `MomentumFollowers` agent's job.
 *
 * Truth: role `whale`; the organic incident is prepared at the deposit, starts
 * at the first buy order to reach the market, and is extended by the sells.
 */
import type { AccountId } from '../core/index.js';
import { type Exchange, limitOrder, marketBuyFor, marketOrder, type RequestSource } from '../exchange/index.js';
import type { Agent, AgentContext, AgentInfo } from './agent.js';
import type { IncidentRecorder } from './truth-recorder.js';

export interface WhaleParams {
  /** The thin coin's symbol, e.g. `ALT/BTC`; the deposit is made in its quote asset. */
  symbol: string;
  /** The whale's account (already opened; any opening balance is left alone). */
  account: AccountId;
  /** The organic incident: `id` (default `organic-<agent name>`) and `models`, the real episode it stands for. */
  incident: { id?: string; models: string };
  /** When the deposit is seen on chain, sim ms. */
  depositAt: number;
  /** Size of the deposit, quote asset units (e.g. satoshi). */
  depositAmount: number;
  /** Deposit address on chain (a string); default `ext-<agent name>`. */
  depositAddress?: string;
  /** Share of the deposit spent on the coin over all chunks, in (0, 1]. */
  spendFraction: number;
  /** Time from the first to the last buy chunk, ms. */
  buyDuration: number;
  /** Number of buy orders (>= 1). */
  chunks: number;
  /** Jitter of the chunk times, in [0, 1]: each chunk but the first and last moves by up to ±jitter/2 of the interval (0 = evenly spaced). */
  jitter: number;
  /** `market`: market buys by quote amount; `limit`: IOC limits at the best ask + `maxSlippageBps`. */
  style: 'market' | 'limit';
  /** Limit style only: price of each IOC buy above the best ask (and of each sell below the best bid), basis points. */
  maxSlippageBps: number;
  /** The whale trades from a browser (`web`) or the mobile `app`. */
  channel: 'web' | 'app';
  /** How often the whale checks its balance for the credit, ms. */
  pollMs: number;
  /** Wait after the last buy before taking profit, ms; null never sells. */
  holdMs: number | null;
  /** Share of the coin bought that is sold when taking profit, in [0, 1]. */
  sellFraction: number;
  /** Number of sell orders (>= 1). */
  sellChunks: number;
  /** Time from the first to the last sell chunk, ms. */
  sellDuration: number;
}

export const WHALE_INFO: AgentInfo = {
  kind: 'whale',
  summary: 'deposits quote currency, waits for the credit, buys a thin coin in chunks (web/app), optionally takes profit',
  params: {
    symbol: 'the coin, e.g. ALT/BTC; the deposit is in its quote asset',
    depositAt: 'when the deposit is seen on chain, ms',
    depositAmount: 'deposit size, quote asset units',
    spendFraction: 'share of the deposit spent on the coin, 0..1',
    'buyDuration/chunks/jitter': 'buying spread over buyDuration ms in chunks orders, times jittered by a share of the interval',
    style: 'market (buy by quote amount) or limit (IOC at best ask + maxSlippageBps)',
    maxSlippageBps: 'limit style: how far through the touch each IOC is priced, bps',
    channel: 'web or app',
    pollMs: 'how often the balance is checked for the credit, ms',
    holdMs: 'wait after the last buy before selling, ms (null: never sells)',
    'sellFraction/sellChunks/sellDuration': 'share of the coin bought that is sold, in how many orders over how many ms',
  },
};

const DEPOSIT = 0;
const POLL = 1;
const BUY = 2;
const TAKE_PROFIT = 3;
const SELL = 4;

export class Whale implements Agent {
  private incident!: IncidentRecorder;
  private source!: RequestSource;
  private quoteAsset = '';
  private baseAsset = '';
  /** Available quote before the deposit, then at the credit (the buying budget is measured against it). */
  private quoteMark = 0;
  /** Available base when buying started: what is above it was bought. */
  private baseMark = 0;
  private budget = 0;
  private buysSent = 0;
  private sellsSent = 0;
  private lotsToSell = 0;
  private lastBuyAt = 0;

  constructor(
    readonly name: string,
    private readonly p: WhaleParams,
  ) {
    if (!(p.chunks >= 1) || !(p.sellChunks >= 1)) throw new RangeError(`${name}: chunks and sellChunks must be >= 1`);
    if (!(p.spendFraction > 0 && p.spendFraction <= 1)) throw new RangeError(`${name}: spendFraction must be in (0, 1]`);
  }

  start(ctx: AgentContext): void {
    const p = this.p;
    const info = ctx.exchange.symbolInfo(p.symbol);
    this.quoteAsset = info.quote;
    this.baseAsset = info.base;
    const rng = ctx.rng;
    this.source = {
      channel: p.channel,
      ip: `${rng.int(24, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      device: `dev-${this.name}-${rng.int(0, 0xffffff).toString(16)}`,
    };
    ctx.truth.role(p.account, 'whale', this.name);
    this.incident = ctx.truth.incident(p.incident.id ?? `organic-${this.name}`, 'organic', p.symbol, p.incident.models);
    this.incident.involve(p.account, 'whale');
    ctx.wakeAt(p.depositAt, DEPOSIT);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag === DEPOSIT) this.deposit(ctx);
    else if (tag === POLL) this.poll(ctx);
    else if (tag === BUY) this.buy(ctx);
    else if (tag === TAKE_PROFIT) this.takeProfit(ctx);
    else if (tag === SELL) this.sell(ctx);
  }

  /** The deposit is seen on chain now and credited after the asset's confirmation delay. */
  private deposit(ctx: AgentContext): void {
    const p = this.p;
    this.quoteMark = ctx.exchange.balance(p.account, this.quoteAsset).available;
    const r = ctx.exchange.deposit(p.account, this.quoteAsset, p.depositAmount, p.depositAddress ?? `ext-${this.name}`);
    if (typeof r === 'string') return; // refused: nothing will be credited
    this.incident.prep(ctx.now);
    ctx.wakeIn(p.pollMs, POLL);
  }

  /** Checks for the credit; once there, logs in and plans the buy chunks. */
  private poll(ctx: AgentContext): void {
    const p = this.p;
    const ex = ctx.exchange;
    const avail = ex.balance(p.account, this.quoteAsset).available;
    if (avail < this.quoteMark + p.depositAmount) {
      ctx.wakeIn(p.pollMs, POLL);
      return;
    }
    ex.login(p.account, p.channel, this.source.ip, this.source.device);
    this.quoteMark = avail;
    this.baseMark = ex.balance(p.account, this.baseAsset).available;
    this.budget = Math.floor(p.depositAmount * p.spendFraction);
    this.lastBuyAt = this.schedule(ctx, p.chunks, p.buyDuration, BUY);
  }

  /**
   * Wakes `n` times over `duration` ms from now: the first at once, the last
   * at the end, the others at evenly spaced times each moved by up to
   * ±jitter/2 of the interval (so they stay in order). Returns the last time.
   */
  private schedule(ctx: AgentContext, n: number, duration: number, tag: number): number {
    const step = n > 1 ? duration / (n - 1) : 0;
    const jitter = Math.min(1, Math.max(0, this.p.jitter));
    let last = ctx.now;
    for (let k = 0; k < n; k++) {
      const shift = k === 0 || k === n - 1 ? 0 : step * jitter * (ctx.rng.float() - 0.5);
      last = Math.round(ctx.now + k * step + shift);
      ctx.wakeAt(last, tag);
    }
    return last;
  }

  /** One buy chunk: an equal share of what is left of the budget, measured when the order arrives. */
  private buy(ctx: AgentContext): void {
    const p = this.p;
    const chunk = this.buysSent++;
    ctx.send(p.channel, (ex) => {
      const info = ex.symbolInfo(p.symbol);
      const spent = this.quoteMark - ex.balance(p.account, this.quoteAsset).available;
      const amount = Math.floor((this.budget - spent) / (p.chunks - chunk));
      if (amount < Math.max(info.minNotional, info.quoteUnitsPerTickLot)) return;
      let r: ReturnType<Exchange['placeOrder']>;
      if (p.style === 'market') {
        r = ex.placeOrder(marketBuyFor(p.account, p.symbol, amount, this.source));
      } else {
        const ask = ex.book(p.symbol).bestAsk();
        if (ask === 0) return;
        const price = Math.ceil((ask * (10_000 + p.maxSlippageBps)) / 10_000);
        const qty = Math.floor(amount / (price * info.quoteUnitsPerTickLot));
        if (qty <= 0) return;
        r = ex.placeOrder(limitOrder(p.account, p.symbol, 'buy', price, qty, this.source, 'ioc'));
      }
      if (r.ok) this.incident.act(ex.now);
    });
    if (this.buysSent === p.chunks && p.holdMs !== null && p.sellFraction > 0) {
      ctx.wakeAt(this.lastBuyAt + p.holdMs, TAKE_PROFIT);
    }
  }

  /** Fixes how much of the coin bought to sell and plans the sell chunks. */
  private takeProfit(ctx: AgentContext): void {
    const p = this.p;
    const ex = ctx.exchange;
    const bought = Math.max(0, ex.balance(p.account, this.baseAsset).available - this.baseMark);
    this.lotsToSell = Math.floor((bought * Math.min(1, p.sellFraction)) / ex.symbolInfo(p.symbol).baseUnitsPerLot);
    if (this.lotsToSell === 0) return;
    ex.login(p.account, p.channel, this.source.ip, this.source.device);
    this.schedule(ctx, p.sellChunks, p.sellDuration, SELL);
  }

  /** One sell chunk: an equal share of the lots to sell (the first chunks take the remainder). */
  private sell(ctx: AgentContext): void {
    const p = this.p;
    const chunk = this.sellsSent++;
    const qty = Math.floor(this.lotsToSell / p.sellChunks) + (chunk < this.lotsToSell % p.sellChunks ? 1 : 0);
    if (qty <= 0) return;
    ctx.send(p.channel, (ex) => {
      const held = Math.floor(ex.balance(p.account, this.baseAsset).available / ex.symbolInfo(p.symbol).baseUnitsPerLot);
      const q = Math.min(qty, held);
      if (q <= 0) return;
      let r: ReturnType<Exchange['placeOrder']>;
      if (p.style === 'market') {
        r = ex.placeOrder(marketOrder(p.account, p.symbol, 'sell', q, this.source));
      } else {
        const bid = ex.book(p.symbol).bestBid();
        if (bid === 0) return;
        const price = Math.max(1, Math.floor((bid * (10_000 - p.maxSlippageBps)) / 10_000));
        r = ex.placeOrder(limitOrder(p.account, p.symbol, 'sell', price, q, this.source, 'ioc'));
      }
      if (r.ok) this.incident.extend(ex.now);
    });
  }
}
