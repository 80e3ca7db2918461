/**
 * account-takeover: an account or API key that suddenly acts out of character,
 * the way a stolen key does.
 *
 * Signal. Every accepted order is judged against the account's own history
 * ({@link AccountProfiles}, read before the order is added to it), then its
 * fills (which follow it in the stream) are read, and the alert, if any, is
 * raised with the last fill's t and seq. Indicators, each in [0,1]:
 * - access (who is at the controls):
 *   a1 an API key used for the first time at least `dormantMs` after its
 *      creation (1), or after a silence that is long both against `dormantMs`
 *      and against the key's own usual spacing ({@link dormancy}: a key used
 *      daily is not dormant after 30 h); orders within `wakeWindowMs` of the
 *      wake-up carry it;
 *   a2 an IP (network /24), device, platform or channel new to an account with
 *      at least `minBaseline` earlier actions (platform orders: the IP judged
 *      against the platform's known networks); sources first seen in the
 *      current run of activity count as new; x0.3 when a key created minutes
 *      ago in an ordinary session explains them;
 *   a3 the key was created in a session from an IP and device both new to the
 *      account (0.7), or from a device used on >= `sharedDeviceAccounts`
 *      accounts (1), or from an IP the account never used again (0.5);
 *   a4 the account itself silent (same {@link dormancy} as a1);
 * - behaviour (what is done), for buys:
 *   b1 other holdings >= `liquidationFraction` sold in the last
 *      `liquidationWindowMs` (counted only when this buy spends >= 50% of the
 *      quote balance: the proceeds are being spent);
 *   b2 a symbol the account never ordered (1; 0.6 for an account with no
 *      symbol at all);
 *   b3 price insensitivity: a limit >= `farLimitPremium` over the pre-burst
 *      price, or fills above it, log-scaled to 1 at `fullPremium`; a plain
 *      market order only counts weakly (0.15, outside the gates); for sells,
 *      fills >= `dumpDiscount` below the last price;
 *   b4 the share of the quote balance spent (0 at 30%, 1 at 90%), only on a
 *      never-traded symbol.
 * access = noisy-or(0.6 a1, 0.5 a2, 0.45 a3, 0.25 a4); strong = noisy-or(0.55
 * b1, 0.45 b3, 0.35 b4); behaviour = noisy-or(strong, 0.3 b2, 0.15 market);
 * score = noisy-or(access, behaviour), halved (`depositFactor`) when the
 * account deposited the quote coin within `depositWindowMs` ("hackers don't
 * deposit", CALIBRATION.md: the owner is evidently present). So every extra
 * indicator raises the score. Gates: strong >= `minBehaviour` (or access >=
 * `highAccess` and a never-traded symbol); access >= `minAccess` (a new IP
 * alone, 0.35, is not enough), or a liquidation with strong >=
 * `behaviourAlone` (leaked keys in routine use show no access anomaly); sells
 * need access >= `highAccess`; score >= `minScore`. It names the account: the
 * victim, whose keys should be stopped (not its funds frozen).
 *
 * Source: CALIBRATION.md, family "account takeover" (dormant key or account
 * suddenly active, new IP or platform, whole portfolio sold, buys far above
 * market); Binance VIA/BTC 2018 (keys phished, left unused, portfolios sold
 * into BTC then the coin bought), 3Commas 2022 (old keys used through the
 * platform), SEC 2022 ("the hacked accounts had not traded in previous days").
 *
 * Why it generalises: every indicator compares an account with its own past
 * (no id ranges, IP prefixes, platform names or scenario constants), keys are
 * judged against their own usual gap (a key in daily use is not dormant), and
 * honest look-alikes lack the combination: copy-trading followers use old keys
 * in routine use from the platform's usual servers and spend a slice of their
 * portfolio without selling anything; a whale trades from its own session and
 * deposits first; background users buy small amounts of what they hold.
 *
 * Blind spots: an attacker using a key in routine use, from the platform's
 * usual IPs, spending a small share without liquidating, is indistinguishable
 * from the owner's bot (counterparty-concentration still sees the sellers);
 * accounts with no history (nothing to compare IPs with); slow drains are
 * caught at the key's wake-up only (later rounds look like the new routine);
 * a victim that deposits just before (score halved); a web session taken over
 * from the victim's own device and network; the liquidation sells themselves
 * are not alerted (only evidence for the buy that follows, so alerts land on
 * the pumped symbol); a buy is alerted once it has filled, so the first
 * victim's buy itself cannot be stopped, only what follows it.
 *
 * State: the profile store (bounded per account, pruned after retention) and
 * one pending order (fills of one order are contiguous in the stream). O(1)
 * per event apart from scans of a few small per-account arrays.
 *
 * Needs: orders, trades, accounts, sources. Uses when present: `keys` (key
 * creation time and session, logins), `transfers` (holdings, deposits); without
 * them it degrades to "key not seen in N days of history" and fill-based
 * holdings.
 */
import { z } from 'zod';
import type { EventOf, MarketEvent, RecordedChannel } from '../../core/index.js';
import type { AlertSink } from '../alert.js';
import { defineDetector, type Detector } from '../detector.js';
import { AccountProfiles } from '../account-profile.js';
import { type AccountRecord, CHANNEL_BIT } from '../account-record.js';
import type { SymbolMemory } from '../symbol-memory.js';
import { dormancy } from '../dormancy.js';
import { formatAmount, formatDuration, formatPct } from '../explain.js';

const HOUR = 3_600_000;

export const accountTakeoverParams = z.object({
  /** A key (or account) unused this long is dormant, ms. */
  dormantMs: z.number().positive().default(24 * HOUR),
  /** Alert when the score reaches this, 0..1. */
  minScore: z.number().min(0).max(1).default(0.5),
  /** Access-anomaly strength (0..1) that, with strong behaviour, allows an alert (a new IP alone, 0.35, does not). */
  minAccess: z.number().min(0).max(1).default(0.4),
  /** Access strength (0..1) so high that a buy of a never-traded symbol suffices as behaviour. */
  highAccess: z.number().min(0).max(1).default(0.75),
  /** Strong-behaviour strength (liquidation, premium, spend; 0..1) every other alert needs. */
  minBehaviour: z.number().min(0).max(1).default(0.2),
  /** Strong-behaviour strength (0..1) that, with a liquidation, allows an alert without any access anomaly. */
  behaviourAlone: z.number().min(0).max(1).default(0.5),
  /** Share of a holding sold (0..1) that counts it as liquidated. */
  liquidationFraction: z.number().min(0).max(1).default(0.8),
  /** Orders this long after a dormant key or account woke up still carry the dormancy, ms. */
  wakeWindowMs: z.number().positive().default(30 * 60_000),
  /** Sells this long before a buy count towards a liquidation, ms. */
  liquidationWindowMs: z.number().positive().default(30 * 60_000),
  /** A limit buy this far above the reference price (ratio, 0.5 = +50%) is price-insensitive. */
  farLimitPremium: z.number().positive().default(0.5),
  /** Fill premium over the pre-burst price (ratio) that makes price insensitivity full strength. */
  fullPremium: z.number().positive().default(3),
  /** A sell filled this far below the reference (ratio, 0.2 = -20%) is a dump. */
  dumpDiscount: z.number().positive().default(0.2),
  /** A deposit of the quote coin this recent lowers the score, ms. */
  depositWindowMs: z.number().nonnegative().default(6 * HOUR),
  /** Factor applied to the score after such a deposit, 0..1. */
  depositFactor: z.number().min(0).max(1).default(0.5),
  /** Actions (orders, logins) an account needs before IP/device novelty counts. */
  minBaseline: z.number().int().nonnegative().default(2),
  /** A device used on at least this many accounts is shared (linkage). */
  sharedDeviceAccounts: z.number().int().min(2).default(3),
  /** Evidence sequence numbers kept per alert. */
  maxEvidence: z.number().int().positive().default(20),
  /** Profiles of accounts untouched this long are forgotten (bounds memory), ms. */
  retentionMs: z.number().positive().default(90 * 86_400_000),
});
export type AccountTakeoverParams = z.output<typeof accountTakeoverParams>;

/** Indicator weights in the noisy-or (documented above). */
const W = { a1: 0.6, a2: 0.5, a3: 0.45, a4: 0.25, b1: 0.55, b2: 0.3, b3: 0.45, b4: 0.35, market: 0.15 };

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
const noisyOr4 = (a: number, b: number, c: number, d: number) => 1 - (1 - a) * (1 - b) * (1 - c) * (1 - d);

const KEY_NONE = 0;
const KEY_UNSEEN = 1;
const KEY_NEVER_USED = 2;
const KEY_USED = 3;
const MAX_LIQ = 4;

/** The order being judged (one at a time; reused, so nothing is allocated per order). */
class Pending {
  active = false;
  order = 0;
  account = 0;
  symbol = '';
  side: 'buy' | 'sell' = 'buy';
  t = 0;
  seq = 0;
  channel: RecordedChannel = 'web';
  ip = '';
  kind: 'limit' | 'market' = 'limit';
  byQuote = false;
  limitPrice = 0;
  spend = 0;
  spendShare = 0;
  quoteAsset = '';
  baseAsset = '';
  ref = 0;
  lastPrice = 0;
  // access
  keyState = KEY_NONE;
  key = 0;
  keyAge = 0;
  keyGap = 0;
  keyUses = 0;
  keyTypical = 0;
  keySeq = -1;
  memorySpan = 0;
  a1 = 0;
  baseline = 0;
  ipState = 0;
  deviceState = 0;
  device: string | null = null;
  platformNew = false;
  platform: string | null = null;
  channelNew = false;
  explained = false;
  a2 = 0;
  provNewSource = false;
  provSharedAccounts = 0;
  provDevice: string | null = null;
  provIp: string | null = null;
  provIpOnce = false;
  orderDeviceShared = 0;
  provSeq = -1;
  a3 = 0;
  accountGap = 0;
  accountTypical = 0;
  accountWokeAgo = 0;
  wokeAgo = 0;
  a4 = 0;
  // behaviour
  liqCount = 0;
  readonly liqAsset: string[] = new Array<string>(MAX_LIQ).fill('');
  readonly liqFrac = new Float64Array(MAX_LIQ);
  readonly liqSeq = new Float64Array(MAX_LIQ);
  liqSince = 0;
  liqShown = false;
  b1 = 0;
  newSymbol = false;
  otherSymbols = 0;
  b2 = 0;
  limitStrength = 0;
  // fills
  fills = 0;
  fillQuote = 0;
  maxPrice = 0;
  minPrice = 0;
  firstFillSeq = -1;
  lastFillSeq = -1;
  lastFillT = 0;
  makers = 0;
  readonly makerIds = new Float64Array(16);
  depositAgo = -1;
  depositAmount = 0;
  depositSeq = -1;
}

class AccountTakeover implements Detector {
  private readonly profiles: AccountProfiles;
  private readonly p = new Pending();

  constructor(private readonly params: AccountTakeoverParams) {
    this.profiles = new AccountProfiles({ liquidationWindowMs: params.liquidationWindowMs, retentionMs: params.retentionMs });
  }

  /** For tests: the profile store (its size shows the state is bounded). */
  get profileStore(): AccountProfiles {
    return this.profiles;
  }

  onEvent(e: MarketEvent, out: AlertSink): void {
    const p = this.p;
    if (p.active) {
      if (e.type === 'trade' && e.takerOrder === p.order) this.fill(e);
      else this.finalize(out);
    }
    if (e.type === 'order-accepted') this.assess(e);
    this.profiles.observe(e);
  }

  private fill(e: EventOf<'trade'>): void {
    const p = this.p;
    p.fills++;
    p.fillQuote += e.quoteQty;
    if (p.maxPrice === 0 || e.price > p.maxPrice) p.maxPrice = e.price;
    if (p.minPrice === 0 || e.price < p.minPrice) p.minPrice = e.price;
    if (p.firstFillSeq < 0) p.firstFillSeq = e.seq;
    p.lastFillSeq = e.seq;
    p.lastFillT = e.t;
    let known = false;
    for (let i = 0; i < p.makers && i < p.makerIds.length; i++) if (p.makerIds[i] === e.makerAccount) known = true;
    if (!known) {
      if (p.makers < p.makerIds.length) p.makerIds[p.makers] = e.makerAccount;
      p.makers++;
    }
  }

  /** Reads the account's past (before this order is added to it) into the pending slot. */
  private assess(e: EventOf<'order-accepted'>): void {
    const p = this.p;
    const t = e.t;
    const r = this.profiles.get(e.account);
    const sm = this.profiles.symbol(e.symbol);
    p.active = true;
    p.order = e.order;
    p.account = e.account;
    p.symbol = e.symbol;
    p.side = e.side;
    p.t = t;
    p.seq = e.seq;
    p.channel = e.channel;
    p.ip = e.ip;
    p.kind = e.kind;
    p.byQuote = e.quoteQty !== null;
    p.limitPrice = e.kind === 'limit' && e.price !== null ? e.price : 0;
    p.fills = 0;
    p.fillQuote = 0;
    p.maxPrice = 0;
    p.minPrice = 0;
    p.firstFillSeq = -1;
    p.lastFillSeq = -1;
    p.lastFillT = t;
    p.makers = 0;
    p.quoteAsset = sm?.quote ?? '';
    p.baseAsset = sm?.base ?? '';
    p.ref = sm === undefined ? 0 : sm.ref.low(t);
    p.lastPrice = sm === undefined ? 0 : sm.ref.last;
    p.memorySpan = this.profiles.memoryStart < 0 ? 0 : t - this.profiles.memoryStart;
    this.assessAccess(e, r);
    this.assessBehaviour(e, r, sm);
  }

  private assessAccess(e: EventOf<'order-accepted'>, r: AccountRecord | undefined): void {
    const prm = this.params;
    const p = this.p;
    const t = e.t;
    const dormant = prm.dormantMs;
    // a1: key dormancy.
    p.keyState = KEY_NONE;
    p.key = e.key ?? 0;
    p.keySeq = -1;
    p.a1 = 0;
    p.provNewSource = false;
    p.provSharedAccounts = 0;
    p.provDevice = null;
    p.provIp = null;
    p.provIpOnce = false;
    p.provSeq = -1;
    let freshOrdinaryKey = false;
    if (e.key !== null) {
      const k = r?.key(e.key);
      const run = this.profiles.opts.runGapMs;
      if (k === undefined) {
        p.keyState = KEY_UNSEEN;
        p.keyAge = p.memorySpan;
        if (p.memorySpan >= dormant) p.a1 = 0.7;
      } else if (k.uses === 0 || (t - k.lastUsed <= run && t - k.runStart <= prm.wakeWindowMs && k.runUsesBefore === 0)) {
        // First use now, or a run of use that began with the first use a moment ago.
        p.keyState = KEY_NEVER_USED;
        p.wokeAgo = k.uses === 0 ? 0 : t - k.runStart;
        const first = k.uses === 0 ? t : k.runStart;
        p.keyAge = k.createdAt >= 0 ? first - k.createdAt : p.memorySpan;
        p.keySeq = k.createdSeq;
        p.a1 = p.keyAge >= dormant ? 1 : 0;
        freshOrdinaryKey = k.createdAt >= 0 && p.keyAge < dormant && !k.createdFromNewSource;
      } else {
        p.keyState = KEY_USED;
        p.keyUses = k.uses;
        const start = k.createdAt >= 0 ? k.createdAt : k.firstUsed;
        const plus = k.createdAt >= 0 ? 1 : 0;
        if (t - k.lastUsed > run || t - k.runStart > prm.wakeWindowMs) {
          // Judge the silence that ends now.
          p.wokeAgo = 0;
          p.keyGap = t - k.lastUsed;
          p.keyAge = t - start;
          p.keyTypical = p.keyAge / (k.uses + plus);
        } else {
          // Judge the silence that ended at the start of the current run of use.
          p.wokeAgo = t - k.runStart;
          p.keyGap = k.runGap;
          p.keyUses = k.runUsesBefore;
          p.keyTypical = (k.runStart - start) / (k.runUsesBefore + plus);
        }
        // The key's usual spacing over its whole life (this gap included), so a few uses do not mislead.
        if (p.keyGap >= dormant) p.a1 = dormancy(p.keyGap, dormant, p.keyTypical);
      }
      // a3: the session the key was created in.
      if (k !== undefined && k.createdAt >= 0) {
        p.provDevice = k.createdDevice;
        p.provIp = k.createdIp;
        p.provSeq = k.createdSeq;
        p.provNewSource = k.createdFromNewSource;
        if (k.createdDevice !== null) p.provSharedAccounts = this.profiles.accountsOnDevice(k.createdDevice);
        if (k.createdIp !== null && r !== undefined && r.actions >= 3) {
          const ipRec = r.ip(k.createdIp);
          p.provIpOnce = ipRec !== undefined && ipRec.count <= 1;
        }
      }
    }
    p.a3 = 0;
    if (p.provNewSource) p.a3 = Math.max(p.a3, 0.7);
    if (p.provSharedAccounts >= prm.sharedDeviceAccounts) p.a3 = 1;
    if (p.provIpOnce) p.a3 = Math.max(p.a3, 0.5);
    p.orderDeviceShared = e.device !== null ? this.profiles.accountsOnDevice(e.device) : 0;
    // A device already on other accounts, now used on this one too.
    if (e.device !== null && r?.device(e.device) === undefined && p.orderDeviceShared + 1 >= prm.sharedDeviceAccounts) p.a3 = 1;
    // a2: source novelty against the account's own baseline.
    p.baseline = r?.actions ?? 0;
    p.ipState = 0;
    p.deviceState = 0;
    p.device = e.device;
    p.platform = e.platform;
    p.platformNew = false;
    p.channelNew = false;
    p.explained = false;
    p.a2 = 0;
    if (r !== undefined && r.actions >= prm.minBaseline) {
      // Sources first seen in the current run of activity (woken up minutes ago) are as new as unseen ones.
      const inRun =
        r.runStart >= 0 && r.runActionsBefore >= prm.minBaseline && t - r.lastActive <= this.profiles.opts.runGapMs && t - r.runStart <= prm.wakeWindowMs;
      const runStart = inRun ? r.runStart : t;
      if (e.platform !== null) {
        // A platform's orders come from its servers: judge the IP against the platform, not the account.
        const pr = this.profiles.platform(e.platform);
        if (pr !== undefined && pr.orders >= prm.minBaseline * 10 && !this.profiles.platformUsesNetwork(e.platform, e.ip)) p.ipState = 2;
      } else {
        const ipRec = r.ip(e.ip);
        if (ipRec === undefined) p.ipState = r.knowsNetwork(e.ip) ? 0 : 2;
        else if (ipRec.first >= runStart) p.ipState = 2;
        else if (ipRec.count <= 1 && r.actions >= 3) p.ipState = 1;
      }
      if (e.device !== null) {
        const d = r.device(e.device);
        if (d === undefined || d.first >= runStart) p.deviceState = 2;
        else if (d.count <= 1 && r.actions >= 3) p.deviceState = 1;
      }
      // A key whose creation was seen declares its platform and channel: only an unseen key makes them news.
      const keySeen = p.keyState === KEY_NEVER_USED || p.keyState === KEY_USED;
      p.platformNew = e.platform !== null && !keySeen && !r.usedPlatform(e.platform);
      p.channelNew = !keySeen && (r.channels & CHANNEL_BIT[e.channel]) === 0;
      let a2 = noisyOr4(0.7 * (p.ipState / 2), 0.6 * (p.deviceState / 2), p.platformNew ? 0.5 : 0, p.channelNew ? 0.4 : 0);
      // A key created minutes ago in an ordinary session explains a new IP or device.
      if (freshOrdinaryKey) {
        a2 *= 0.3;
        p.explained = a2 > 0;
      }
      p.a2 = a2;
    }
    // a4: the account itself idle.
    p.accountGap = -1;
    p.accountWokeAgo = 0;
    if (r !== undefined && r.lastActive >= 0) {
      if (t - r.lastActive > this.profiles.opts.runGapMs || t - r.runStart > prm.wakeWindowMs || r.runGap < 0) {
        p.accountGap = t - r.lastActive;
        p.accountTypical = (t - r.firstSeen) / (r.actions + 1);
      } else {
        p.accountGap = r.runGap;
        p.accountWokeAgo = t - r.runStart;
        p.accountTypical = (r.runStart - r.firstSeen) / (r.runActionsBefore + 1);
      }
    }
    p.a4 = p.accountGap >= dormant ? dormancy(p.accountGap, dormant, p.accountTypical) : 0;
  }

  private assessBehaviour(e: EventOf<'order-accepted'>, r: AccountRecord | undefined, sm: SymbolMemory | undefined): void {
    const prm = this.params;
    const p = this.p;
    const t = e.t;
    p.liqCount = 0;
    p.b1 = 0;
    p.b2 = 0;
    p.newSymbol = false;
    p.otherSymbols = 0;
    p.limitStrength = 0;
    p.spend = 0;
    p.spendShare = 0;
    p.depositAgo = -1;
    p.depositSeq = -1;
    if (e.side !== 'buy') return;
    // b1: other holdings sold off shortly before.
    if (r !== undefined) {
      let maxFrac = 0;
      p.liqSince = t;
      for (let j = 0; j < r.holdingCount; j++) {
        const asset = r.holdingAsset(j);
        const since = r.holdingSoldSince(j);
        const sold = r.holdingSold(j);
        if (asset === p.quoteAsset || asset === p.baseAsset || since < 0 || sold <= 0) continue;
        if (t - since > prm.liquidationWindowMs) continue;
        const frac = sold / (sold + r.holdingBalance(j));
        if (frac < prm.liquidationFraction || p.liqCount >= MAX_LIQ) continue;
        p.liqAsset[p.liqCount] = asset;
        p.liqFrac[p.liqCount] = frac;
        p.liqSeq[p.liqCount] = r.holdingSoldSeq(j);
        p.liqCount++;
        if (since < p.liqSince) p.liqSince = since;
        if (frac > maxFrac) maxFrac = frac;
      }
      if (p.liqCount > 0) p.b1 = Math.min(1, 0.6 + 0.2 * p.liqCount) * maxFrac;
      // b2: a symbol never traded.
      p.newSymbol = !r.knowsSymbol(e.symbol);
      p.otherSymbols = r.symbolCount;
      if (p.newSymbol) p.b2 = p.otherSymbols > 0 ? 1 : 0.6;
      // mitigation: a fresh deposit of the quote coin.
      if (r.lastDeposit >= 0 && t - r.lastDeposit <= prm.depositWindowMs && r.lastDepositAsset === p.quoteAsset && p.quoteAsset !== '') {
        p.depositAgo = t - r.lastDeposit;
        p.depositAmount = r.lastDepositAmount;
        p.depositSeq = r.lastDepositSeq;
      }
    } else {
      p.newSymbol = true;
      p.b2 = 0.6;
    }
    // b3 (limit part) and b4: price and size.
    if (e.kind === 'limit' && e.price !== null && p.ref > 0) {
      const prem = e.price / p.ref - 1;
      if (prem >= prm.farLimitPremium) p.limitStrength = clamp01(0.5 + 0.5 * (Math.log1p(prem) - Math.log1p(prm.farLimitPremium)) / Math.log1p(prm.fullPremium));
    }
    if (sm !== undefined) {
      if (e.quoteQty !== null) p.spend = e.quoteQty;
      else if (e.price !== null && e.qty !== null) p.spend = e.price * e.qty * sm.quoteUnitsPerTickLot;
      const bal = r?.balance(sm.quote) ?? 0;
      if (bal > 0 && p.spend > 0) p.spendShare = Math.min(1, p.spend / bal);
    }
  }

  private finalize(out: AlertSink): void {
    const prm = this.params;
    const p = this.p;
    p.active = false;
    const buy = p.side === 'buy';
    // b3: price insensitivity. A market order alone is routine (weak); a limit far through the
    // reference, or fills far above the pre-burst price, are strong.
    let b3 = 0;
    let fillPrem = 0;
    if (buy) {
      b3 = p.limitStrength;
      if (p.ref > 0 && p.maxPrice > 0) {
        fillPrem = p.maxPrice / p.ref - 1;
        if (fillPrem > 0) b3 = Math.max(b3, clamp01(Math.log1p(fillPrem) / Math.log1p(prm.fullPremium)));
      }
    } else if (p.lastPrice > 0 && p.minPrice > 0) {
      // A dump: a sell that walks the book far below the last price before it.
      fillPrem = p.minPrice / p.lastPrice - 1;
      if (-fillPrem >= prm.dumpDiscount) b3 = clamp01(-fillPrem / (2 * prm.dumpDiscount));
    }
    // Spending most of the balance is telling only on a symbol the account never traded.
    const b4 = buy && p.newSymbol ? clamp01((p.spendShare - 0.3) / 0.6) : 0;
    // A liquidation counts when its proceeds are being spent (most of the quote balance goes into this buy).
    const b1 = p.spendShare >= 0.5 ? p.b1 : 0;
    const strong = 1 - (1 - W.b1 * b1) * (1 - W.b3 * b3) * (1 - W.b4 * b4);
    const access = noisyOr4(W.a1 * p.a1, W.a2 * p.a2, W.a3 * p.a3, W.a4 * p.a4);
    // Near-certain access anomalies need only a move into a symbol the account never traded.
    const certain = access >= prm.highAccess && p.newSymbol && buy;
    if (strong < prm.minBehaviour && !certain) return;
    if (!(access >= prm.minAccess || (b1 > 0 && strong >= prm.behaviourAlone))) return;
    // Sells that walk a thin book down happen in every crash: only near-certain access anomalies count.
    if (!buy && access < prm.highAccess) return;
    const market = buy && p.kind === 'market' ? W.market : 0;
    const behaviour = 1 - (1 - strong) * (1 - W.b2 * p.b2) * (1 - market);
    let score = 1 - (1 - access) * (1 - behaviour);
    if (p.depositAgo >= 0) score *= prm.depositFactor;
    if (score < prm.minScore) return;
    p.liqShown = b1 > 0;
    out.raise({
      t: p.fills > 0 ? p.lastFillT : p.t,
      seq: p.fills > 0 ? p.lastFillSeq : p.seq,
      symbol: p.symbol,
      accounts: [p.account],
      score,
      evidence: this.evidence(),
      explanation: this.explain(score, access, behaviour, b3, fillPrem),
    });
  }

  private evidence(): number[] {
    const p = this.p;
    const ev: number[] = [];
    const add = (s: number) => {
      if (s >= 0 && ev.length < this.params.maxEvidence && !ev.includes(s)) ev.push(s);
    };
    if (p.keyState === KEY_NEVER_USED || p.a1 > 0) add(p.keySeq);
    if (p.a3 > 0) add(p.provSeq);
    if (p.liqShown) for (let i = 0; i < p.liqCount; i++) add(p.liqSeq[i]!);
    add(p.depositSeq);
    add(p.seq);
    add(p.firstFillSeq);
    add(p.lastFillSeq);
    return ev.sort((a, b) => a - b);
  }

  private explain(score: number, access: number, behaviour: number, b3: number, fillPrem: number): string {
    const p = this.p;
    const parts: string[] = [];
    const keyName = `API key ${p.key}`;
    const woke = (ago: number) => (ago > 0 ? ` ${formatDuration(ago)} ago` : '');
    if (p.keyState === KEY_NEVER_USED && p.a1 > 0) parts.push(`${keyName} first used${woke(p.wokeAgo) || ' now'}, ${formatDuration(p.keyAge)} after its creation`);
    else if (p.keyState === KEY_UNSEEN && p.a1 > 0) parts.push(`${keyName} never seen in ${formatDuration(p.memorySpan)} of history, first use`);
    else if (p.keyState === KEY_USED && p.a1 > 0)
      parts.push(`${keyName} unused for ${formatDuration(p.keyGap)} until${woke(p.wokeAgo) || ' now'} (${p.keyUses} earlier uses${p.keyTypical > 0 ? `, about one every ${formatDuration(p.keyTypical)}` : ''})`);
    if (p.a3 > 0) {
      const bits: string[] = [];
      if (p.provNewSource) bits.push(`from a session on an IP and device new to the account${p.provIp ? ` (${p.provIp})` : ''}`);
      if (p.provSharedAccounts >= this.params.sharedDeviceAccounts) bits.push(`on device ${p.provDevice} that is used on ${p.provSharedAccounts} accounts`);
      if (p.provIpOnce && !p.provNewSource) bits.push(`from IP ${p.provIp} the account never used again`);
      if (bits.length > 0) parts.push(`the key was created ${bits.join(', ')}`);
      if (p.device !== null && p.orderDeviceShared + 1 >= this.params.sharedDeviceAccounts) parts.push(`device ${p.device} is used on ${p.orderDeviceShared} other accounts`);
    }
    if (p.a2 > 0) {
      const bits: string[] = [];
      if (p.ipState === 2) bits.push(`IP ${p.ip} (a network new to the account)`);
      else if (p.ipState === 1) bits.push(`IP ${p.ip} (seen once before)`);
      if (p.deviceState === 2) bits.push(`a new device ${p.device}`);
      else if (p.deviceState === 1) bits.push(`device ${p.device} (seen once before)`);
      if (p.platformNew) bits.push(`platform ${p.platform} (first order through it)`);
      if (p.channelNew) bits.push(`its first ${p.channel} order`);
      if (bits.length > 0) parts.push(`${bits.join(', ')}, against ${p.baseline} earlier actions${p.explained ? ' (partly explained by a key created minutes before)' : ''}`);
    }
    if (p.a4 > 0) parts.push(`account idle for ${formatDuration(p.accountGap)} until${woke(p.accountWokeAgo) || ' now'}`);
    if (p.liqShown) {
      const sold: string[] = [];
      for (let i = 0; i < p.liqCount; i++) sold.push(`${Math.round(p.liqFrac[i]! * 100)}% of ${p.liqAsset[i]}`);
      parts.push(`sold ${sold.join(' and ')} in the ${formatDuration(p.t - p.liqSince)} before`);
    }
    if (p.newSymbol) parts.push(p.otherSymbols > 0 ? `first trade in ${p.symbol} (it traded ${p.otherSymbols} other symbol${p.otherSymbols > 1 ? 's' : ''})` : `first trade ever, in ${p.symbol}`);
    const dec = this.profiles.assetDecimals(p.quoteAsset);
    if (p.side === 'buy') {
      const how = p.kind === 'market' ? (p.byQuote ? 'market buy sized by quote' : 'market buy') : `limit buy at ${p.limitPrice}`;
      const size = p.spend > 0 ? ` of ${formatAmount(p.spend, dec)} ${p.quoteAsset}${p.spendShare > 0 ? ` (${Math.round(p.spendShare * 100)}% of its ${p.quoteAsset})` : ''}` : '';
      parts.push(`${how}${size}`);
      if (p.limitStrength > 0 && p.ref > 0) parts.push(`limit ${formatPct(p.limitPrice / p.ref - 1)} over the pre-burst price ${p.ref}`);
      if (p.fills > 0 && p.ref > 0) parts.push(`filled at up to ${p.maxPrice} (${formatPct(fillPrem)} over the pre-burst price ${p.ref}) by ${p.makers} seller${p.makers === 1 ? '' : 's'}`);
    } else if (b3 > 0) parts.push(`sold down to ${p.minPrice} (${formatPct(fillPrem)} against the last price ${p.lastPrice})`);
    if (p.depositAgo >= 0) parts.push(`but it deposited ${formatAmount(p.depositAmount, dec)} ${p.quoteAsset} ${formatDuration(p.depositAgo)} before (owner present: score halved)`);
    return (
      `account ${p.account} looks taken over, stop its API keys (score ${score.toFixed(2)}: access ${access.toFixed(2)}, behaviour ${behaviour.toFixed(2)}): ` +
      parts.join('; ')
    );
  }
}

export const accountTakeover = defineDetector({
  name: 'account-takeover',
  summary: 'dormant key or account suddenly trading from a new source, selling its holdings to buy a thin coin at any price',
  family: 'account takeover',
  needs: ['orders', 'trades', 'accounts', 'sources'],
  params: accountTakeoverParams,
  create: (params) => new AccountTakeover(params),
});
