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
 *
 * Files: this one reads the stream, follows the fills and scores; the
 * parameters are in account-takeover-params.ts, the judged order in
 * account-takeover-pending.ts, the indicators read from the profile in
 * account-takeover-indicators.ts, evidence and explanation in
 * account-takeover-explain.ts.
 */
import type { EventOf, MarketEvent } from '../../core/index.js';
import type { AlertSink } from '../alert.js';
import { defineDetector, type Detector } from '../detector.js';
import { AccountProfiles } from '../account-profile.js';
import { accountTakeoverParams, type AccountTakeoverParams } from './account-takeover-params.js';
import { Pending } from './account-takeover-pending.js';
import { assessAccess, assessBehaviour, noisyOr4 } from './account-takeover-indicators.js';
import { clamp01 } from '../alert.js';
import { takeoverEvidence, takeoverExplanation } from './account-takeover-explain.js';

/** Indicator weights in the noisy-or (documented above). */
const W = { a1: 0.6, a2: 0.5, a3: 0.45, a4: 0.25, b1: 0.55, b2: 0.3, b3: 0.45, b4: 0.35, market: 0.15 };

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
    assessAccess(p, this.params, this.profiles, e, r);
    assessBehaviour(p, this.params, e, r, sm);
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
      evidence: takeoverEvidence(p, prm),
      explanation: takeoverExplanation(p, prm, this.profiles, score, access, behaviour, b3, fillPrem),
    });
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
