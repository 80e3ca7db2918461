/**
 * deposit-linkage: "hackers don't deposit" turned around. The attacker
 * deposits the COIN; the whale deposits the QUOTE.
 *
 * Signal: an account that deposited a coin (the base asset of a symbol)
 * recently sells it at a premium into a spike, then asks to withdraw the
 * proceeds (the quote asset) soon after; accounts that share the coin's
 * deposit source address, a withdrawal destination or a device with such a
 * seller are linked to it and named with it. The score is graded by how many
 * of these hold, and how strongly: coin deposited (the gate), sold at a
 * premium (how far above the market), withdrawal requested within
 * `withdrawWithinMs` of selling (how fast), linked to other recent depositors
 * or premium sellers (how many).
 *
 * Two moments raise an alert:
 * - at the SELL fill: the sale filled an ask that was placed far above the
 *   market (a pre-positioned ladder), or a fill far above the pre-spike price
 *   by an account linked to other recent depositors of the coin. This is
 *   usually the pump's first second, well before the harm point;
 * - at the WITHDRAWAL REQUEST of the quote asset after a premium sale (the
 *   harm point itself: an alert here still lets the exchange stop the
 *   withdrawal before it is processed), and again when later withdrawals to a
 *   destination shared with other premium sellers raise the score by
 *   `escalation` or more. Each moment has its own subject, so the runner's
 *   repeat suppression keeps both.
 *
 * Source: CALIBRATION.md, detector family "deposit / withdrawal linkage"
 * (Binance VIA/BTC 2018: 31 accounts loaded with VIA in advance sold into the
 * forced buying and requested BTC withdrawals immediately; SEC 2022: the
 * perpetrators' sells executed directly against the forced buys), and the
 * organic counterpart ("one user deposited funds and started buying ... no
 * linkage between the accounts").
 *
 * Why it generalises: it rests on what the attacker must do to profit, not on
 * how the victims are driven. Whatever the keys, channels or pacing, the
 * attacker has to own the coin before the pump (deposited, since buying it
 * would move the price first), sell it above the market, and take the quote
 * out. Honest look-alikes miss at least one leg: a whale deposits the quote
 * and buys; followers and holders did not deposit the coin just before, or do
 * not withdraw at once; a market maker that moves inventory in and out quotes
 * both sides and sells at the touch, not at a premium (its fills during a
 * pump count as premium only when it does not also quote bids).
 *
 * Known blind spots:
 * - a coin bought on the exchange long before, or deposited before
 *   `depositLookbackMs` (a patient attacker) passes the gate silently;
 * - asks placed at the touch just as the pump starts, by an account that also
 *   quotes bids (a disguised maker), are not a premium;
 * - one seller with no linked accounts that withdraws after
 *   `withdrawWithinMs` is never alerted (the slow mimic); it only gets the
 *   sell-time alert when its asks were placed far above the market;
 * - an honest holder who deposited the coin and left a take-profit ask far
 *   above the market that a pump fills gets a sell-time alert (moderate
 *   score); the withdrawal leg is what separates it;
 * - deposit addresses of custodial services (exchange hot wallets) are shared
 *   by many unrelated users: an address seen on more than `maxPerLink`
 *   accounts is ignored as linkage.
 */
import { z } from 'zod';
import type { EventOf, MarketEvent } from '../../core/index.js';
import type { AlertSink } from '../alert.js';
import { defineDetector, type Detector } from '../detector.js';

export const depositLinkageParams = z.object({
  /** How long a coin deposit stays "recent" (ms): sales of that coin within it are examined. */
  depositLookbackMs: z.number().int().positive().default(24 * 3_600_000),
  /**
   * A sell limit placed at this multiple or more of the market (the larger of the last trade
   * and the slow reference price) when it was accepted is a pre-positioned premium ask (x, > 1).
   */
  placementPremium: z.number().gt(1).default(1.3),
  /** A fill at this multiple or more of the slow pre-spike reference price sold into a spike (x, > 1). */
  fillPremium: z.number().gt(1).default(2),
  /** Premium (x) at which the premium evidence counts in full; it grows with log(premium) below it. */
  fullPremium: z.number().gt(1).default(3),
  /** Half-life of the slow reference price, a time-weighted EWMA of log trade prices (ms). */
  referenceHalfLifeMs: z.number().int().positive().default(30 * 60_000),
  /** A withdrawal of the quote asset requested within this long after a premium sale escalates (ms). */
  withdrawWithinMs: z.number().int().positive().default(60 * 60_000),
  /**
   * An account that posted a resting buy limit (GTC) on the symbol within this long before a fill
   * quotes both sides like a market maker: its fills count as premium only through placement (ms).
   */
  twoSidedMs: z.number().int().positive().default(60 * 60_000),
  /** An unlinked seller whose only premium is a spike fill is alerted when it withdraws within this long (ms). */
  quickWithdrawMs: z.number().int().positive().default(10 * 60_000),
  /** Alerts below this score are not raised (0..1). */
  minScore: z.number().min(0).max(1).default(0.3),
  /** Fills of the sale at which the "sold repeatedly into the spike" evidence is full (count). */
  fullFills: z.number().int().positive().default(10),
  /** Linked accounts (sharing a coin deposit address, withdrawal address or device) at which the linkage evidence is full. */
  fullLinked: z.number().int().positive().default(3),
  /** An address or device seen on more accounts than this is shared infrastructure (a custodial hot wallet), not a link. */
  maxPerLink: z.number().int().positive().default(64),
  /** Raise again for an account only when its score rose by at least this much (0..1). */
  escalation: z.number().min(0).max(1).default(0.1),
  /** Accounts named in one alert at most (the triggering account first, then linked ones). */
  maxNamed: z.number().int().positive().default(50),
  /** Accounts with a recent coin deposit kept at most (oldest dropped first). */
  maxAccounts: z.number().int().positive().default(50_000),
  /** Premium sell orders remembered at most (oldest dropped first). */
  maxOrders: z.number().int().positive().default(20_000),
});
export type DepositLinkageParams = z.output<typeof depositLinkageParams>;

/** Weights of the five legs in the score (they sum to 1). */
const W_DEPOSIT = 0.25;
const W_PREMIUM = 0.25;
const W_FILLS = 0.1;
const W_WITHDRAW = 0.25;
const W_LINK = 0.15;
const MAX_EVIDENCE = 20;
const MAX_DEPOSITS = 4;
const SWEEP_MS = 10 * 60_000;
/** The slow reference is advanced at most once per this many ms (keeps per-trade work to a compare). */
const REF_STEP_MS = 1_000;

interface SymState {
  symbol: string;
  base: string;
  quote: string;
  baseUnitsPerLot: number;
  /** Slow reference, log price; NaN before the first trade. */
  ref: number;
  /** exp(ref), ticks. */
  refPrice: number;
  refT: number;
  /** Last trade price (ticks), 0 before the first trade. */
  last: number;
}

interface Dep {
  deposit: number;
  asset: string;
  amount: number;
  address: string;
  t: number;
  seq: number;
}

interface Sale {
  sym: SymState;
  firstT: number;
  lastT: number;
  fills: number;
  lots: number;
  quoteUnits: number;
  /** Highest fill price over the reference (x). */
  fillPremium: number;
  /** Highest placement premium of a filled order (x), 0 when none was placed at a premium. */
  placedPremium: number;
  evidence: number[];
}

interface Wd {
  t: number;
  seq: number;
  amount: number;
  asset: string;
  address: string;
  delayMs: number;
}

interface Cand {
  account: number;
  deps: Dep[];
  lastT: number;
  /** Last resting buy limit: symbol, price (ticks) and time. */
  bidSymbol: string | null;
  bidPrice: number;
  bidT: number;
  sale: Sale | null;
  wd: Wd | null;
  devices: string[];
  /** Highest score this account was alerted (or named) at. */
  alerted: number;
  /** Cached answer of mayBeLinked, valid while linkVersion is unchanged. */
  mayLink: boolean;
  mayLinkVersion: number;
}

interface Link {
  accounts: number[];
  t: number;
  /** More accounts than maxPerLink: shared infrastructure, ignored. */
  infra: boolean;
}

interface PremOrder {
  premium: number;
  seq: number;
  t: number;
}

class DepositLinkage implements Detector {
  private readonly symbols = new Map<string, SymState>();
  private readonly quoteOnly = new Set<string>();
  private readonly baseAssets = new Set<string>();
  private readonly decimals = new Map<string, number>();
  private readonly cands = new Map<number, Cand>();
  private readonly premOrders = new Map<number, PremOrder>();
  /** Coin deposit source address -> recent depositors. */
  private readonly depAddr = new Map<string, Link>();
  /** Withdrawal destination -> premium sellers that withdrew there. */
  private readonly wdAddr = new Map<string, Link>();
  /** Device -> recent coin depositors seen on it. */
  private readonly devAddr = new Map<string, Link>();
  private nextSweep = 0;
  /** How the last linked() call linked: by deposit address, withdrawal address, device (counts, may overlap). */
  private readonly linkKinds = [0, 0, 0];
  /** Bumped whenever a link gains an account (invalidates the per-account mayBeLinked cache). */
  private linkVersion = 0;
  private lastSym: SymState | null = null;
  private readonly decayPerMs: number;

  constructor(private readonly p: DepositLinkageParams) {
    this.decayPerMs = Math.LN2 / p.referenceHalfLifeMs;
  }

  /** Internal sizes, for tests of bounded state. */
  sizes(): Record<string, number> {
    return {
      cands: this.cands.size,
      premOrders: this.premOrders.size,
      depAddr: this.depAddr.size,
      wdAddr: this.wdAddr.size,
      devAddr: this.devAddr.size,
      symbols: this.symbols.size,
    };
  }

  onEvent(e: MarketEvent, out: AlertSink): void {
    switch (e.type) {
      case 'trade':
        this.onTrade(e, out);
        break;
      case 'order-accepted':
        this.onOrder(e);
        break;
      case 'deposit':
        this.onDeposit(e);
        break;
      case 'withdrawal-request':
        this.onWithdrawal(e, out);
        break;
      case 'login':
        if (e.device !== null) this.seeDevice(e.account, e.device, e.t);
        break;
      case 'symbol-listed':
        this.listSymbol(e.symbol, e.baseAsset, e.quoteAsset, e.baseUnitsPerLot);
        break;
      case 'asset-listed':
        this.decimals.set(e.asset, e.decimals);
        break;
      default:
        break;
    }
    if (e.t >= this.nextSweep) {
      this.sweep(e.t);
      this.nextSweep = e.t + SWEEP_MS;
    }
  }

  private listSymbol(symbol: string, base: string, quote: string, baseUnitsPerLot: number): SymState {
    let s = this.symbols.get(symbol);
    if (s === undefined) {
      s = { symbol, base, quote, baseUnitsPerLot, ref: NaN, refPrice: 0, refT: 0, last: 0 };
      this.symbols.set(symbol, s);
    }
    this.baseAssets.add(base);
    this.quoteOnly.delete(base);
    if (!this.baseAssets.has(quote)) this.quoteOnly.add(quote);
    return s;
  }

  /** The symbol's state; a symbol never listed (imported trades) is split on '/' with 1 base unit per lot. */
  private sym(symbol: string): SymState {
    const c = this.lastSym;
    if (c !== null && c.symbol === symbol) return c;
    let s = this.symbols.get(symbol);
    if (s === undefined) {
      const i = symbol.indexOf('/');
      s = this.listSymbol(symbol, i > 0 ? symbol.slice(0, i) : symbol, i > 0 ? symbol.slice(i + 1) : '', 1);
    }
    this.lastSym = s;
    return s;
  }

  /** Advances the slow reference to t with the price that held since the last step (the new trade enters later). */
  private advanceRef(s: SymState, t: number): void {
    if (s.last === 0) return;
    if (Number.isNaN(s.ref)) {
      s.ref = Math.log(s.last);
      s.refPrice = s.last;
      s.refT = t;
      return;
    }
    const dt = t - s.refT;
    if (dt < REF_STEP_MS) return;
    const lp = Math.log(s.last);
    s.ref = lp + (s.ref - lp) * Math.exp(-this.decayPerMs * dt);
    s.refPrice = Math.exp(s.ref);
    s.refT = t;
  }

  private onDeposit(e: EventOf<'deposit'>): void {
    if (this.quoteOnly.has(e.asset)) return;
    let c = this.cands.get(e.account);
    if (c === undefined) {
      c = { account: e.account, deps: [], lastT: e.t, bidSymbol: null, bidPrice: 0, bidT: -Infinity, sale: null, wd: null, devices: [], alerted: 0, mayLink: false, mayLinkVersion: -1 };
      this.cands.set(e.account, c);
      if (this.cands.size > this.p.maxAccounts) this.dropOldest(this.cands, this.p.maxAccounts);
    }
    for (const d of c.deps) if (d.deposit === e.deposit) return; // pending then credited: one deposit
    c.deps.push({ deposit: e.deposit, asset: e.asset, amount: e.amount, address: e.address, t: e.t, seq: e.seq });
    if (c.deps.length > MAX_DEPOSITS) c.deps.shift();
    c.lastT = e.t;
    this.link(this.depAddr, e.address, e.account, e.t);
  }

  private onOrder(e: EventOf<'order-accepted'>): void {
    const c = this.cands.get(e.account);
    if (c === undefined) return;
    if (e.device !== null) this.seeDevice(e.account, e.device, e.t);
    if (e.kind !== 'limit' || e.price === null) return;
    if (e.side === 'buy') {
      if (e.tif === 'gtc') {
        c.bidSymbol = e.symbol;
        c.bidPrice = e.price;
        c.bidT = e.t;
      }
      return;
    }
    const s = this.sym(e.symbol);
    this.advanceRef(s, e.t);
    if (s.last === 0) return;
    // A two-sided quoter's ask is measured against its own bid too: a maker whose quotes follow a pump
    // sells at its own touch, not at a premium.
    const ownBid = c.bidSymbol === e.symbol && e.t - c.bidT <= this.p.twoSidedMs ? c.bidPrice : 0;
    const market = Math.max(s.last, s.refPrice, ownBid);
    const premium = e.price / market;
    if (premium < this.p.placementPremium) return;
    this.premOrders.set(e.order, { premium, seq: e.seq, t: e.t });
    if (this.premOrders.size > this.p.maxOrders) this.dropOldest(this.premOrders, this.p.maxOrders);
  }

  private onTrade(e: EventOf<'trade'>, out: AlertSink): void {
    const s = this.sym(e.symbol);
    this.advanceRef(s, e.t);
    const prevLast = s.last;
    s.last = e.price;
    const sellerIsTaker = e.aggressor === 'sell';
    const c = this.cands.get(sellerIsTaker ? e.takerAccount : e.makerAccount);
    if (c === undefined) return;
    const dep = this.recentDeposit(c, s.base, e.t);
    if (dep === null) return;
    const refPrice = Number.isNaN(s.ref) ? prevLast : s.refPrice;
    const prem = this.premOrders.get(sellerIsTaker ? e.takerOrder : e.makerOrder);
    const twoSided = c.bidSymbol === e.symbol && e.t - c.bidT <= this.p.twoSidedMs;
    const fillPremium = refPrice > 0 && !twoSided ? e.price / refPrice : 0;

    let sale = c.sale;
    if (sale === null || sale.sym !== s || e.t - sale.lastT > this.p.withdrawWithinMs) {
      sale = { sym: s, firstT: e.t, lastT: e.t, fills: 0, lots: 0, quoteUnits: 0, fillPremium: 0, placedPremium: 0, evidence: [dep.seq] };
      c.sale = sale;
      c.wd = null;
    }
    sale.lastT = e.t;
    sale.fills++;
    sale.lots += e.qty;
    sale.quoteUnits += e.quoteQty;
    c.lastT = e.t;
    const spike = fillPremium >= this.p.fillPremium;
    if (spike && fillPremium > sale.fillPremium) sale.fillPremium = fillPremium;
    if (prem !== undefined && prem.premium > sale.placedPremium) {
      sale.placedPremium = prem.premium;
      pushCapped(sale.evidence, prem.seq);
    }
    if (prem !== undefined || spike || sale.fills <= 3) pushCapped(sale.evidence, e.seq);

    // At the sell: a pre-positioned premium ask, or a sale by an account linked to other recent depositors of the coin.
    if (prem === undefined && sale.placedPremium === 0 && c.alerted === 0 && !this.mayBeLinked(c, dep)) return;
    const linked = this.linked(c, dep, e.t);
    if (sale.placedPremium === 0 && linked.length === 0) return;
    const score = this.score(c, dep, e.t, linked.length);
    if (score < this.p.minScore || score < c.alerted + this.p.escalation) return;
    this.raise(out, e.t, e.seq, 'sell', c, dep, linked, score);
  }

  private onWithdrawal(e: EventOf<'withdrawal-request'>, out: AlertSink): void {
    const c = this.cands.get(e.account);
    if (c === undefined) return;
    if (e.device !== null) this.seeDevice(e.account, e.device, e.t);
    const sale = c.sale;
    if (sale === null || e.asset !== sale.sym.quote) return;
    const delayMs = e.t - sale.lastT;
    if (delayMs > this.p.withdrawWithinMs) return;
    const dep = this.recentDeposit(c, sale.sym.base, e.t);
    if (dep === null) return;
    const first = c.wd === null;
    c.wd = { t: e.t, seq: e.seq, amount: e.amount, asset: e.asset, address: e.address, delayMs: first ? delayMs : Math.min(c.wd!.delayMs, delayMs) };
    pushCapped(sale.evidence, e.seq);
    c.lastT = e.t;
    this.link(this.wdAddr, e.address, e.account, e.t);
    const linked = this.linked(c, dep, e.t);
    // Unlinked and never placed at a premium: only a spike sale withdrawn at once is worth an alert.
    if (sale.placedPremium === 0 && linked.length === 0 && !(sale.fillPremium > 0 && c.wd.delayMs <= this.p.quickWithdrawMs)) return;
    const score = this.score(c, dep, e.t, linked.length);
    if (score < this.p.minScore) return;
    // The first withdrawal request is the harm point: alert unless an earlier alert already named it at this strength.
    if (score < c.alerted + (first ? this.p.escalation / 2 : this.p.escalation)) return;
    this.raise(out, e.t, e.seq, first ? 'withdrawal' : 'withdrawal-linked', c, dep, linked, score);
  }

  /** The most recent deposit of `asset` within the lookback, or null. */
  private recentDeposit(c: Cand, asset: string, t: number): Dep | null {
    for (let i = c.deps.length - 1; i >= 0; i--) {
      const d = c.deps[i]!;
      if (d.asset === asset && t - d.t <= this.p.depositLookbackMs) return d;
    }
    return null;
  }

  private seeDevice(account: number, device: string, t: number): void {
    const c = this.cands.get(account);
    if (c === undefined) return;
    if (c.devices.includes(device)) {
      const l = this.devAddr.get(device);
      if (l !== undefined) l.t = t;
      return;
    }
    c.devices.push(device);
    if (c.devices.length > MAX_DEPOSITS) c.devices.shift();
    this.link(this.devAddr, device, account, t);
  }

  private link(map: Map<string, Link>, key: string, account: number, t: number): void {
    let l = map.get(key);
    if (l === undefined) {
      l = { accounts: [], t, infra: false };
      map.set(key, l);
    }
    l.t = t;
    if (l.infra || l.accounts.includes(account)) return;
    if (l.accounts.length >= this.p.maxPerLink) {
      l.infra = true;
      l.accounts.length = 0;
      return;
    }
    l.accounts.push(account);
    this.linkVersion++;
  }

  /** Cheap pre-check (no allocation): does one of c's address links carry another account? Cached per link version. */
  private mayBeLinked(c: Cand, dep: Dep): boolean {
    if (c.mayLinkVersion === this.linkVersion) return c.mayLink;
    const shared = (l: Link | undefined) => l !== undefined && !l.infra && l.accounts.length > 1;
    const r = shared(this.depAddr.get(dep.address)) || (c.wd !== null && shared(this.wdAddr.get(c.wd.address)));
    c.mayLink = r;
    c.mayLinkVersion = this.linkVersion;
    return r;
  }

  /**
   * Other accounts linked to c, sorted: by address (same coin deposit source among recent depositors of
   * the same coin, same withdrawal destination among premium sellers) and, once an address link or a
   * premium ask holds, by device (recent coin depositors seen on one of c's devices). Devices alone do
   * not gate: a phisher logs in to its victims from its own machine, which links victims too.
   */
  private linked(c: Cand, dep: Dep, t: number): number[] {
    const seen = new Set<number>();
    const kinds = this.linkKinds;
    kinds[0] = kinds[1] = kinds[2] = 0;
    const add = (l: Link | undefined, needCoin: boolean, kind: number) => {
      if (l === undefined || l.infra) return;
      for (const a of l.accounts) {
        if (a === c.account) continue;
        const o = this.cands.get(a);
        if (o === undefined) continue;
        if (needCoin && this.recentDeposit(o, dep.asset, t) === null) continue;
        kinds[kind] = kinds[kind]! + 1;
        seen.add(a);
      }
    };
    add(this.depAddr.get(dep.address), true, 0);
    if (c.wd !== null) add(this.wdAddr.get(c.wd.address), false, 1);
    if (seen.size === 0 && (c.sale === null || c.sale.placedPremium === 0)) return [];
    for (const d of c.devices) add(this.devAddr.get(d), true, 2);
    return [...seen].sort((a, b) => a - b);
  }

  /** Graded: deposit (recency) + premium (log scale) + fills + withdrawal speed + linked accounts. */
  private score(c: Cand, dep: Dep, t: number, linked: number): number {
    const p = this.p;
    const sale = c.sale!;
    const de = 1 - 0.5 * Math.min(1, (t - dep.t) / p.depositLookbackMs);
    const premium = Math.max(sale.placedPremium, sale.fillPremium, 1);
    const pe = Math.min(1, Math.log(premium) / Math.log(p.fullPremium));
    const fe = Math.min(1, sale.fills / p.fullFills);
    const we = c.wd === null ? 0 : 1 - 0.5 * Math.min(1, c.wd.delayMs / p.withdrawWithinMs);
    const le = Math.min(1, linked / p.fullLinked);
    return Math.min(1, W_DEPOSIT * de + W_PREMIUM * pe + W_FILLS * fe + W_WITHDRAW * we + W_LINK * le);
  }

  private raise(out: AlertSink, t: number, seq: number, stage: string, c: Cand, dep: Dep, linked: number[], score: number): void {
    const sale = c.sale!;
    const s = sale.sym;
    const named = [c.account, ...linked.slice(0, this.p.maxNamed - 1)].sort((a, b) => a - b);
    for (const a of named) {
      const o = this.cands.get(a);
      if (o !== undefined && o.alerted < score) o.alerted = score;
    }
    c.alerted = Math.max(c.alerted, score);
    const parts: string[] = [];
    const ago = (t - dep.t) / 3_600_000;
    parts.push(
      `account ${c.account} deposited ${this.amount(dep.amount, dep.asset)} ${dep.asset} ${ago.toFixed(1)} h ago`,
    );
    parts.push(
      `sold ${sale.lots} lots of ${s.symbol} in ${sale.fills} fill${sale.fills === 1 ? '' : 's'} for ${this.amount(sale.quoteUnits, s.quote)} ${s.quote}` +
        (sale.fillPremium > 0 ? ` at up to ${sale.fillPremium.toFixed(2)}x the pre-spike price` : '') +
        (sale.placedPremium > 0 ? ` (asks placed at ${sale.placedPremium.toFixed(2)}x the market)` : ''),
    );
    if (c.wd !== null) {
      parts.push(
        `requested a withdrawal of ${this.amount(c.wd.amount, c.wd.asset)} ${c.wd.asset} ${(c.wd.delayMs / 1000).toFixed(1)} s after selling`,
      );
    }
    if (linked.length > 0) {
      const [byDep, byWd, byDev] = this.linkKinds;
      const how = [
        byDep! > 0 ? `${byDep} deposited ${dep.asset} from the same address` : '',
        byWd! > 0 ? `${byWd} withdrew to the same address` : '',
        byDev! > 0 ? `${byDev} used the same device` : '',
      ].filter((x) => x !== '');
      parts.push(`linked to ${linked.length} other account${linked.length === 1 ? '' : 's'} (${how.join(', ')})`);
    }
    out.raise({
      t,
      seq,
      symbol: s.symbol,
      accounts: named,
      score,
      // The deposit, the premium ask, the first fills, and the withdrawal request when there is one.
      evidence: c.wd !== null && !sale.evidence.includes(c.wd.seq) ? [...sale.evidence.slice(0, MAX_EVIDENCE - 1), c.wd.seq] : sale.evidence.slice(0, MAX_EVIDENCE),
      explanation: parts.join('; '),
      subject: `deposit-linkage|${stage}|${s.symbol}|${c.account}|${Math.round(score * 100)}`,
    });
  }

  private amount(units: number, asset: string): string {
    const d = this.decimals.get(asset);
    return d === undefined ? `${units} units of` : (units / 10 ** d).toFixed(Math.min(d, 8)).replace(/\.?0+$/, '');
  }

  private dropOldest<K, V>(m: Map<K, V>, cap: number): void {
    for (const k of m.keys()) {
      if (m.size <= cap) break;
      m.delete(k);
    }
  }

  /** Forgets what is older than the windows: deposits, sales, orders, links. */
  private sweep(t: number): void {
    const p = this.p;
    for (const [a, c] of this.cands) {
      if (c.deps.length > 0 && t - c.deps[c.deps.length - 1]!.t > p.depositLookbackMs) c.deps.length = 0;
      if (c.sale !== null && t - c.sale.lastT > p.withdrawWithinMs) {
        c.sale = null;
        c.wd = null;
      }
      if (c.deps.length === 0 && c.sale === null) this.cands.delete(a);
    }
    for (const [o, r] of this.premOrders) if (t - r.t > p.depositLookbackMs) this.premOrders.delete(o);
    for (const m of [this.depAddr, this.wdAddr, this.devAddr]) {
      for (const [k, l] of m) if (t - l.t > p.depositLookbackMs) m.delete(k);
    }
  }
}

function pushCapped(a: number[], seq: number): void {
  if (a.length < MAX_EVIDENCE) a.push(seq);
}

export const depositLinkage = defineDetector({
  name: 'deposit-linkage',
  summary: 'recent coin depositor sells at a premium into a spike and withdraws the quote at once; names it and linked accounts',
  family: 'deposit / withdrawal linkage',
  needs: ['trades', 'accounts', 'transfers'],
  params: depositLinkageParams,
  create: (p) => new DepositLinkage(p),
});
