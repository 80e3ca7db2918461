/**
 * Copy trading, a hard negative: a signal provider (lead trader) buys a thin
 * coin, and a third-party copy-trading platform replays the trade within
 * seconds on every subscriber's account, through the API keys the subscribers
 * gave it long ago, from the platform's own servers.
 *
 * It looks like the platform-leak attack (3Commas, December 2022, in
 * CALIBRATION.md): the same platform, the same few IPs, many accounts buying
 * the same coin on the same side within seconds (platform fan-out, 0.2–3 s).
 * But it is honest: the keys are old and used every day (each copier trades a
 * little through the platform during the warm-up, so no key is dormant); each
 * copier spends a small share of its own quote balance and sells nothing else
 * first; the sellers are whoever is on the book (the market maker), nobody
 * pre-positioned asks, nobody withdraws. Recorded as an organic incident so
 * that evaluation counts alerts on it as false alarms.
 *
 * Roles: copiers are `follower`; the lead trader is `background` (or `whale`
 * when its own buy is large: `leaderRole`).
 */
import type { AccountId, ApiKeyId } from '../core/index.js';
import { type Exchange, limitOrder, marketBuyFor, marketOrder, type RequestSource } from '../exchange/index.js';
import type { Agent, AgentContext, AgentInfo } from './agent.js';
import { marketableLimit } from './orders.js';
import type { IncidentRecorder } from './truth-recorder.js';

export interface CopyTradingParams {
  /** The coin the lead trader signals, e.g. `ALT/BTC`; copies spend its quote asset. */
  symbol: string;
  /** The organic incident the episode is recorded as. */
  incident: { id: string; models: string };
  /** The lead trader's account (already opened and funded). */
  leader: AccountId;
  /** The lead trader's role in the truth: `background`, or `whale` when its buy is large. */
  leaderRole: 'background' | 'whale';
  /** How the lead trader trades: `web`, or `api` with its own key (no platform) from its own IP. */
  leaderChannel: 'web' | 'api';
  /** Share of the lead trader's quote balance it spends on the coin, in (0, 1]. */
  leaderFraction: number;
  /** The copiers' accounts (already opened and funded). */
  copiers: AccountId[];
  /** The copy-trading platform: its name (on the keys) and the server IPs its orders come from. */
  platform: { name: string; serverIps: string[] };
  /** When the lead trader sends its buy, sim ms. */
  signalAt: number;
  /** Share of each copier's quote balance a copied buy spends, in (0, 1] (small: a slice of the portfolio). */
  copyFraction: number;
  /** Time from the lead trader's order to the platform starting its fan-out, ms. */
  detectMs: number;
  /** Each copier's order goes out uniformly between these delays after detection, ms (e.g. 200 and 3000). */
  fanOutMinMs: number;
  fanOutMaxMs: number;
  /** Major symbol the platform trades on the copiers' keys day to day (e.g. `ETH/BTC`); null for none. */
  warmupSymbol: string | null;
  /** Small platform trades per copier per day on the warm-up symbol (Poisson). */
  dailyTrades: number;
  /** Share of the balance one warm-up trade moves, in (0, 1]. */
  warmupFraction: number;
  /** The lead trader sells the coin this long after its buy and the copiers follow (same fan-out), ms; null holds. */
  exitAfterMs: number | null;
}

export const COPY_TRADING_INFO: AgentInfo = {
  kind: 'copy-trading',
  summary: 'a lead trader buys a coin and a copy platform replays it on many subscribers via old API keys (honest, looks coordinated)',
  params: {
    leaderRole: 'truth role of the lead trader: background or whale',
    'leaderChannel/leaderFraction': 'how the lead trader trades (web or api) and the share of its quote it spends',
    platform: 'platform name and server IPs behind every copier order',
    signalAt: 'when the lead trader buys, ms',
    copyFraction: 'share of each copier quote balance spent on the copy',
    'detectMs/fanOutMinMs/fanOutMaxMs': 'platform delay, then uniform fan-out spread of the copies, ms',
    'warmupSymbol/dailyTrades/warmupFraction': 'daily small platform trades on a major so keys are not dormant',
    exitAfterMs: 'when the lead trader (then the copiers) sell, ms after the buy; null holds',
  },
};

/** Wake tags: kind + KINDS x index. */
const WARM = 0;
const COPY_BUY = 1;
const COPY_SELL = 2;
const LEADER = 3;
const KINDS = 4;
const MS_PER_DAY = 86_400_000;

export class CopyTrading implements Agent {
  private incident!: IncidentRecorder;
  private keys: ApiKeyId[] = [];
  private leaderKey: ApiKeyId | null = null;
  private leaderSource!: RequestSource;
  /** Base held before the copied buy, by copier index, then the leader's at the end; NaN until it bought. */
  private baseMark: number[] = [];
  private baseAsset = '';

  constructor(
    readonly name: string,
    private readonly p: CopyTradingParams,
  ) {}

  start(ctx: AgentContext): void {
    const p = this.p;
    const ex = ctx.exchange;
    const rng = ctx.rng;
    this.baseAsset = ex.symbolInfo(p.symbol).base;
    this.incident = ctx.truth.incident(p.incident.id, 'organic', p.symbol, p.incident.models);
    ctx.truth.role(p.leader, p.leaderRole, this.name);
    this.incident.involve(p.leader, p.leaderRole);
    const ip = `${rng.int(24, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    if (p.leaderChannel === 'api') {
      this.leaderKey = ex.createApiKey(p.leader, { canTrade: true, canWithdraw: false, platform: null, ips: [ip] });
      this.leaderSource = { channel: 'api', key: this.leaderKey, ip, device: null };
    } else {
      this.leaderSource = { channel: 'web', ip, device: `dev-${this.name}-lead-${rng.int(0, 0xffffff).toString(16)}` };
    }
    this.keys = p.copiers.map((account) => {
      ctx.truth.role(account, 'follower', this.name);
      this.baseMark.push(NaN);
      return ex.createApiKey(account, { canTrade: true, canWithdraw: false, platform: p.platform.name, ips: [...p.platform.serverIps] });
    });
    this.baseMark.push(NaN);
    for (let i = 0; i < p.copiers.length; i++) this.scheduleWarm(ctx, i);
    ctx.wakeAt(p.signalAt, LEADER);
    if (p.exitAfterMs !== null) ctx.wakeAt(p.signalAt + p.exitAfterMs, LEADER + KINDS);
  }

  onWake(ctx: AgentContext, tag: number): void {
    const kind = tag % KINDS;
    const i = (tag - kind) / KINDS;
    if (kind === WARM) this.warm(ctx, i);
    else if (kind === COPY_BUY) this.copy(ctx, i, 'buy');
    else if (kind === COPY_SELL) this.copy(ctx, i, 'sell');
    else this.lead(ctx, i === 0 ? 'buy' : 'sell');
  }

  private scheduleWarm(ctx: AgentContext, i: number): void {
    if (this.p.warmupSymbol === null || !(this.p.dailyTrades > 0)) return;
    ctx.wakeIn(ctx.rng.exponential(this.p.dailyTrades / MS_PER_DAY), WARM + KINDS * i);
  }

  /** A small everyday platform trade on the major, priced to fill (IOC through the touch). */
  private warm(ctx: AgentContext, i: number): void {
    const p = this.p;
    const account = p.copiers[i]!;
    const symbol = p.warmupSymbol!;
    const side = ctx.rng.chance(0.5) ? 'buy' : 'sell';
    const source = this.platformSource(ctx, i);
    ctx.send('api', (ex) => {
      const order = marketableLimit(ex, account, symbol, side, p.warmupFraction);
      if (order !== null) ex.placeOrder(limitOrder(order.account, order.symbol, order.side, order.price!, order.qty!, source, 'ioc'));
    });
    this.scheduleWarm(ctx, i);
  }

  /** The lead trader's own buy (or exit); once accepted, the platform fans the copies out. */
  private lead(ctx: AgentContext, side: 'buy' | 'sell'): void {
    const p = this.p;
    const src = this.leaderSource;
    if (src.channel === 'web') ctx.exchange.login(p.leader, 'web', src.ip, src.device ?? null);
    const leaderIndex = p.copiers.length;
    ctx.send(src.channel, (ex) => {
      const r = side === 'buy' ? this.buy(ex, p.leader, p.leaderFraction, src, leaderIndex) : this.sell(ex, p.leader, src, leaderIndex);
      if (r === null || !r.ok) return;
      if (side === 'buy') this.incident.act(ex.now);
      else this.incident.extend(ex.now);
      const detected = ex.now + p.detectMs;
      for (let i = 0; i < p.copiers.length; i++) {
        const delay = p.fanOutMinMs + ctx.rng.float() * Math.max(0, p.fanOutMaxMs - p.fanOutMinMs);
        ctx.wakeAt(detected + delay, (side === 'buy' ? COPY_BUY : COPY_SELL) + KINDS * i);
      }
    });
  }

  /** The platform replays the lead trader's order on copier i, through its key, from a server IP. */
  private copy(ctx: AgentContext, i: number, side: 'buy' | 'sell'): void {
    const p = this.p;
    const account = p.copiers[i]!;
    const source = this.platformSource(ctx, i);
    ctx.send('api', (ex) => {
      const r = side === 'buy' ? this.buy(ex, account, p.copyFraction, source, i) : this.sell(ex, account, source, i);
      if (r === null || !r.ok) return;
      if (side === 'buy') {
        this.incident.involve(account, 'follower');
        this.incident.act(ex.now);
      } else this.incident.extend(ex.now);
    });
  }

  private platformSource(ctx: AgentContext, i: number): RequestSource {
    return { channel: 'api', key: this.keys[i]!, ip: ctx.rng.pick(this.p.platform.serverIps), device: null };
  }

  /** A market buy of `fraction` of the account's quote; remembers the base held before it. */
  private buy(ex: Exchange, account: AccountId, fraction: number, source: RequestSource, slot: number) {
    const info = ex.symbolInfo(this.p.symbol);
    const quote = Math.floor(ex.balance(account, info.quote).available * Math.min(1, fraction));
    if (quote < Math.max(info.minNotional, info.quoteUnitsPerTickLot)) return null;
    this.baseMark[slot] = ex.balance(account, info.base).available;
    return ex.placeOrder(marketBuyFor(account, this.p.symbol, quote, source));
  }

  /** A market sell of the coin bought in the copy (nothing the account held before). */
  private sell(ex: Exchange, account: AccountId, source: RequestSource, slot: number) {
    const mark = this.baseMark[slot]!;
    if (Number.isNaN(mark)) return null;
    const per = ex.symbolInfo(this.p.symbol).baseUnitsPerLot;
    const qty = Math.floor((ex.balance(account, this.baseAsset).available - mark) / per);
    if (qty <= 0) return null;
    return ex.placeOrder(marketOrder(account, this.p.symbol, 'sell', qty, source));
  }
}
