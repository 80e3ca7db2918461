/**
 * A market maker: the exchange's professional API client that keeps one
 * symbol two-sided. It quotes `levels` post-only GTC limits per side around a
 * reference price: the first at ±halfSpreadBps, deeper ones every
 * levelStepBps, sized levelQty x depthGrowth^i lots. How thin the book is, is
 * a parameter: the small caps of CALIBRATION.md trade ~1,300 times a day and a
 * modest buy moves them several percent, so a thin-coin maker shows only a
 * few tenths of a BTC within 5% of the touch (the thin preset in the tests:
 * ~0.06 BTC moves ALT/BTC 2%, ~0.26 BTC moves it 5%) and nothing beyond its
 * last level, which is what lets a pump print 10x-100x.
 *
 * The reference starts at fairPrice, moves toward each trade's price by
 * followWeight (a maker re-centres on where the market trades, so a burst of
 * buying walks its quotes up) and between trades reverts to fairPrice with
 * half-life reversionHalfLifeMs (so a pump fades back, as the December 2022
 * pumps did within the hour). Inventory skews both quotes by inventorySkewBps
 * per levelQty of base held above (lower) or below (higher) the starting
 * inventory; the reference follows trades with that skew taken out, or fills
 * at its own skewed quotes would walk the price away. Volatility widens the
 * spread: an EWMA of absolute trade-to-trade log returns, in excess of
 * volBaselineBps, multiplies the half spread. Flow that ignores price makes
 * the inventory a random walk all the same, so the maker thins its ladder
 * when a side runs low and, like a real one moving stock between venues,
 * deposits or withdraws through its own wallet to stay within rebalanceBand.
 *
 * Requotes on a timer and on market data, but a level is only replaced when
 * its price drifted by more than requoteBps or half of it was filled (no
 * churn). The reconciliation runs inside one `send` (at the exchange, after
 * API latency): stale levels are cancelled first, then new ones are placed
 * only if they would not cross and the balances cover them, so the maker
 * never spams rejected orders. A rejection anyway (a halt, a restriction)
 * makes it back off exponentially.
 */
import type { AccountId, ApiKeyId, OrderId } from '../core/index.js';
import type { OrderBook } from '../book/index.js';
import { type Exchange, limitOrder, type RequestSource, type SymbolInfo } from '../exchange/index.js';
import type { Agent, AgentContext, AgentInfo, MarketUpdate } from './agent.js';

export interface MarketMakerParams {
  /** Symbol quoted, e.g. `ALT/BTC`. */
  symbol: string;
  /** The maker's account (funded with both base and quote by the scenario). */
  account: AccountId;
  /** Its server's IP address (orders come from it; the key is allow-listed to it). */
  ip: string;
  /** Where the reference starts and reverts to, in ticks. */
  fairPrice: number;
  /** Price levels quoted per side. */
  levels: number;
  /** Distance of the first level from the reference, in basis points. */
  halfSpreadBps: number;
  /** Distance between consecutive levels, in basis points. */
  levelStepBps: number;
  /** Size of the first level, in lots. */
  levelQty: number;
  /** Level i is levelQty x depthGrowth^i lots (1 = flat). */
  depthGrowth: number;
  /** 0..1: how far the reference moves toward each trade's price. */
  followWeight: number;
  /** Half-life of the reference's reversion to fairPrice between trades, in ms. */
  reversionHalfLifeMs: number;
  /** Quote shift, in basis points, per levelQty lots of base above (down) or below (up) the start. */
  inventorySkewBps: number;
  /** Cap on the inventory skew, in basis points. */
  maxSkewBps: number;
  /** Half spread x (1 + volWidening x excess), excess = max(0, ewma / volBaselineBps - 1). Dimensionless. */
  volWidening: number;
  /** Expected absolute trade-to-trade return in calm markets, in basis points (about halfSpreadBps). */
  volBaselineBps: number;
  /** Weight of each new trade in the volatility EWMA (0..1); the excess also decays with reversionHalfLifeMs. */
  volAlpha: number;
  /** Cap on the spread multiplier (>= 1). */
  maxWidening: number;
  /** A level is replaced when its price is off by more than this, in basis points. */
  requoteBps: number;
  /** Timer refresh period, in ms (the reference drifts back between trades). */
  refreshMs: number;
  /**
   * 0..1: when the maker's base or quote holding leaves start x (1 ± band), it deposits the shortfall
   * from, or withdraws the excess to, its own wallet (a maker moving inventory between venues).
   * Default 0.5; 0 = never.
   */
  rebalanceBand?: number;
}

export const MARKET_MAKER_INFO: AgentInfo = {
  kind: 'market-maker',
  summary: 'quotes a post-only ladder on both sides around a reference that follows trades and reverts to fair value',
  params: {
    symbol: 'symbol quoted',
    fairPrice: 'reference start and reversion target, ticks',
    levels: 'levels per side',
    halfSpreadBps: 'first level distance from the reference, bps',
    levelStepBps: 'distance between levels, bps',
    levelQty: 'first level size, lots',
    depthGrowth: 'size growth factor per level',
    followWeight: 'share of the way the reference moves toward each trade price, 0..1',
    reversionHalfLifeMs: 'half-life of reversion to fair between trades, ms',
    inventorySkewBps: 'quote shift per levelQty of inventory off its start, bps (long -> lower)',
    maxSkewBps: 'cap on the inventory skew, bps',
    volWidening: 'half spread multiplier per unit of volatility above baseline',
    volBaselineBps: 'calm absolute trade-to-trade return, bps',
    volAlpha: 'EWMA weight of each trade in the volatility estimate',
    maxWidening: 'cap on the spread multiplier',
    requoteBps: 'price drift that makes a level be replaced, bps',
    refreshMs: 'timer requote period, ms',
    rebalanceBand: 'holdings kept within start x (1 ± band) by deposits and withdrawals, 0..1 (default 0.5)',
    ip: 'server IP of the maker',
  },
};

const BID = 0;
const ASK = 1;

export class MarketMaker implements Agent {
  private ref: number;
  private refT = 0;
  private vol: number;
  private lastTrade = 0;
  /** Current inventory skew, bps (positive raises quotes). */
  private skew = 0;
  private startBase = 0;
  private startQuote = 0;
  private nextRebalance = 0;
  private wallet = '';
  private backoffUntil = 0;
  private failures = 0;
  private pending = false;
  /** Set when a level may have been filled: only then does a check look orders up in the book. */
  private checkFills = true;
  private ticks = 0;
  private source!: RequestSource;
  /** The symbol's spec and factors, read once (symbolInfo copies on every call). */
  private info!: SymbolInfo;
  /** The symbol's book, looked up once (read on every refresh). */
  private book!: OrderBook;
  /** Per slot s x levels + i (s = BID or ASK): desired price, live order (0 = none), its price and lots. */
  private readonly want: Float64Array;
  private readonly live: Float64Array;
  private readonly price: Float64Array;
  private readonly placed: Float64Array;
  /** Lots per level. */
  private readonly qty: Float64Array;
  private readonly reconcile = (ex: Exchange) => this.apply(ex);

  constructor(
    readonly name: string,
    private readonly p: MarketMakerParams,
  ) {
    if (!(p.levels >= 1 && p.fairPrice >= 1 && p.refreshMs > 0 && p.reversionHalfLifeMs > 0 && p.volBaselineBps > 0)) {
      throw new RangeError(`market maker ${name}: levels, fairPrice, refreshMs, reversionHalfLifeMs and volBaselineBps must be positive`);
    }
    const n = p.levels;
    this.want = new Float64Array(2 * n);
    this.live = new Float64Array(2 * n);
    this.price = new Float64Array(2 * n);
    this.placed = new Float64Array(2 * n);
    this.qty = new Float64Array(n).map((_, i) => Math.max(1, Math.round(p.levelQty * Math.pow(p.depthGrowth, i))));
    this.ref = p.fairPrice;
    this.vol = p.volBaselineBps;
  }

  start(ctx: AgentContext): void {
    const p = this.p;
    ctx.truth.role(p.account, 'maker', this.name);
    const key: ApiKeyId = ctx.exchange.createApiKey(p.account, { platform: null, ips: [p.ip], canWithdraw: true });
    this.source = { channel: 'api', key, ip: p.ip, device: null };
    this.info = ctx.exchange.symbolInfo(p.symbol);
    this.book = ctx.exchange.book(p.symbol);
    const b = ctx.exchange.balance(p.account, this.info.base);
    this.startBase = b.available + b.locked;
    const q = ctx.exchange.balance(p.account, this.info.quote);
    this.startQuote = q.available + q.locked;
    this.wallet = `${ctx.rng.int(0, 0xffffff).toString(16)}${ctx.rng.int(0, 0xffffff).toString(16)}`;
    ctx.subscribe(p.symbol);
    this.refresh(ctx);
    // A random phase, so makers started together do not requote in lockstep.
    ctx.wakeIn(Math.floor(ctx.rng.float() * p.refreshMs));
  }

  onWake(ctx: AgentContext): void {
    // Now and then look for orders that left without a trade of ours (a restriction cancelled them).
    if (++this.ticks % 16 === 0) {
      this.checkFills = true;
      this.rebalance(ctx);
    }
    this.refresh(ctx);
    ctx.wakeIn(this.p.refreshMs);
  }

  /** Only trades move the reference or fill levels; other book changes wait for the timer. */
  onMarketData(ctx: AgentContext, update: MarketUpdate): void {
    const p = this.p;
    if (update.trades.length === 0) return;
    for (const tr of update.trades) {
      this.decayTo(tr.t);
      if (this.lastTrade > 0) this.vol += p.volAlpha * (Math.abs(Math.log(tr.price / this.lastTrade)) * 10_000 - this.vol);
      this.lastTrade = tr.price;
      if (tr.makerAccount === p.account) this.checkFills = true;
      // De-skewed: a fill at the maker's own skewed quote says nothing new about fair value
      // (following it raw would feed the skew back into the reference and walk the price away).
      this.ref += p.followWeight * (tr.price / (1 + this.skew / 10_000) - this.ref);
    }
    this.refresh(ctx);
  }

  /**
   * Flow that ignores price makes inventory a random walk (and newcomers to a coin only buy it), so
   * at most once an hour the maker brings a holding that left start x (1 ± rebalanceBand) back to its
   * start through its own wallet. Honest deposit-then-sell and sell-then-withdraw: a hard negative.
   */
  private rebalance(ctx: AgentContext): void {
    const band = this.p.rebalanceBand ?? 0.5;
    if (band <= 0 || ctx.now < this.nextRebalance) return;
    const ex = ctx.exchange;
    for (let a = 0; a < 2; a++) {
      const asset = a === 0 ? this.info.base : this.info.quote;
      const start = a === 0 ? this.startBase : this.startQuote;
      const b = ex.balance(this.p.account, asset);
      const gap = start - b.available - b.locked;
      if (gap > start * band) ex.deposit(this.p.account, asset, gap, this.wallet);
      else if (-gap > start * band) ex.requestWithdrawal(this.p.account, asset, Math.min(-gap, b.available), this.wallet, this.source);
      else continue;
      this.nextRebalance = ctx.now + 3_600_000;
    }
  }

  /** Lets the reference and the volatility excess decay from refT to t. */
  private decayTo(t: number): void {
    if (t <= this.refT) return;
    const p = this.p;
    const f = Math.exp((-Math.LN2 * (t - this.refT)) / p.reversionHalfLifeMs);
    this.ref = p.fairPrice + (this.ref - p.fairPrice) * f;
    if (this.vol > p.volBaselineBps) this.vol = p.volBaselineBps + (this.vol - p.volBaselineBps) * f;
    this.refT = t;
  }

  /** Recomputes the desired ladder; sends one reconciliation if any level is off. */
  private refresh(ctx: AgentContext): void {
    const p = this.p;
    const n = p.levels;
    const ex = ctx.exchange;
    this.decayTo(ctx.now);
    const inventory = (ex.holding(p.account, this.info.base) - this.startBase) / this.info.baseUnitsPerLot / p.levelQty;
    this.skew = Math.max(-p.maxSkewBps, Math.min(p.maxSkewBps, -p.inventorySkewBps * inventory));
    const widen = Math.min(p.maxWidening, 1 + p.volWidening * Math.max(0, this.vol / p.volBaselineBps - 1));
    const center = this.ref * (1 + this.skew / 10_000);
    const want = this.want;
    for (let i = 0; i < n; i++) {
      const off = (p.halfSpreadBps * widen + i * p.levelStepBps) / 10_000;
      let bid = Math.floor(center * (1 - off));
      let ask = Math.ceil(center * (1 + off));
      // Distinct prices even where a step is under a tick.
      if (i > 0 && bid >= want[i - 1]!) bid = want[i - 1]! - 1;
      if (i > 0 && ask <= want[n + i - 1]!) ask = want[n + i - 1]! + 1;
      if (i === 0 && ask <= bid) ask = bid + 1;
      want[i] = bid;
      want[n + i] = ask;
    }
    if (this.pending || ctx.now < this.backoffUntil) return;
    const book = this.book;
    let off = false;
    for (let j = 0; j < 2 * n && !off; j++) off = this.stale(book, j);
    this.checkFills = false;
    if (!off) return;
    this.pending = true;
    ctx.send('api', this.reconcile);
  }

  /** Slot j is empty, drifted more than requoteBps, or (when checking fills) gone or half filled. */
  private stale(book: OrderBook, j: number): boolean {
    const id = this.live[j]!;
    const want = this.want[j]!;
    if (id === 0 || want < 1) return true;
    if (Math.abs(this.price[j]! - want) * 10_000 > this.p.requoteBps * want) return true;
    if (!this.checkFills) return false;
    const left = book.remainingOf(id);
    return left < 0 || left * 2 <= this.placed[j]!;
  }

  /** At the exchange: cancel stale levels, then place what the balances cover and does not cross. */
  private apply(ex: Exchange): void {
    this.pending = false;
    this.checkFills = true;
    if (ex.now < this.backoffUntil) return;
    const p = this.p;
    const n = p.levels;
    const info = this.info;
    const book = this.book;
    for (let j = 0; j < 2 * n; j++) {
      const id = this.live[j]!;
      if (id === 0 || !this.stale(book, j)) continue;
      if (book.remainingOf(id) >= 0) ex.cancelOrder(p.account, id as OrderId);
      this.live[j] = 0;
    }
    const k = info.quoteUnitsPerTickLot;
    let quote = ex.available(p.account, info.quote);
    let base = ex.available(p.account, info.base);
    // Inner levels first, alternating sides, so a short balance thins the outside of the ladder.
    for (let i = 0; i < n; i++) {
      for (let s = BID; s <= ASK; s++) {
        const j = s * n + i;
        const price = this.want[j]!;
        if (this.live[j] !== 0 || price < 1) continue;
        const buy = s === BID;
        const touch = buy ? book.bestAsk() : book.bestBid();
        if (touch !== 0 && (buy ? price >= touch : price <= touch)) continue; // post-only would be refused
        const cap = buy ? Math.floor(quote / (price * k)) : Math.floor(base / info.baseUnitsPerLot);
        const qty = Math.min(this.qty[i]!, cap);
        if (qty <= 0 || price * qty * k < info.minNotional) continue;
        const side = buy ? 'buy' : 'sell';
        const r = ex.placeOrder(limitOrder(p.account, p.symbol, side, price, qty, this.source, 'gtc', true));
        if (!r.ok) {
          // A halt or a restriction: back off exponentially rather than knock again every refresh.
          this.failures++;
          this.backoffUntil = ex.now + Math.min(600_000, p.refreshMs * 2 ** this.failures);
          return;
        }
        this.failures = 0;
        this.live[j] = r.order;
        this.price[j] = price;
        this.placed[j] = qty;
        if (buy) quote -= price * qty * k;
        else base -= qty * info.baseUnitsPerLot;
      }
    }
  }
}
