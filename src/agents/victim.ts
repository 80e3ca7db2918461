/**
 * Victims: ordinary holders whose accounts an attacker will drive with stolen
 * API keys. Before that they live a normal, quiet life: a handful of web or app
 * logins and small trades over the warm-up, from their own device and home IP,
 * on the majors they hold. Whether they ever touched the target coin is a
 * parameter (most had not: "the hacked accounts had not traded in previous
 * days", SEC 2022; VIA 2018 victims held other coins).
 *
 * Keys: in the platform-leak story (3Commas, December 2022) each victim
 * connected an API key to a third-party platform long ago; the platform may
 * use it now and then (a DCA bot) or not at all (a dormant key). Those keys are
 * what leaks, and they are published on the shared roster for the attacker.
 * In the phishing story (VIA 2018) victims have no key; the attacker makes one.
 */
import type { AccountId, ApiKeyId } from '../core/index.js';
import { limitOrder } from '../exchange/index.js';
import type { Agent, AgentContext, AgentInfo } from './agent.js';
import { deviceId, homeIp } from './identity.js';
import { marketableLimit } from './orders.js';

/** Who the attack will use; the scenario compiler hands one roster to the victims and to the attacker. */
export interface VictimRoster {
  accounts: AccountId[];
  /** Platform-held keys by victim account (platform-leak story), filled in by the victims at start. */
  keys: Map<number, ApiKeyId>;
}

export interface VictimParams {
  roster: VictimRoster;
  /** Symbols the victims hold and trade a little (majors against the quote coin). */
  symbols: string[];
  /** Small trades per victim per day before the attack (web/app). */
  tradesPerDay: number;
  /** Fraction of a balance one ordinary trade moves. */
  tradeFraction: number;
  /** Platform that holds the victims' keys (platform-leak story); null when keys are phished later. */
  platform: { name: string; serverIps: string[] } | null;
  /** Share of platform keys the platform actually uses in daily trading (the rest are dormant). */
  activeKeyShare: number;
  /** Trades per day the platform makes on an active key. */
  platformTradesPerDay: number;
  /** Victims stop their own activity at this time (the attack takes over); ms. */
  quietFrom: number;
}

export const VICTIM_INFO: AgentInfo = {
  kind: 'victim',
  summary: 'ordinary holders with a quiet history and (optionally) a platform-held API key that will leak',
  params: {
    symbols: 'symbols the victims hold and trade a little',
    tradesPerDay: 'own small trades per victim per day (web/app)',
    tradeFraction: 'fraction of a balance one ordinary trade moves',
    platform: 'third-party platform holding their keys, or null (keys phished later)',
    activeKeyShare: 'share of platform keys the platform uses day to day (others dormant)',
    platformTradesPerDay: 'platform trades per day on an active key',
    quietFrom: 'time (ms) the victims stop acting on their own',
  },
};

interface Profile {
  account: AccountId;
  channel: 'web' | 'app';
  device: string;
  ip: string;
  activeKey: boolean;
}

const OWN = 0;
const PLATFORM = 1;

export class Victims implements Agent {
  private profiles: Profile[] = [];

  constructor(
    readonly name: string,
    private readonly p: VictimParams,
  ) {}

  start(ctx: AgentContext): void {
    const { rng } = ctx;
    this.profiles = this.p.roster.accounts.map((account) => {
      ctx.truth.role(account, 'victim', this.name);
      const profile: Profile = {
        account,
        channel: rng.chance(0.5) ? 'web' : 'app',
        device: deviceId(rng),
        ip: homeIp(rng),
        activeKey: false,
      };
      if (this.p.platform !== null) {
        const key = ctx.exchange.createApiKey(account, { canTrade: true, canWithdraw: false, platform: this.p.platform.name });
        this.p.roster.keys.set(account, key);
        profile.activeKey = rng.chance(this.p.activeKeyShare);
      }
      return profile;
    });
    for (let i = 0; i < this.profiles.length; i++) {
      this.scheduleOwn(ctx, i);
      if (this.profiles[i]!.activeKey) this.schedulePlatform(ctx, i);
    }
  }

  onWake(ctx: AgentContext, tag: number): void {
    const i = tag >> 1;
    const profile = this.profiles[i];
    if (profile === undefined || ctx.now >= this.p.quietFrom) return;
    if ((tag & 1) === OWN) {
      ctx.exchange.login(profile.account, profile.channel, profile.ip, profile.device);
      this.trade(ctx, profile, profile.channel, null, profile.ip);
      this.scheduleOwn(ctx, i);
    } else {
      const platform = this.p.platform!;
      const key = this.p.roster.keys.get(profile.account)!;
      this.trade(ctx, profile, 'api', key, ctx.rng.pick(platform.serverIps));
      this.schedulePlatform(ctx, i);
    }
  }

  private scheduleOwn(ctx: AgentContext, i: number): void {
    if (this.p.tradesPerDay <= 0) return;
    ctx.wakeIn(ctx.rng.exponential(this.p.tradesPerDay / 86_400_000), (i << 1) | OWN);
  }

  private schedulePlatform(ctx: AgentContext, i: number): void {
    if (this.p.platformTradesPerDay <= 0) return;
    ctx.wakeIn(ctx.rng.exponential(this.p.platformTradesPerDay / 86_400_000), (i << 1) | PLATFORM);
  }

  /** A small buy or sell on one of the held symbols, priced to fill. */
  private trade(ctx: AgentContext, profile: Profile, channel: 'web' | 'app' | 'api', key: ApiKeyId | null, ip: string): void {
    const symbol = ctx.rng.pick(this.p.symbols);
    const side = ctx.rng.chance(0.5) ? 'buy' : 'sell';
    const order = marketableLimit(ctx.exchange, profile.account, symbol, side, this.p.tradeFraction);
    if (order === null) return;
    ctx.send(channel, (ex) => {
      ex.placeOrder(limitOrder(order.account, order.symbol, order.side, order.price!, order.qty!, { channel, key, ip, device: channel === 'api' ? null : profile.device }, 'ioc'));
    });
  }
}
