/**
 * Momentum followers: a population of honest, unrelated accounts that pile
 * into a coin on their own when it moves, each from its own device and IP,
 * through the web or the app, with its own funds; and get out later.
 *
 * Attention is a self-exciting (Hawkes) process on the coin's trades, as fitted
 * on a liquid exchange (CALIBRATION.md, follower dynamics): intensity
 * λ(t) = μ + Σ α·exp(−β(t − t_i)) over the trades t_i seen in market data,
 * with α = 1.18/s and β = 1.79/s (one trade's excitation fades in under a
 * second; α/β ≈ 0.66 of trades triggered by earlier ones) scaled by
 * `excitation`, and a base rate μ scaled to the coin (the small caps in
 * realdata trade a median of about 1,300 times a day). Each event of the
 * process is one follower looking at the coin, simulated by Ogata thinning on
 * the agent's stream with O(1) state: the excitation sum decayed since the
 * last update.
 *
 * A look becomes a buy when the coin's return over `lookbackMs` exceeds
 * `entryReturnBps` (momentum: the chance grows with the move), and only rarely
 * otherwise. The buyer is a follower that has not bought yet (each buys at most
 * once); it acts after a human delay (log-normal, median several seconds:
 * organic followers are slower and more spread than coordinated groups, which
 * react 0.5–1 s apart within 3–8 s, La Morgia et al. 2020), with a market buy
 * of a share of its quote balance or a limit near the ask. It sells what it
 * bought after a holding time (log-normal, minutes) or when the price falls
 * `stopLossBps` below its entry (seen at its glances, every `watchMs` on
 * average): the give-back of an organic pump.
 */
import type { AccountId, OrderId } from '../core/index.js';
import { type Exchange, limitOrder, marketBuyFor, marketOrder } from '../exchange/index.js';
import { deviceId, homeIp } from './identity.js';
import type { Agent, AgentContext, AgentInfo, MarketUpdate } from './agent.js';
import type { IncidentRecorder } from './truth-recorder.js';

export interface MomentumFollowerParams {
  /** The coin's symbol, e.g. `ALT/BTC`; followers spend its quote asset. */
  symbol: string;
  /** The follower accounts (already opened and funded with the quote asset). */
  accounts: AccountId[];
  /**
   * When given, momentum buyers are involved in this organic incident as
   * `follower` and their buys `act` on it, from `from` (sim ms, the episode's
   * own start: followers chasing an earlier, unrelated move are not part of it)
   * to `until` (when the episode is over).
   */
  incident?: { id: string; models: string; from: number; until: number };
  /** Base rate μ of looks at the coin without excitation, per day (CALIBRATION: ~1,300 trades/day for small caps). */
  baseRatePerDay: number;
  /** Jump α of the intensity per observed trade, per second (CALIBRATION: 1.18). */
  alphaPerSec: number;
  /** Decay β of the excitation, per second (CALIBRATION: 1.79). */
  betaPerSec: number;
  /** Multiplier on α (1 = the calibrated fit; above ~1.5 attention is explosive until followers run out). */
  excitation: number;
  /** Window of the momentum return, ms. */
  lookbackMs: number;
  /** Return over the lookback above which a look may become a buy, basis points. */
  entryReturnBps: number;
  /** Chance that a look at exactly the entry return becomes a buy; grows in proportion to the return, capped at 1. */
  entryBuyProb: number;
  /** Chance that a look becomes a buy when the return is below the entry threshold. */
  idleBuyProb: number;
  /** Share of followers on the mobile app (the rest use the web). */
  appShare: number;
  /** Median human delay from a look to the order, ms (log-normal). */
  reactMedianMs: number;
  /** Log-sigma of the human delay. */
  reactSigma: number;
  /** Median share of the quote balance a buy spends (log-normal, clamped to [0.01, 1]). */
  buyFractionMedian: number;
  /** Log-sigma of the share spent. */
  buyFractionSigma: number;
  /** Share of buys placed as a limit near the ask (GTC, may rest) rather than a market buy by quote amount. */
  limitShare: number;
  /** Price of a limit buy above the best ask, basis points. */
  limitSlippageBps: number;
  /** Median holding time before selling, ms (log-normal). */
  holdMedianMs: number;
  /** Log-sigma of the holding time. */
  holdSigma: number;
  /** Sell when, at one of its glances, the last price is this far below the entry ask, basis points. */
  stopLossBps: number;
  /** Mean time between a holder's glances at the price (exponential), ms. */
  watchMs: number;
  /** After selling (or giving up), a follower may chase another move this long later, ms. */
  cooldownMs: number;
}

export const MOMENTUM_FOLLOWER_INFO: AgentInfo = {
  kind: 'momentum-follower',
  summary: 'unrelated web/app accounts that pile into a moving coin (Hawkes attention on its trades) and sell later',
  params: {
    baseRatePerDay: 'base rate of looks at the coin, per day',
    'alphaPerSec/betaPerSec/excitation': 'Hawkes jump per trade and decay, per second (1.18, 1.79), jump scaled by excitation',
    'lookbackMs/entryReturnBps': 'a look may become a buy when the return over lookbackMs exceeds entryReturnBps',
    'entryBuyProb/idleBuyProb': 'chance a look buys at the entry return (grows with the move) and below it',
    'reactMedianMs/reactSigma': 'human delay from look to order, log-normal, ms',
    'buyFractionMedian/buyFractionSigma': 'share of the quote balance spent, log-normal',
    'limitShare/limitSlippageBps': 'share of limit buys near the ask, and their price above the ask in bps',
    'holdMedianMs/holdSigma': 'holding time before selling, log-normal, ms',
    'stopLossBps/watchMs': 'sell when a glance (every watchMs on average) finds the price this far below the entry, bps',
    appShare: 'share of followers using the app rather than the web',
  },
};

/** Wake tags: kind + KINDS x index (a generation for LOOK, a follower index otherwise). */
const LOOK = 0;
const BUY = 1;
const WATCH = 2;
const RETURN = 3;
const KINDS = 4;
/** Follower states (0: has not bought). */
const BUYING = 1;
const HOLDING = 2;
const DONE = 3;
/** Buckets of the momentum window (the ring holds BUCKETS + 1 closes). */
const BUCKETS = 16;
const MS_PER_DAY = 86_400_000;

/** A follower's own browser or phone session. */
interface Session {
  channel: 'web' | 'app';
  ip: string;
  device: string;
}

export class MomentumFollowers implements Agent {
  private incident: IncidentRecorder | null = null;
  private sources: Session[] = [];
  private readonly state: Uint8Array;
  private readonly momentum: Uint8Array;
  private readonly baseMark: Float64Array;
  private readonly stop: Float64Array;
  private readonly exitAt: Float64Array;
  private readonly openOrder: Float64Array;
  /** Followers that have not bought yet: the first `unusedCount` entries. */
  private readonly unused: Int32Array;
  private unusedCount: number;
  // Hawkes state: excitation (per ms) as of `excitedAt`, and the generation of the pending look.
  private excite = 0;
  private excitedAt = 0;
  private generation = 0;
  /** The thinning bound (per ms) the pending look was drawn with. */
  private bound = 0;
  // Momentum: last price and a ring of bucket closes over the lookback.
  private lastPrice = 0;
  private readonly closes = new Float64Array(BUCKETS + 1);
  private bucket = 0;
  private readonly mu: number;
  private readonly alpha: number;
  private readonly beta: number;
  private readonly bucketMs: number;

  constructor(
    readonly name: string,
    private readonly p: MomentumFollowerParams,
  ) {
    const n = p.accounts.length;
    this.state = new Uint8Array(n);
    this.momentum = new Uint8Array(n);
    this.baseMark = new Float64Array(n);
    this.stop = new Float64Array(n);
    this.exitAt = new Float64Array(n);
    this.openOrder = new Float64Array(n);
    this.unused = Int32Array.from(p.accounts.keys());
    this.unusedCount = n;
    this.mu = p.baseRatePerDay / MS_PER_DAY;
    this.alpha = (p.alphaPerSec * p.excitation) / 1000;
    this.beta = p.betaPerSec / 1000;
    this.bucketMs = Math.max(1, p.lookbackMs / BUCKETS);
  }

  start(ctx: AgentContext): void {
    const p = this.p;
    const rng = ctx.rng;
    if (p.incident !== undefined) this.incident = ctx.truth.incident(p.incident.id, 'organic', p.symbol, p.incident.models);
    this.sources = p.accounts.map((account) => {
      ctx.truth.role(account, 'follower', this.name);
      return {
        channel: rng.chance(p.appShare) ? ('app' as const) : ('web' as const),
        ip: homeIp(rng),
        device: deviceId(rng),
      };
    });
    const book = ctx.exchange.book(p.symbol);
    const bid = book.bestBid();
    const ask = book.bestAsk();
    this.lastPrice = bid > 0 && ask > 0 ? (bid + ask) / 2 : bid || ask;
    this.closes.fill(this.lastPrice);
    this.bucket = Math.floor(ctx.now / this.bucketMs);
    ctx.subscribe(p.symbol);
    this.planLook(ctx);
  }

  /** The attention intensity at time t (>= the last update), per second. */
  intensity(t: number): number {
    return (this.mu + this.excite * Math.exp(-this.beta * (t - this.excitedAt))) * 1000;
  }

  /** The return over the lookback as of t (>= the last observation), basis points. */
  returnBps(t: number): number {
    this.roll(t);
    const ref = this.closes[(this.bucket + 1) % (BUCKETS + 1)]!;
    return ref > 0 ? ((this.lastPrice - ref) * 10_000) / ref : 0;
  }

  onMarketData(ctx: AgentContext, u: MarketUpdate): void {
    const n = u.trades.length;
    if (u.symbol !== this.p.symbol || n === 0) return;
    const now = ctx.now;
    let e = this.excite * Math.exp(-this.beta * (now - this.excitedAt));
    for (let i = 0; i < n; i++) e += this.alpha * Math.exp(-this.beta * (now - u.trades[i]!.t));
    this.excite = e;
    this.excitedAt = now;
    this.lastPrice = u.trades[n - 1]!.price;
    this.roll(now);
    this.closes[this.bucket % (BUCKETS + 1)] = this.lastPrice;
    this.planLook(ctx);
  }

  onWake(ctx: AgentContext, tag: number): void {
    const kind = tag % KINDS;
    const index = (tag - kind) / KINDS;
    if (kind === LOOK) {
      if (index === this.generation) this.look(ctx);
    } else if (kind === BUY) this.buy(ctx, index);
    else if (kind === WATCH) this.watch(ctx, index);
    else if (kind === RETURN) this.rejoin(index);
  }

  /** After its cooldown a follower that has been in and out may chase the next move. */
  private rejoin(i: number): void {
    this.state[i] = 0;
    this.momentum[i] = 0;
    this.openOrder[i] = 0;
    this.unused[this.unusedCount++] = i;
  }

  /**
   * Ogata thinning: the intensity only decays until the next update, so its
   * value now bounds it; the next candidate look is an exponential step at
   * that rate. A newer plan (after an update) makes pending candidates stale.
   */
  private planLook(ctx: AgentContext): void {
    if (this.unusedCount === 0) return;
    this.bound = this.intensity(ctx.now) / 1000;
    if (!(this.bound > 0)) return;
    this.generation++;
    ctx.wakeIn(ctx.rng.exponential(this.bound), LOOK + KINDS * this.generation);
  }

  /** A candidate look: accepted with probability λ(now) / bound, then maybe a buy. */
  private look(ctx: AgentContext): void {
    const accept = ctx.rng.float() * this.bound < this.intensity(ctx.now) / 1000;
    if (accept && this.unusedCount > 0) {
      const ret = this.returnBps(ctx.now);
      const p = this.p;
      const momentum = ret >= p.entryReturnBps && p.entryReturnBps >= 0;
      const chance = momentum ? Math.min(1, (p.entryBuyProb * ret) / Math.max(1, p.entryReturnBps)) : p.idleBuyProb;
      if (ctx.rng.chance(chance)) {
        const r = ctx.rng.int(0, this.unusedCount - 1);
        const i = this.unused[r]!;
        this.unused[r] = this.unused[--this.unusedCount]!;
        this.state[i] = BUYING;
        this.momentum[i] = momentum ? 1 : 0;
        ctx.wakeIn(ctx.rng.logNormal(Math.log(p.reactMedianMs), p.reactSigma), BUY + KINDS * i);
      }
    }
    this.planLook(ctx);
  }

  /** Follower i buys with its own funds, then plans its exit by holding time. */
  private buy(ctx: AgentContext, i: number): void {
    const p = this.p;
    const account = p.accounts[i]!;
    const src = this.sources[i]!;
    const rng = ctx.rng;
    const fraction = Math.min(1, Math.max(0.01, rng.logNormal(Math.log(p.buyFractionMedian), p.buyFractionSigma)));
    const limit = rng.chance(p.limitShare);
    ctx.exchange.login(account, src.channel, src.ip, src.device);
    ctx.send(src.channel, (ex) => {
      const info = ex.symbolInfo(p.symbol);
      const ask = ex.book(p.symbol).bestAsk();
      const quote = Math.floor(ex.balance(account, info.quote).available * fraction);
      if (ask === 0 || quote < Math.max(info.minNotional, info.quoteUnitsPerTickLot)) return this.finish(ctx, i);
      this.baseMark[i] = ex.balance(account, info.base).available;
      let r: ReturnType<Exchange['placeOrder']>;
      if (limit) {
        const price = Math.ceil((ask * (10_000 + p.limitSlippageBps)) / 10_000);
        const qty = Math.floor(quote / (price * info.quoteUnitsPerTickLot));
        if (qty <= 0) return this.finish(ctx, i);
        r = ex.placeOrder(limitOrder(account, p.symbol, 'buy', price, qty, src));
        if (r.ok && ex.book(p.symbol).has(r.order)) this.openOrder[i] = r.order;
      } else {
        r = ex.placeOrder(marketBuyFor(account, p.symbol, quote, src));
      }
      if (!r.ok) return this.finish(ctx, i);
      if (this.incident !== null && this.momentum[i] === 1 && this.inEpisode(ex.now)) {
        this.incident.involve(account, 'follower');
        this.incident.act(ex.now);
      }
      this.state[i] = HOLDING;
      this.stop[i] = (ask * (10_000 - p.stopLossBps)) / 10_000;
    });
    this.exitAt[i] = Math.round(ctx.now + rng.logNormal(Math.log(p.holdMedianMs), p.holdSigma));
    ctx.wakeIn(rng.exponential(1 / p.watchMs), WATCH + KINDS * i);
  }

  /** A holder's glance at the price: sell at the end of its holding time or past its stop, else look again later. */
  private watch(ctx: AgentContext, i: number): void {
    if (this.state[i] === BUYING) ctx.wakeIn(this.p.watchMs, WATCH + KINDS * i);
    if (this.state[i] !== HOLDING) return;
    if (ctx.now >= this.exitAt[i]! || this.lastPrice <= this.stop[i]!) this.sell(ctx, i);
    else ctx.wakeAt(Math.max(ctx.now + 1, Math.min(this.exitAt[i]!, ctx.now + ctx.rng.exponential(1 / this.p.watchMs))), WATCH + KINDS * i);
  }

  /** Follower i cancels what is left of a resting buy and market-sells what it bought. */
  private sell(ctx: AgentContext, i: number): void {
    this.state[i] = DONE;
    ctx.wakeIn(this.p.cooldownMs, RETURN + KINDS * i);
    const p = this.p;
    const account = p.accounts[i]!;
    const src = this.sources[i]!;
    ctx.exchange.login(account, src.channel, src.ip, src.device);
    ctx.send(src.channel, (ex) => {
      const info = ex.symbolInfo(p.symbol);
      if (this.openOrder[i] !== 0) ex.cancelOrder(account, this.openOrder[i]! as OrderId);
      const qty = Math.floor((ex.balance(account, info.base).available - this.baseMark[i]!) / info.baseUnitsPerLot);
      if (qty <= 0) return;
      const r = ex.placeOrder(marketOrder(account, p.symbol, 'sell', qty, src));
      if (r.ok && this.incident !== null && this.momentum[i] === 1 && this.inEpisode(ex.now)) this.incident.extend(ex.now);
    });
  }

  private finish(ctx: AgentContext, i: number): void {
    this.state[i] = DONE;
    ctx.wakeIn(this.p.cooldownMs, RETURN + KINDS * i);
  }

  /** Moves the momentum ring to time t, carrying the last close into buckets without trades. */
  private roll(t: number): void {
    const b = Math.floor(t / this.bucketMs);
    if (b <= this.bucket) return;
    const carry = this.closes[this.bucket % (BUCKETS + 1)]!;
    for (let k = Math.max(this.bucket + 1, b - BUCKETS); k <= b; k++) this.closes[k % (BUCKETS + 1)] = carry;
    this.bucket = b;
  }

  private inEpisode(t: number): boolean {
    const inc = this.p.incident;
    return inc !== undefined && t >= inc.from && t <= inc.until;
  }
}
