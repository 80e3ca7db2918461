/**
 * The attacker: obtains victims' API keys, pre-positions the coin in its own
 * accounts with asks far above the market, then drives the victims' accounts
 * to buy that coin at any price, straight into those asks. Cashing out is the
 * `CashOut` agent's job.
 *
 * Modelled on Binance VIA/BTC, March 2018 (CALIBRATION.md): keys phished weeks
 * ahead, one trade-only key per victim left unused; 31 attacker accounts loaded
 * with the coin; in a ~2 minute window the victims' other coins were
 * market-sold into BTC and that BTC market-bought the coin. Variants by
 * parameter: keys leaked from a third-party platform and used through its
 * servers (3Commas 2022); a slow drain with limit orders over hours (FTX DMG
 * 2022); a mimic that deposits first and paces the victims like followers.
 */
import type { AccountId, ApiKeyId, Channel } from '../core/index.js';
import { type Exchange, limitOrder, marketBuyFor, marketOrder } from '../exchange/index.js';
import type { Agent, AgentContext, AgentInfo } from './agent.js';
import { baseLots } from './orders.js';
import type { IncidentRecorder } from './truth-recorder.js';
import type { VictimRoster } from './victim.js';

export interface AttackerParams {
  /** The thin coin's symbol, e.g. ALT/BTC. */
  symbol: string;
  incident: { id: string; models: string };
  /** The attacker's own accounts (sellers). */
  accounts: AccountId[];
  roster: VictimRoster;
  /** phished: the attacker logs in as each victim and creates a key; platform-leak: it uses the platform-held keys. */
  keySource: 'phished' | 'platform-leak';
  /** For platform-leak: orders come from the platform's servers. */
  platform: { name: string; serverIps: string[] } | null;
  /** The attacker's own IPs and devices (its logins, its own accounts' orders, phished-key orders). */
  ips: string[];
  devices: string[];
  /** When keys are obtained (phished: logins + key creation spread over prepSpreadMs). */
  prepAt: number;
  prepSpreadMs: number;
  /** Coin deposited into each attacker account (base units) at coinDepositAt, from a few shared addresses. */
  coinDepositAt: number;
  coinPerAccount: number;
  depositAddresses: number;
  /** Asks placed at asksAt, at multiples of the then best ask from fromMultiple to toMultiple (log-spaced). */
  asksAt: number;
  fromMultiple: number;
  toMultiple: number;
  levelsPerAccount: number;
  /** The pump: victims start within [attackAt, attackAt + windowMs). */
  attackAt: number;
  windowMs: number;
  /** Symbols whose base the victims market-sell first, into the quote coin. */
  liquidate: string[];
  /** market: quote-sized market buys ("at any price"); limit: IOC limits limitSlippageBps through the best ask, sized to it. */
  buy: 'market' | 'limit';
  limitSlippageBps: number;
  /** Fraction of each victim's quote balance spent per round, over `rounds` rounds `roundGapMs` apart. */
  spendFraction: number;
  rounds: number;
  roundGapMs: number;
  /** Median and log-sigma of the pause between a victim's sells and its buy. */
  gapMedianMs: number;
  gapSigma: number;
  /**
   * Mimic variant: one attacker account deposits quote at `at` and buys the
   * coin in `chunks` web orders over `durationMs`, like an honest whale, so the
   * pump starts with a fresh deposit and organic-looking buying.
   */
  decoy: { at: number; amount: number; spendFraction: number; chunks: number; durationMs: number } | null;
}

export const ATTACKER_INFO: AgentInfo = {
  kind: 'attacker',
  summary: 'pre-positions coin and high asks in its own accounts, then drives stolen victim keys to buy into them',
  params: {
    keySource: 'phished (new key per victim, created from attacker IPs) or platform-leak (platform-held keys, platform IPs)',
    coinPerAccount: 'coin deposited into each attacker account, base units',
    'fromMultiple/toMultiple': 'ask ladder as multiples of the pre-attack best ask',
    'attackAt/windowMs': 'when the victims are driven, ms',
    liquidate: 'symbols the victims are made to sell first',
    buy: 'market (any price) or limit (IOC limitSlippageBps through the best ask)',
    'spendFraction/rounds/roundGapMs': 'how much of each victim is spent, in how many rounds (slow drain)',
    'gapMedianMs/gapSigma': 'pause between a victim sells and buys (log-normal)',
  },
};

/** Wake tags: index * 8 + what. */
const DEPOSIT = 0;
const ASKS = 1;
const KEY = 2;
const SELL = 3;
const BUY = 4;
const DECOY_DEPOSIT = 5;
const DECOY_BUY = 6;
const tag = (index: number, what: number) => index * 8 + what;

export class Attacker implements Agent {
  private readonly phishedKeys = new Map<number, ApiKeyId>();
  private incident!: IncidentRecorder;
  private preAttackAsk = 0;
  private readonly roundsDone: number[] = [];

  constructor(
    readonly name: string,
    private readonly p: AttackerParams,
  ) {}

  start(ctx: AgentContext): void {
    const p = this.p;
    this.incident = ctx.truth.incident(p.incident.id, 'attack', p.symbol, p.incident.models);
    for (const a of p.accounts) {
      ctx.truth.role(a, 'attacker', this.name);
      this.incident.involve(a, 'attacker');
    }
    this.incident.prep(Math.min(p.prepAt, p.coinDepositAt, p.asksAt));
    ctx.wakeAt(p.coinDepositAt, tag(0, DEPOSIT));
    if (p.decoy !== null) {
      this.incident.prep(p.decoy.at);
      ctx.wakeAt(p.decoy.at, tag(0, DECOY_DEPOSIT));
      // The deposit needs its confirmation; buys start once the quote is credited (checked at each chunk).
      for (let c = 0; c < p.decoy.chunks; c++) {
        ctx.wakeAt(p.attackAt - p.decoy.durationMs + (p.decoy.durationMs * c) / p.decoy.chunks - 60_000, tag(c, DECOY_BUY));
      }
    }
    ctx.wakeAt(p.asksAt, tag(0, ASKS));
    const n = p.roster.accounts.length;
    for (let i = 0; i < n; i++) {
      this.roundsDone.push(0);
      if (p.keySource === 'phished') ctx.wakeAt(p.prepAt + (p.prepSpreadMs * i) / n, tag(i, KEY));
      ctx.wakeAt(p.attackAt + ctx.rng.float() * p.windowMs, tag(i, SELL));
    }
  }

  onWake(ctx: AgentContext, t: number): void {
    const i = Math.floor(t / 8);
    switch (t % 8) {
      case DEPOSIT:
        return this.depositCoin(ctx);
      case ASKS:
        return this.placeAsks(ctx);
      case KEY:
        return this.phishKey(ctx, i);
      case SELL:
        return this.victimSells(ctx, i);
      case BUY:
        return this.victimBuys(ctx, i);
      case DECOY_DEPOSIT:
        return this.decoyDeposit(ctx);
      case DECOY_BUY:
        return this.decoyBuy(ctx);
    }
  }

  /** Phishing: log in as the victim from an attacker IP and device, create a trade-only key, leave it unused. */
  private phishKey(ctx: AgentContext, i: number): void {
    const victim = this.p.roster.accounts[i]!;
    const ip = ctx.rng.pick(this.p.ips);
    const device = ctx.rng.pick(this.p.devices);
    ctx.send('web', (ex) => {
      ex.login(victim, 'web', ip, device);
      this.phishedKeys.set(victim, ex.createApiKey(victim, { canTrade: true, canWithdraw: false, platform: null }));
    });
  }

  private decoyDeposit(ctx: AgentContext): void {
    const d = this.p.decoy!;
    const quote = ctx.exchange.symbolInfo(this.p.symbol).quote;
    ctx.exchange.deposit(this.p.accounts[0]!, quote, d.amount, `ext-${this.name}-decoy`);
  }

  /** One web buy by the decoy account, as a whale would place it. */
  private decoyBuy(ctx: AgentContext): void {
    const d = this.p.decoy!;
    const account = this.p.accounts[0]!;
    const chunk = Math.floor((d.amount * d.spendFraction) / d.chunks);
    this.send(ctx, 'web', null, ctx.rng.pick(this.p.ips), (ex, source) => {
      const info = ex.symbolInfo(this.p.symbol);
      const quote = Math.min(chunk, ex.balance(account, info.quote).available);
      if (quote < Math.max(info.minNotional, info.quoteUnitsPerTickLot)) return null;
      return ex.placeOrder(marketBuyFor(account, this.p.symbol, quote, source));
    });
  }

  private depositCoin(ctx: AgentContext): void {
    const p = this.p;
    const base = ctx.exchange.symbolInfo(p.symbol).base;
    p.accounts.forEach((a, i) => {
      const address = `ext-${this.name}-${i % Math.max(1, p.depositAddresses)}`;
      ctx.exchange.deposit(a, base, p.coinPerAccount, address);
    });
  }

  /** A log-spaced ladder of asks from fromMultiple to toMultiple times the best ask, spread over the accounts. */
  private placeAsks(ctx: AgentContext): void {
    const p = this.p;
    const ex = ctx.exchange;
    const book = ex.book(p.symbol);
    this.preAttackAsk = book.bestAsk() || book.bestBid();
    if (this.preAttackAsk === 0) return;
    const n = p.accounts.length * p.levelsPerAccount;
    p.accounts.forEach((account, ai) => {
      const per = Math.floor(baseLots(ex, account, p.symbol) / p.levelsPerAccount);
      if (per <= 0) return;
      for (let l = 0; l < p.levelsPerAccount; l++) {
        const k = l * p.accounts.length + ai;
        const multiple = p.fromMultiple * Math.pow(p.toMultiple / p.fromMultiple, n === 1 ? 0 : k / (n - 1));
        const price = Math.round(this.preAttackAsk * multiple);
        this.send(ctx, 'web', null, ctx.rng.pick(p.ips), (ex2, source) =>
          ex2.placeOrder(limitOrder(account, p.symbol, 'sell', price, per, source)),
        );
      }
    });
  }

  private keyFor(victim: AccountId): ApiKeyId | undefined {
    return this.p.keySource === 'phished' ? this.phishedKeys.get(victim) : this.p.roster.keys.get(victim);
  }

  /** Phished keys are used from the attacker's own machines; leaked platform keys through the platform's servers. */
  private apiIp(ctx: AgentContext): string {
    const { platform, keySource, ips } = this.p;
    return keySource === 'platform-leak' && platform !== null ? ctx.rng.pick(platform.serverIps) : ctx.rng.pick(ips);
  }

  /** Market-sells everything the victim holds in the liquidation symbols, then schedules the buy. */
  private victimSells(ctx: AgentContext, i: number): void {
    const p = this.p;
    const victim = p.roster.accounts[i]!;
    const key = this.keyFor(victim);
    if (key === undefined) return;
    this.incident.involve(victim, 'victim');
    if (this.roundsDone[i] === 0) {
      for (const symbol of p.liquidate) {
        this.send(ctx, 'api', key, this.apiIp(ctx), (ex, source) => {
          const qty = baseLots(ex, victim, symbol);
          return qty > 0 ? ex.placeOrder(marketOrder(victim, symbol, 'sell', qty, source)) : null;
        });
      }
    }
    ctx.wakeIn(ctx.rng.logNormal(Math.log(p.gapMedianMs), p.gapSigma), tag(i, BUY));
  }

  /** Spends the victim's quote on the coin, at any price (market) or up to a multiple (limit). */
  private victimBuys(ctx: AgentContext, i: number): void {
    const p = this.p;
    const victim = p.roster.accounts[i]!;
    const key = this.keyFor(victim)!;
    const round = this.roundsDone[i]!;
    // Spend the same share of what is left each round, so the last round spends spendFraction of the start.
    const share = round === p.rounds - 1 ? p.spendFraction : p.spendFraction / p.rounds;
    this.send(ctx, 'api', key, this.apiIp(ctx), (ex, source) => {
      const info = ex.symbolInfo(p.symbol);
      const quote = Math.floor(ex.balance(victim, info.quote).available * Math.min(1, share));
      if (quote < Math.max(info.minNotional, info.quoteUnitsPerTickLot)) return null;
      if (p.buy === 'market') return ex.placeOrder(marketBuyFor(victim, p.symbol, quote, source));
      const ask = ex.book(p.symbol).bestAsk();
      if (ask === 0) return null;
      const price = Math.ceil((ask * (10_000 + p.limitSlippageBps)) / 10_000);
      const qty = Math.floor(quote / (price * info.quoteUnitsPerTickLot));
      if (qty <= 0) return null;
      return ex.placeOrder(limitOrder(victim, p.symbol, 'buy', price, qty, source, 'ioc'));
    });
    this.roundsDone[i] = round + 1;
    if (round + 1 < p.rounds) ctx.wakeIn(p.roundGapMs * (0.5 + ctx.rng.float()), tag(i, SELL));
  }

  /** Sends an order and records it as malicious and as part of the incident when it is accepted. */
  private send(
    ctx: AgentContext,
    channel: Channel,
    key: ApiKeyId | null,
    ip: string,
    place: (ex: Exchange, source: { channel: Channel; key: ApiKeyId | null; ip: string; device: string | null }) => ReturnType<Exchange['placeOrder']> | null,
  ): void {
    const device = channel === 'api' ? null : ctx.rng.pick(this.p.devices);
    ctx.send(channel, (ex) => {
      const r = place(ex, { channel, key, ip, device });
      if (r !== null && r.ok) {
        ctx.truth.maliciousOrder(r.order);
        if (key !== null) this.incident.act(ex.now);
        else this.incident.extend(ex.now);
      }
    });
  }
}
