/**
 * The background population: many ordinary accounts that give the market a
 * normal life and every account a history, so that "dormant key", "new IP" or
 * "never traded this coin" mean something to a detector.
 *
 * Each account draws a profile at start: a human channel (web or app) with a
 * stable device and home IP, one wallet address it deposits from and
 * withdraws to, and an activity rate (log-normal around
 * tradesPerAccountPerDay: most people trade a few times a day, some far less).
 * A share platformShare of accounts also connected an API key to a named
 * third-party platform (trading bots, DCA, copy trading); the platform trades
 * on it from its own server IPs, and some of those keys lie dormant. These are
 * honest accounts on the same platforms as the victims' leaked keys (3Commas,
 * December 2022, in CALIBRATION.md), so channel or platform alone names no one.
 *
 * Each action is a small trade (marketable IOC limits or market orders, on
 * symbols by weight: majors mostly, the thin coin sometimes) or now and then
 * a deposit or withdrawal. A trade moves a fraction of what the account holds
 * in the pair, the same in value whichever side it takes, so the population
 * as a whole neither drains nor floods the makers (sizing buys on the quote
 * balance and sells on the base, as people might, empties a thin coin's maker
 * within a day). With the thin coin's weight small, most accounts never
 * touch it in a run, which is what makes a sudden buyer of it stand out. A human action
 * logs in first when the last session is older than sessionMs, from the home
 * IP or, rarely, a one-off one (travel, mobile). Orders are sized at the
 * exchange against the available balance and skipped when too small, so the
 * population does not spam rejections.
 *
 * Cost: one pending wake per account (tag = account index), nothing scanned.
 */
import type { AccountId, ApiKeyId, Channel } from '../core/index.js';
import { type Exchange, limitOrder, marketBuyFor, marketOrder, REJECT, type SymbolInfo } from '../exchange/index.js';
import type { Agent, AgentContext, AgentInfo } from './agent.js';
import { deviceId, homeIp } from './identity.js';

export interface BackgroundParams {
  /** The population's accounts (funded by the scenario with the quote coin and some majors). */
  accounts: AccountId[];
  /** Symbols traded and their relative weights (need not sum to 1). */
  symbols: { symbol: string; weight: number }[];
  /** Median actions (trades, transfers) per account per day; per-account rates are log-normal around it. */
  tradesPerAccountPerDay: number;
  /** Log-space standard deviation of the per-account rate (dimensionless). */
  rateSigma: number;
  /** Median fraction of the available balance one trade uses (0..1). */
  tradeFraction: number;
  /** Probability a trade is a market order; otherwise a marketable IOC limit (0..1). */
  marketShare: number;
  /** How far through the touch a marketable limit is priced, in basis points. */
  slippageBps: number;
  /** Share of people who use the app rather than the web (0..1). */
  appShare: number;
  /** A human action logs in again after this much time since the last login, in ms. */
  sessionMs: number;
  /** Share of human actions made from a one-off IP instead of the home one (0..1). */
  roamingShare: number;
  /** Share of accounts with a key held by a third-party platform (0..1). */
  platformShare: number;
  /** The platforms, each with the server IPs its orders come from. */
  platforms: { name: string; serverIps: string[] }[];
  /** Share of a platform account's trades made by the platform rather than by hand (0..1). */
  platformTradeShare: number;
  /** Share of platform keys the platform never uses (a bot switched off) (0..1). */
  dormantKeyShare: number;
  /** Share of actions that are a deposit or a withdrawal rather than a trade (0..1). */
  transferShare: number;
  /** Median fraction of a balance one deposit or withdrawal moves (0..1). */
  transferFraction: number;
}

export const BACKGROUND_INFO: AgentInfo = {
  kind: 'background',
  summary: 'many ordinary accounts with stable devices, IPs, addresses and platform keys, trading and transferring a little',
  params: {
    symbols: 'symbols traded with weights',
    tradesPerAccountPerDay: 'median actions per account per day',
    rateSigma: 'log-normal sigma of per-account rates',
    tradeFraction: 'median fraction of the balance per trade',
    marketShare: 'share of market orders (else marketable IOC limits)',
    slippageBps: 'marketable limit distance through the touch, bps',
    appShare: 'share of app (vs web) users',
    sessionMs: 'login again after this idle time, ms',
    roamingShare: 'share of human actions from a one-off IP',
    platformShare: 'share of accounts with a platform-held API key',
    platforms: 'platforms: name and server IPs',
    platformTradeShare: 'share of a platform account trades made by the platform',
    dormantKeyShare: 'share of platform keys never used',
    transferShare: 'share of actions that are deposits or withdrawals',
    transferFraction: 'median fraction of a balance per transfer',
  },
};

const DAY_MS = 86_400_000;
const NONE = -1;
/** After a `symbol-halted` rejection the population leaves that symbol alone this long (people see the halt). */
const HALT_PAUSE_MS = 300_000;

export class BackgroundPopulation implements Agent {
  private channel: ('web' | 'app')[] = [];
  private ip: string[] = [];
  private device: string[] = [];
  private wallet: string[] = [];
  private platform!: Int32Array;
  private key!: Float64Array;
  private rate!: Float64Array;
  private lastLogin!: Float64Array;
  private symbolWeights: number[] = [];
  /** Static spec of each symbol, read once; and until when trading it is paused after a halt rejection. */
  private infos: SymbolInfo[] = [];
  private pausedUntil!: Float64Array;

  constructor(
    readonly name: string,
    private readonly p: BackgroundParams,
  ) {
    if (!p.symbols.some((s) => s.weight > 0)) throw new RangeError(`background ${name}: give at least one symbol a positive weight`);
  }

  start(ctx: AgentContext): void {
    const { rng, exchange } = ctx;
    const p = this.p;
    const n = p.accounts.length;
    this.platform = new Int32Array(n).fill(NONE);
    this.key = new Float64Array(n);
    this.rate = new Float64Array(n);
    this.lastLogin = new Float64Array(n).fill(-Infinity);
    this.symbolWeights = p.symbols.map((s) => s.weight);
    this.infos = p.symbols.map((s) => exchange.symbolInfo(s.symbol));
    this.pausedUntil = new Float64Array(p.symbols.length);
    for (let i = 0; i < n; i++) {
      const account = p.accounts[i]!;
      ctx.truth.role(account, 'background', this.name);
      this.channel.push(rng.chance(p.appShare) ? 'app' : 'web');
      this.ip.push(homeIp(rng));
      this.device.push(deviceId(rng));
      this.wallet.push(`${deviceId(rng)}${deviceId(rng)}${deviceId(rng)}`);
      this.rate[i] = (p.tradesPerAccountPerDay * rng.logNormal(0, p.rateSigma)) / DAY_MS;
      if (p.platforms.length > 0 && rng.chance(p.platformShare)) {
        const k = rng.int(0, p.platforms.length - 1);
        const key: ApiKeyId = exchange.createApiKey(account, { canTrade: true, canWithdraw: false, platform: p.platforms[k]!.name });
        this.key[i] = key;
        if (!rng.chance(p.dormantKeyShare)) this.platform[i] = k;
      }
      // First action within a day (sooner for busy accounts), so every account has a history.
      if (this.rate[i]! > 0) ctx.wakeIn(rng.float() * Math.min(DAY_MS, 1 / this.rate[i]!), i);
    }
  }

  onWake(ctx: AgentContext, i: number): void {
    const p = this.p;
    const rng = ctx.rng;
    const first = this.lastLogin[i] === -Infinity;
    const k = this.platform[i]!;
    const byPlatform = !first && k !== NONE && rng.chance(p.platformTradeShare);
    const symbol = rng.weighted(this.symbolWeights);
    const buy = rng.chance(0.5);
    const fraction = Math.min(1, p.tradeFraction * rng.logNormal(0, 0.7));
    const market = rng.chance(p.marketShare);
    ctx.wakeIn(rng.exponential(this.rate[i]!), i);
    if (byPlatform) {
      const platform = p.platforms[k]!;
      const source = { channel: 'api' as const, key: this.key[i]! as ApiKeyId, ip: rng.pick(platform.serverIps), device: null };
      ctx.send('api', (ex) => this.trade(ex, i, symbol, buy, fraction, market, source));
      return;
    }
    const channel = this.channel[i]!;
    const ip = rng.chance(p.roamingShare) ? homeIp(rng) : this.ip[i]!;
    const login = first || ip !== this.ip[i] || ctx.now - this.lastLogin[i]! > p.sessionMs;
    if (login) this.lastLogin[i] = ctx.now;
    const source = { channel, key: null, ip, device: this.device[i]! };
    const transfer = !first && rng.chance(p.transferShare);
    const deposit = rng.chance(0.5);
    const inBase = rng.chance(0.3);
    const share = Math.min(1, p.transferFraction * rng.logNormal(0, 0.5));
    ctx.send(channel, (ex) => {
      if (login) ex.login(p.accounts[i]!, channel, ip, source.device);
      if (!transfer) this.trade(ex, i, symbol, buy, fraction, market, source);
      else this.transfer(ex, i, symbol, deposit, inBase, share, source);
    });
  }

  /**
   * A small trade sized against the balances now: `fraction` of what the account holds in this pair
   * (quote plus base, valued at the order price), so buys and sells are alike in value and the
   * population neither drains nor floods the makers. Skipped when the side has nothing to spend.
   */
  private trade(
    ex: Exchange,
    i: number,
    symbol: number,
    buy: boolean,
    fraction: number,
    market: boolean,
    source: { channel: Channel; key: ApiKeyId | null; ip: string; device: string | null },
  ): void {
    const account = this.p.accounts[i]!;
    const info = this.infos[symbol]!;
    if (ex.now < this.pausedUntil[symbol]!) return;
    const book = ex.book(info.code);
    const touch = buy ? book.bestAsk() : book.bestBid();
    if (touch === 0) return;
    const k = info.quoteUnitsPerTickLot;
    const slip = this.p.slippageBps / 10_000;
    const price = buy ? Math.ceil(touch * (1 + slip)) : Math.max(1, Math.floor(touch * (1 - slip)));
    const quoteLots = Math.floor(ex.balance(account, info.quote).available / (price * k));
    const baseLots = Math.floor(ex.balance(account, info.base).available / info.baseUnitsPerLot);
    const qty = Math.min(buy ? quoteLots : baseLots, Math.max(1, Math.floor((quoteLots + baseLots) * fraction)));
    if (qty <= 0 || price * qty * k < Math.max(info.minNotional, k)) return;
    const side = buy ? 'buy' : 'sell';
    const code = info.code;
    const r =
      market && buy
        ? ex.placeOrder(marketBuyFor(account, code, price * qty * k, source))
        : market
          ? ex.placeOrder(marketOrder(account, code, side, qty, source))
          : ex.placeOrder(limitOrder(account, code, side, price, qty, source, 'ioc'));
    if (!r.ok && r.reason === REJECT.symbolHalted) this.pausedUntil[symbol] = ex.now + HALT_PAUSE_MS;
  }

  /** A deposit from, or a withdrawal to, the account's own wallet: the symbol's quote coin mostly, else its base. */
  private transfer(
    ex: Exchange,
    i: number,
    symbol: number,
    deposit: boolean,
    inBase: boolean,
    fraction: number,
    source: { channel: Channel; key: null; ip: string; device: string },
  ): void {
    const account = this.p.accounts[i]!;
    const info = this.infos[symbol]!;
    const base = ex.balance(account, info.base);
    const asset = inBase && base.available > 0 ? info.base : info.quote;
    const b = asset === info.base ? base : ex.balance(account, asset);
    const amount = Math.floor((deposit ? b.available + b.locked : b.available) * fraction);
    if (amount <= 0) return;
    if (deposit) ex.deposit(account, asset, amount, this.wallet[i]!);
    else ex.requestWithdrawal(account, asset, amount, this.wallet[i]!, source);
  }
}
