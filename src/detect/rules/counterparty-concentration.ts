/**
 * counterparty-concentration: on one symbol, many distinct buyers are filled
 * by a few one-sided sellers whose asks sat far above the pre-burst price.
 *
 * Signal. Every buy-aggressor trade is checked on its maker (the seller). A
 * fill is "suspect" when the seller has not bought the symbol (no buy fill,
 * and no bid when order events are present) for `lookbackMs`, and the fill's
 * price premium over the pre-burst reference (lowest close of the 30 buckets
 * of the last `refWindowMs`, the current one excluded: per minute by default,
 * {@link PriceReference}), or the premium of the ask when it was
 * placed (order events), is at least `minPremium`. Over a sliding `windowMs`
 * the rule keeps the suspect fills and, per symbol, all buy volume. It alerts
 * when at least `minBuyers` distinct buyers were filled by suspect sellers,
 * those sellers took at least `minShare` of the window's buy volume, and their
 * volume-weighted premium is at least `minPremium`. Score:
 *   share x (1 - exp(-buyers / 6)) x (0.5 + 0.5 x premium strength) x (0.6 + 0.4 x buyers / (buyers + sellers))
 * where premium strength = log(1 + premium) / log(1 + fullPremium), capped at 1:
 * it grows with the concentration of the buying on one-sided sellers, with the
 * number of buyers, with the premium, and with fewer sellers per buyer. The
 * explanation also gives the HHI of the suspect sellers' shares. It names the
 * SELLERS (the beneficiaries), not the buyers (who may be victims), largest
 * first up to `maxNamed`, sorted.
 *
 * Source: CALIBRATION.md family "counterparty concentration (EU MAR annex II)"
 * ("many unrelated buyers filled by a few sellers"; "sellers had deposited the
 * coin beforehand"); Binance VIA/BTC 2018 and SEC 2022 ("the perpetrators'
 * sells executed directly against the forced buys").
 *
 * Why it generalises: it reads only trades with account ids (orders improve
 * it when present), compares each seller with its own recent behaviour on the
 * symbol and prices with the symbol's own recent past, and needs no id ranges,
 * IPs or platform names. A market maker is naturally the counterparty of many
 * buyers, but it quotes both sides near the touch: it keeps buying (its bids
 * get hit), so it is never a suspect seller, however concentrated the flow on
 * it is. The attacker pre-positions asks far above the market and never bids.
 *
 * Blind spots: slow drains with a handful of buyers (fewer than `minBuyers` in
 * a window) and asks close to the touch (premium under `minPremium`); honest
 * holders whose old take-profit asks far above the market get filled in an
 * organic pump while they have not bought for `lookbackMs` (a false positive:
 * the placement time, from order events, tells an analyst which case it is);
 * attackers who also bid (two-sided on the symbol) hide among makers; the
 * mirror attack (victims forced to sell into an attacker's low bids) is not
 * covered; with a very thin book the first victims' buys are alerted only once
 * `minBuyers` were filled (tens of seconds into a fast attack).
 *
 * Alerts: the first when the thresholds are met; a new one (new subject) when
 * the suspect sellers or the buyers grew by `regrowth`; the same again after
 * `repeatMs` while the thresholds hold.
 *
 * Needs: trades, accounts. Uses order events when present: bids mark a seller
 * two-sided, and far asks are remembered with their placement premium and time
 * (the explanation then says how long before they were placed).
 *
 * State per symbol: the reference price (fixed size), buy-volume buckets
 * (fixed size), last-buy times of accounts that bought in the last `lookbackMs`
 * (pruned once per `lookbackMs / 4`), far asks by order id (at most
 * `maxFarAsks`, oldest dropped), and at most `maxFills` suspect fills in the
 * window. O(1) work per trade, except the bucket scan when a suspect fill
 * arrives.
 */
import { z } from 'zod';
import type { EventOf, MarketEvent } from '../../core/index.js';
import type { AlertSink } from '../alert.js';
import { defineDetector, type Detector } from '../detector.js';
import { PriceReference } from '../price-reference.js';
import { formatAmount, formatDuration, formatPct } from '../explain.js';

export const counterpartyConcentrationParams = z.object({
  /** Suspect fills and buy volume are counted over this sliding window, ms. */
  windowMs: z.number().positive().default(10 * 60_000),
  /** A seller that bought (or bid for) the symbol within this time is two-sided, ms. */
  lookbackMs: z.number().positive().default(6 * 3_600_000),
  /** Distinct buyers filled by suspect sellers needed in the window. */
  minBuyers: z.number().int().min(1).default(4),
  /** Share (0..1) of the window's buy volume the suspect sellers must have taken. */
  minShare: z.number().min(0).max(1).default(0.3),
  /** Premium over the pre-burst price (ratio: 0.3 = +30%) that makes a fill suspect. */
  minPremium: z.number().positive().default(0.3),
  /** Premium (ratio) at which the premium's contribution to the score is full. */
  fullPremium: z.number().positive().default(3),
  /** Alert when the score reaches this, 0..1. */
  minScore: z.number().min(0).max(1).default(0.15),
  /** Look-back of the pre-burst reference price, ms. */
  refWindowMs: z.number().positive().default(30 * 60_000),
  /** Buckets of the buy-volume window. */
  volumeBuckets: z.number().int().min(2).default(20),
  /** Suspect fills kept per symbol window (oldest dropped beyond). */
  maxFills: z.number().int().positive().default(2048),
  /** Far asks remembered by order id per symbol (oldest dropped beyond). */
  maxFarAsks: z.number().int().positive().default(8192),
  /** Sellers named per alert (largest first). */
  maxNamed: z.number().int().positive().default(50),
  /** Evidence sequence numbers kept per alert. */
  maxEvidence: z.number().int().positive().default(20),
  /** A symbol alerts again (new subject) when its suspect sellers or buyers grew by this factor. */
  regrowth: z.number().min(1).default(1.5),
  /** A symbol alerts again about the same sellers after this long, ms. */
  repeatMs: z.number().positive().default(5 * 60_000),
});
export type CounterpartyConcentrationParams = z.output<typeof counterpartyConcentrationParams>;

interface FarAsk {
  premium: number;
  t: number;
}

class SymbolState {
  readonly ref: PriceReference;
  /** Quote asset (from the listing, when seen). */
  quote = '';
  /** Last time each account bought (fill) or bid (order) on the symbol, ms. */
  readonly lastBuy = new Map<number, number>();
  nextPrune = -1;
  readonly farAsks = new Map<number, FarAsk>();
  // Buy volume per bucket.
  readonly volIndex: Float64Array;
  readonly vol: Float64Array;
  // Suspect fills in the window (ring).
  readonly ft: Float64Array;
  readonly fseq: Float64Array;
  readonly fbuyer: Float64Array;
  readonly fseller: Float64Array;
  readonly fquote: Float64Array;
  readonly fprem: Float64Array;
  readonly fplacedAgo: Float64Array;
  head = 0;
  len = 0;
  readonly sellerQuote = new Map<number, number>();
  readonly buyerFills = new Map<number, number>();
  suspectQuote = 0;
  premQuote = 0;
  // Alert state.
  generation = 0;
  raisedSellers = 0;
  raisedBuyers = 0;
  raisedT = -1;

  constructor(prm: CounterpartyConcentrationParams) {
    this.ref = new PriceReference(prm.refWindowMs, 30);
    this.volIndex = new Float64Array(prm.volumeBuckets).fill(-1);
    this.vol = new Float64Array(prm.volumeBuckets);
    const n = prm.maxFills;
    this.ft = new Float64Array(n);
    this.fseq = new Float64Array(n);
    this.fbuyer = new Float64Array(n);
    this.fseller = new Float64Array(n);
    this.fquote = new Float64Array(n);
    this.fprem = new Float64Array(n);
    this.fplacedAgo = new Float64Array(n);
  }
}

class CounterpartyConcentration implements Detector {
  private readonly symbols = new Map<string, SymbolState>();
  private readonly decimals = new Map<string, number>();
  private readonly bucketMs: number;

  constructor(private readonly params: CounterpartyConcentrationParams) {
    this.bucketMs = Math.max(1, Math.floor(params.windowMs / params.volumeBuckets));
  }

  /** For tests: the sizes of the per-symbol maps (all bounded). */
  stateSize(symbol: string): { lastBuy: number; farAsks: number; fills: number; sellers: number } | undefined {
    const s = this.symbols.get(symbol);
    return s && { lastBuy: s.lastBuy.size, farAsks: s.farAsks.size, fills: s.len, sellers: s.sellerQuote.size };
  }

  onEvent(e: MarketEvent, out: AlertSink): void {
    if (e.type === 'trade') this.onTrade(e, out);
    else if (e.type === 'order-accepted') this.onOrder(e);
    else if (e.type === 'asset-listed') this.decimals.set(e.asset, e.decimals);
    else if (e.type === 'symbol-listed') this.state(e.symbol).quote = e.quoteAsset;
  }

  private state(symbol: string): SymbolState {
    let s = this.symbols.get(symbol);
    if (s === undefined) {
      s = new SymbolState(this.params);
      this.symbols.set(symbol, s);
    }
    return s;
  }

  private onOrder(e: EventOf<'order-accepted'>): void {
    const s = this.state(e.symbol);
    if (e.side === 'buy') {
      s.lastBuy.set(e.account, e.t);
      return;
    }
    if (e.kind !== 'limit' || e.price === null) return;
    const ref = s.ref.low(e.t) || s.ref.last;
    if (ref <= 0) return;
    const premium = e.price / ref - 1;
    if (premium < this.params.minPremium) return;
    if (s.farAsks.size >= this.params.maxFarAsks) s.farAsks.delete(s.farAsks.keys().next().value!);
    s.farAsks.set(e.order, { premium, t: e.t });
  }

  private onTrade(e: EventOf<'trade'>, out: AlertSink): void {
    const prm = this.params;
    const t = e.t;
    const s = this.state(e.symbol);
    if (s.nextPrune < 0) s.nextPrune = t + prm.lookbackMs / 4;
    if (t >= s.nextPrune) this.prune(s, t);
    s.ref.add(t, e.price);
    if (e.aggressor === 'sell') {
      s.lastBuy.set(e.makerAccount, t);
      return;
    }
    s.lastBuy.set(e.takerAccount, t);
    // All buy volume, bucketed.
    const b = Math.floor(t / this.bucketMs);
    const slot = b % s.vol.length;
    if (s.volIndex[slot] !== b) {
      s.volIndex[slot] = b;
      s.vol[slot] = 0;
    }
    s.vol[slot]! += e.quoteQty;
    // Is the seller one-sided, and the price far above the pre-burst reference?
    const seller = e.makerAccount;
    const bought = s.lastBuy.get(seller);
    if (bought !== undefined && t - bought <= prm.lookbackMs) return;
    const ref = s.ref.low(t);
    const fillPrem = ref > 0 ? e.price / ref - 1 : 0;
    const ask = s.farAsks.get(e.makerOrder);
    const premium = Math.max(fillPrem, ask?.premium ?? 0);
    if (premium < prm.minPremium) return;
    this.expire(s, t - prm.windowMs);
    if (s.len === s.ft.length) this.dropOldest(s);
    const i = (s.head + s.len) % s.ft.length;
    s.ft[i] = t;
    s.fseq[i] = e.seq;
    s.fbuyer[i] = e.takerAccount;
    s.fseller[i] = seller;
    s.fquote[i] = e.quoteQty;
    s.fprem[i] = premium;
    s.fplacedAgo[i] = ask === undefined ? -1 : t - ask.t;
    s.len++;
    s.sellerQuote.set(seller, (s.sellerQuote.get(seller) ?? 0) + e.quoteQty);
    s.buyerFills.set(e.takerAccount, (s.buyerFills.get(e.takerAccount) ?? 0) + 1);
    s.suspectQuote += e.quoteQty;
    s.premQuote += e.quoteQty * premium;
    this.judge(s, e, ref, out);
  }

  private expire(s: SymbolState, from: number): void {
    while (s.len > 0 && s.ft[s.head]! < from) this.dropOldest(s);
  }

  private dropOldest(s: SymbolState): void {
    const i = s.head;
    const q = s.fquote[i]!;
    const seller = s.fseller[i]!;
    const buyer = s.fbuyer[i]!;
    const sq = (s.sellerQuote.get(seller) ?? 0) - q;
    if (sq <= 0) s.sellerQuote.delete(seller);
    else s.sellerQuote.set(seller, sq);
    const bf = (s.buyerFills.get(buyer) ?? 0) - 1;
    if (bf <= 0) s.buyerFills.delete(buyer);
    else s.buyerFills.set(buyer, bf);
    s.suspectQuote -= q;
    s.premQuote -= q * s.fprem[i]!;
    s.head = (s.head + 1) % s.ft.length;
    s.len--;
    if (s.len === 0) {
      s.suspectQuote = 0;
      s.premQuote = 0;
    }
  }

  private windowVolume(s: SymbolState, t: number): number {
    const b = Math.floor(t / this.bucketMs);
    const n = s.vol.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const idx = s.volIndex[i]!;
      if (idx > b - n && idx <= b) sum += s.vol[i]!;
    }
    return sum;
  }

  private judge(s: SymbolState, e: EventOf<'trade'>, ref: number, out: AlertSink): void {
    const prm = this.params;
    const buyers = s.buyerFills.size;
    if (buyers < prm.minBuyers || s.suspectQuote <= 0) return;
    const total = this.windowVolume(s, e.t);
    const share = total > 0 ? Math.min(1, s.suspectQuote / total) : 0;
    if (share < prm.minShare) return;
    const avgPrem = s.premQuote / s.suspectQuote;
    if (avgPrem < prm.minPremium) return;
    const sellers = s.sellerQuote.size;
    const premF = Math.min(1, Math.log1p(avgPrem) / Math.log1p(prm.fullPremium));
    const score = share * (1 - Math.exp(-buyers / 6)) * (0.5 + 0.5 * premF) * (0.6 + (0.4 * buyers) / (buyers + sellers));
    if (score < prm.minScore) return;
    const grew = s.raisedSellers === 0 || sellers >= s.raisedSellers * prm.regrowth || buyers >= s.raisedBuyers * prm.regrowth;
    if (!grew && e.t - s.raisedT < prm.repeatMs) return;
    if (grew) {
      s.generation++;
      s.raisedSellers = sellers;
      s.raisedBuyers = buyers;
    }
    s.raisedT = e.t;
    out.raise(this.draft(s, e, ref, score, share, total, avgPrem));
  }

  private draft(s: SymbolState, e: EventOf<'trade'>, ref: number, score: number, share: number, total: number, avgPrem: number) {
    const prm = this.params;
    // Sellers by volume, largest first (ties by id), then the named ones sorted ascending.
    const ranked = [...s.sellerQuote].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const named = ranked.slice(0, prm.maxNamed).map(([a]) => a);
    let hhi = 0;
    for (const [, q] of ranked) hhi += (q / s.suspectQuote) ** 2;
    let maxPrem = 0;
    let maxPlacedAgo = -1;
    let firstT = e.t;
    const evidence: number[] = [];
    for (let k = 0; k < s.len; k++) {
      const i = (s.head + k) % s.ft.length;
      if (s.fprem[i]! > maxPrem) maxPrem = s.fprem[i]!;
      if (s.fplacedAgo[i]! > maxPlacedAgo) maxPlacedAgo = s.fplacedAgo[i]!;
      if (k === 0) firstT = s.ft[i]!;
      if (evidence.length < prm.maxEvidence - 1) evidence.push(s.fseq[i]!);
    }
    if (!evidence.includes(e.seq)) evidence.push(e.seq);
    evidence.sort((a, b) => a - b);
    const top = ranked
      .slice(0, 3)
      .map(([a, q]) => `${a} (${Math.round((100 * q) / s.suspectQuote)}%)`)
      .join(', ');
    const buyers = s.buyerFills.size;
    const dec = this.decimals.get(s.quote);
    const unit = dec === undefined ? ' quote units' : ` ${s.quote}`;
    const amount = (x: number) => formatAmount(x, dec).replace(' units', '');
    const explanation =
      `${buyers} buyers of ${e.symbol} in ${formatDuration(e.t - firstT)} were filled by ${ranked.length} seller${ranked.length === 1 ? '' : 's'} ` +
      `that never bid for it in the last ${formatDuration(prm.lookbackMs)}: ${Math.round(share * 100)}% of the buy volume ` +
      `(${amount(s.suspectQuote)} of ${amount(total)}${unit} in ${formatDuration(prm.windowMs)}), at ${formatPct(avgPrem)} on average ` +
      `over the pre-burst price ${ref > 0 ? ref : 'n/a'} (up to ${formatPct(maxPrem)}); HHI among these sellers ${hhi.toFixed(2)}; ` +
      `largest: ${top}` +
      (maxPlacedAgo >= 0 ? `; their far asks were placed up to ${formatDuration(maxPlacedAgo)} before being hit` : '') +
      (ranked.length > named.length ? `; ${named.length} largest named` : '');
    return {
      t: e.t,
      seq: e.seq,
      symbol: e.symbol,
      accounts: named.sort((a, b) => a - b),
      score,
      evidence,
      explanation,
      subject: `cc|${e.symbol}|${s.generation}`,
    };
  }

  /** Forgets buyers older than the look-back. */
  private prune(s: SymbolState, t: number): void {
    s.nextPrune = t + this.params.lookbackMs / 4;
    const horizon = t - this.params.lookbackMs;
    for (const [a, bt] of s.lastBuy) if (bt < horizon) s.lastBuy.delete(a);
    for (const [o, f] of s.farAsks) if (f.t < t - 7 * 86_400_000) s.farAsks.delete(o);
  }
}

export const counterpartyConcentration = defineDetector({
  name: 'counterparty-concentration',
  summary: 'many buyers of a symbol filled by a few one-sided sellers whose asks sat far above the pre-burst price',
  family: 'counterparty concentration (EU MAR annex II)',
  needs: ['trades', 'accounts'],
  params: counterpartyConcentrationParams,
  create: (params) => new CounterpartyConcentration(params),
});
