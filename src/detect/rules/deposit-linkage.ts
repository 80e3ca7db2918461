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
 *
 * Files: parameters in deposit-linkage-params.ts, what is remembered per
 * symbol and candidate in deposit-linkage-state.ts, the links between accounts
 * in deposit-linkage-links.ts, the score and the explanation in
 * deposit-linkage-score.ts; the two alert moments are here.
 */
import type { EventOf, MarketEvent } from '../../core/index.js';
import type { AlertSink } from '../alert.js';
import { defineDetector, type Detector } from '../detector.js';
import { depositLinkageParams, type DepositLinkageParams } from './deposit-linkage-params.js';
import { advanceRef, type Cand, type Dep, MAX_DEPOSITS, MAX_EVIDENCE, type PremOrder, pushCapped, recentDeposit, type SymState } from './deposit-linkage-state.js';
import { LinkIndex } from './deposit-linkage-links.js';
import { linkageExplanation, linkageScore } from './deposit-linkage-score.js';

const SWEEP_MS = 10 * 60_000;

class DepositLinkage implements Detector {
  private readonly symbols = new Map<string, SymState>();
  private readonly quoteOnly = new Set<string>();
  private readonly baseAssets = new Set<string>();
  private readonly decimals = new Map<string, number>();
  private readonly cands = new Map<number, Cand>();
  private readonly premOrders = new Map<number, PremOrder>();
  private readonly links: LinkIndex;
  private nextSweep = 0;
  private lastSym: SymState | null = null;
  private readonly decayPerMs: number;

  constructor(private readonly p: DepositLinkageParams) {
    this.decayPerMs = Math.LN2 / p.referenceHalfLifeMs;
    this.links = new LinkIndex(p);
  }

  /** Internal sizes, for tests of bounded state. */
  sizes(): Record<string, number> {
    return {
      cands: this.cands.size,
      premOrders: this.premOrders.size,
      depAddr: this.links.depAddr.size,
      wdAddr: this.links.wdAddr.size,
      devAddr: this.links.devAddr.size,
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
    this.links.link(this.links.depAddr, e.address, e.account, e.t);
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
    advanceRef(s, e.t, this.decayPerMs);
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
    advanceRef(s, e.t, this.decayPerMs);
    const prevLast = s.last;
    s.last = e.price;
    const sellerIsTaker = e.aggressor === 'sell';
    const c = this.cands.get(sellerIsTaker ? e.takerAccount : e.makerAccount);
    if (c === undefined) return;
    const dep = recentDeposit(c, s.base, e.t, this.p.depositLookbackMs);
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
    if (prem === undefined && sale.placedPremium === 0 && c.alerted === 0 && !this.links.mayBeLinked(c, dep)) return;
    const linked = this.links.linked(c, dep, e.t, this.cands);
    if (sale.placedPremium === 0 && linked.length === 0) return;
    const score = linkageScore(this.p, c, dep, e.t, linked.length);
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
    const dep = recentDeposit(c, sale.sym.base, e.t, this.p.depositLookbackMs);
    if (dep === null) return;
    const first = c.wd === null;
    c.wd = { t: e.t, seq: e.seq, amount: e.amount, asset: e.asset, address: e.address, delayMs: first ? delayMs : Math.min(c.wd!.delayMs, delayMs) };
    pushCapped(sale.evidence, e.seq);
    c.lastT = e.t;
    this.links.link(this.links.wdAddr, e.address, e.account, e.t);
    const linked = this.links.linked(c, dep, e.t, this.cands);
    // Unlinked and never placed at a premium: only a spike sale withdrawn at once is worth an alert.
    if (sale.placedPremium === 0 && linked.length === 0 && !(sale.fillPremium > 0 && c.wd.delayMs <= this.p.quickWithdrawMs)) return;
    const score = linkageScore(this.p, c, dep, e.t, linked.length);
    if (score < this.p.minScore) return;
    // The first withdrawal request is the harm point: alert unless an earlier alert already named it at this strength.
    if (score < c.alerted + (first ? this.p.escalation / 2 : this.p.escalation)) return;
    this.raise(out, e.t, e.seq, first ? 'withdrawal' : 'withdrawal-linked', c, dep, linked, score);
  }

  private seeDevice(account: number, device: string, t: number): void {
    const c = this.cands.get(account);
    if (c === undefined) return;
    if (c.devices.includes(device)) {
      const l = this.links.devAddr.get(device);
      if (l !== undefined) l.t = t;
      return;
    }
    c.devices.push(device);
    if (c.devices.length > MAX_DEPOSITS) c.devices.shift();
    this.links.link(this.links.devAddr, device, account, t);
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
    const explanation = linkageExplanation(c, dep, t, linked, this.links.linkKinds, this.decimals);
    out.raise({
      t,
      seq,
      symbol: s.symbol,
      accounts: named,
      score,
      // The deposit, the premium ask, the first fills, and the withdrawal request when there is one.
      evidence: c.wd !== null && !sale.evidence.includes(c.wd.seq) ? [...sale.evidence.slice(0, MAX_EVIDENCE - 1), c.wd.seq] : sale.evidence.slice(0, MAX_EVIDENCE),
      explanation,
      subject: `deposit-linkage|${stage}|${s.symbol}|${c.account}|${Math.round(score * 100)}`,
    });
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
    for (const m of [this.links.depAddr, this.links.wdAddr, this.links.devAddr]) {
      for (const [k, l] of m) if (t - l.t > p.depositLookbackMs) m.delete(k);
    }
  }
}

export const depositLinkage = defineDetector({
  name: 'deposit-linkage',
  summary: 'recent coin depositor sells at a premium into a spike and withdraws the quote at once; names it and linked accounts',
  family: 'deposit / withdrawal linkage',
  needs: ['trades', 'accounts', 'transfers'],
  params: depositLinkageParams,
  create: (p) => new DepositLinkage(p),
});
