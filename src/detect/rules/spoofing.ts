/**
 * spoofing: large orders that are not meant to trade.
 *
 * Signal: one account, on one symbol, repeatedly places resting limit orders
 * that are large against the visible depth on their side (at least
 * `sizeVsDepth` of what rests there), away from the market (not marketable
 * against the last trade, at least `minAwayBps` from it), and cancels them
 * within `maxLifetimeMs` with at most `maxFillShare` filled, without putting
 * the size back on that side within `replaceMs` (a requote); at least
 * `minRepeats` such orders on one side within `windowMs` (sliding, in tenths
 * of the window), while the account is one-sided (on the other side: few such
 * orders, few cancels of any size, little resting; the large orders on the
 * spoofed side rarely filled) and, the stronger case, while it trades on the
 * other side. Names the account.
 *
 * The book picture is coarse and built from the stream alone: every resting
 * GTC limit seen in `order-accepted` adds its quantity to its side and to its
 * account's resting size there; fills (as maker, or as taker for a limit that
 * crossed on arrival), amendments and cancels take it away. "Visible depth" is
 * the larger of the side's depth now and its time-weighted average over
 * `depthAverageMs`, so a maker's cancel-then-replace (its side empty for a
 * millisecond) does not make its own new orders look large. Orders placed
 * before the rule started are unknown and missing from the depth, so the rule
 * calls nothing large until it has seen `minDepthOrders` resting orders on
 * the side.
 *
 * Source: CALIBRATION.md, detector family "wash trading, spoofing" (a
 * specificity control: fires on neither story), and the standard spoofing /
 * layering indicators (EU MAR annex I and II: orders withdrawn before
 * execution that give a misleading impression of supply or demand, typically
 * large, short-lived, one-sided, with trades on the opposite side).
 *
 * Why it generalises: it reads only order life cycles and a depth picture, and
 * its controls are the ones that separate a market maker from a spoofer
 * anywhere: a maker cancels and at once replaces (it follows the market), on
 * both sides, keeps a ladder on the other side, in sizes that are a slice of
 * the depth, and its orders do fill; a spoofer's big orders sit on one side,
 * vanish when pulled, and almost never fill. Even a maker that can quote only
 * one side (out of inventory after a pump) requotes rather than pulls. Neither story
 * has one account placing and pulling large one-sided orders: the attacker's
 * asks rest for minutes and are filled or swept at the end, victims and
 * followers take liquidity.
 *
 * Known blind spots:
 * - spoofing with many small orders that only add up to a large wall
 *   (layering spread over accounts or levels each below `sizeVsDepth`);
 * - spoof orders cancelled after `maxLifetimeMs` (slow spoofing);
 * - the touch is approximated by the last trade price: in a wide, quiet book
 *   an order near the touch can look "away";
 * - a book whose resting orders were placed before the stream began looks
 *   thinner than it is until they are replaced;
 * - a spoofer that re-places its wall within `replaceMs` of pulling it
 *   ("flickering") passes as a requote until it finally pulls it.
 *
 * Files: parameters in spoofing-params.ts, the book picture in
 * spoofing-book.ts, the suspects' bucketed sums in spoofing-suspect.ts; the
 * order life cycles and the judgement are here.
 */
import type { EventOf, MarketEvent } from '../../core/index.js';
import type { AlertSink } from '../alert.js';
import { defineDetector, type Detector } from '../detector.js';
import { spoofingParams, type SpoofingParams } from './spoofing-params.js';
import { averageDepth, type Book, BUY, idx, type Order, SELL, takeLots } from './spoofing-book.js';
import {
  BUCKETS,
  F_CANCEL_LOTS,
  F_CANCEL_N,
  F_LARGE_FILLED,
  F_LARGE_LOTS,
  F_SPOOF_LOTS,
  F_SPOOF_N,
  F_TRADED,
  type Pending,
  type Suspect,
  WIDTH,
} from './spoofing-suspect.js';

const MAX_EVIDENCE = 20;
const SWEEP_MS = 60_000;

class Spoofing implements Detector {
  private readonly books = new Map<string, Book>();
  private readonly orders = new Map<number, Order>();
  private readonly suspects = new Map<number, Suspect>();
  private nextSweep = 0;
  private lastBook: Book | null = null;
  private readonly bucketMs: number;
  private readonly window = new Float64Array(WIDTH);

  constructor(private readonly p: SpoofingParams) {
    this.bucketMs = Math.max(1, Math.ceil(p.windowMs / BUCKETS));
  }

  /** Internal sizes, for tests of bounded state. */
  sizes(): Record<string, number> {
    let holders = 0;
    for (const b of this.books.values()) holders += b.holders.size;
    return { books: this.books.size, orders: this.orders.size, suspects: this.suspects.size, holders };
  }

  onEvent(e: MarketEvent, out: AlertSink): void {
    switch (e.type) {
      case 'trade':
        this.onTrade(e);
        break;
      case 'order-accepted':
        this.onOrder(e);
        break;
      case 'cancel':
        this.onCancel(e, out);
        break;
      case 'order-amended': {
        const o = this.orders.get(e.order);
        if (o !== undefined) {
          averageDepth(o.book, e.t, this.p.depthAverageMs);
          takeLots(o, o.remaining - e.qty);
          o.price = e.price;
        }
        break;
      }
      default:
        break;
    }
    if (e.t >= this.nextSweep) {
      this.sweep(e.t);
      this.nextSweep = e.t + SWEEP_MS;
    }
  }

  private book(symbol: string): Book {
    const c = this.lastBook;
    if (c !== null && c.symbol === symbol) return c;
    let b = this.books.get(symbol);
    if (b === undefined) {
      b = { symbol, bidLots: 0, askLots: 0, bidOrders: 0, askOrders: 0, bidAvg: 0, askAvg: 0, avgT: -1, last: 0, holders: new Map() };
      this.books.set(symbol, b);
    }
    this.lastBook = b;
    return b;
  }

  private onOrder(e: EventOf<'order-accepted'>): void {
    if (e.kind !== 'limit' || e.tif !== 'gtc' || e.price === null || e.qty === null) return;
    const p = this.p;
    const b = this.book(e.symbol);
    averageDepth(b, e.t, this.p.depthAverageMs);
    const buy = e.side === 'buy';
    const depth = Math.max(buy ? b.bidLots : b.askLots, buy ? b.bidAvg : b.askAvg);
    const n = buy ? b.bidOrders : b.askOrders;
    const last = b.last;
    const away =
      last > 0 &&
      (buy ? e.price < last && (last - e.price) * 10_000 >= p.minAwayBps * last : e.price > last && (e.price - last) * 10_000 >= p.minAwayBps * last);
    const large = away && n >= p.minDepthOrders && depth > 0 && e.qty >= p.sizeVsDepth * depth;
    let h = b.holders.get(e.account);
    if (h === undefined) {
      h = { account: e.account, resting: [0, 0], orders: 0 };
      b.holders.set(e.account, h);
    }
    const i = idx(e.side);
    h.resting[i] += e.qty;
    h.orders++;
    const o: Order = { holder: h, book: b, side: e.side, price: e.price, qty: e.qty, remaining: e.qty, filled: 0, t: e.t, seq: e.seq, large };
    this.orders.set(e.order, o);
    if (this.orders.size > p.maxOrders) this.dropOldestOrders();
    if (buy) {
      b.bidLots += e.qty;
      b.bidOrders++;
    } else {
      b.askLots += e.qty;
      b.askOrders++;
    }
    if (large || this.suspects.size > 0) {
      const s = large ? this.suspect(e.account, e.symbol, e.t) : this.suspects.get(e.account);
      if (s !== undefined && s.symbol === e.symbol) {
        if (large) this.add(s, e.t, F_LARGE_LOTS, i, e.qty);
        this.replacing(s, i, e.t, e.qty);
      }
    }
  }

  /** A new order on a side right after qualifying cancels there: a requote, if it brings the size back. */
  private replacing(s: Suspect, i: number, t: number, qty: number): void {
    const pd = s.pend[i];
    if (pd !== null && pd !== undefined && t - pd.t <= this.p.replaceMs) pd.replaced += qty;
  }

  /** Settles a side's pending group once replaceMs has passed: spoofs unless the account re-placed at least half its size. */
  private settle(s: Suspect, i: number, t: number): void {
    const pd = s.pend[i];
    if (pd === null || pd === undefined || t - pd.t <= this.p.replaceMs) return;
    s.pend[i] = null;
    if (pd.replaced >= 0.5 * pd.lots) return;
    this.add(s, pd.t, F_SPOOF_N, i, pd.n);
    this.add(s, pd.t, F_SPOOF_LOTS, i, pd.lots);
    for (const q of pd.seqs) {
      if (s.evidence.length >= MAX_EVIDENCE) s.evidence.shift();
      s.evidence.push(q);
    }
  }

  private suspect(account: number, symbol: string, t: number): Suspect {
    let s = this.suspects.get(account);
    if (s === undefined || s.symbol !== symbol) {
      s = { account, symbol, lastT: t, sums: new Float64Array(BUCKETS * WIDTH), epochs: new Float64Array(BUCKETS).fill(-1), evidence: [], alerted: 0, lastAlertT: -Infinity, pend: [null, null] };
      this.suspects.delete(account);
      this.suspects.set(account, s);
      if (this.suspects.size > this.p.maxAccounts) {
        for (const k of this.suspects.keys()) {
          if (this.suspects.size <= this.p.maxAccounts) break;
          this.suspects.delete(k);
        }
      }
    }
    s.lastT = t;
    return s;
  }

  /** Adds v to a suspect's field for a side, in the bucket of time t. */
  private add(s: Suspect, t: number, field: number, side: number, v: number): void {
    const epoch = Math.floor(t / this.bucketMs);
    const row = epoch % BUCKETS;
    const base = row * WIDTH;
    if (s.epochs[row] !== epoch) {
      s.sums.fill(0, base, base + WIDTH);
      s.epochs[row] = epoch;
    }
    s.sums[base + field * 2 + side] = s.sums[base + field * 2 + side]! + v;
  }

  /** The suspect's sums over the window ending at t (into this.window). */
  private windowSums(s: Suspect, t: number): Float64Array {
    const w = this.window;
    w.fill(0);
    const now = Math.floor(t / this.bucketMs);
    for (let r = 0; r < BUCKETS; r++) {
      const ep = s.epochs[r]!;
      if (ep < 0 || now - ep >= BUCKETS) continue;
      const base = r * WIDTH;
      for (let f = 0; f < WIDTH; f++) w[f] = w[f]! + s.sums[base + f]!;
    }
    return w;
  }

  private forget(id: number, o: Order): void {
    takeLots(o, o.remaining);
    if (o.side === 'buy') o.book.bidOrders--;
    else o.book.askOrders--;
    const h = o.holder;
    if (--h.orders <= 0) o.book.holders.delete(h.account);
    this.orders.delete(id);
  }

  private onTrade(e: EventOf<'trade'>): void {
    const b = this.book(e.symbol);
    averageDepth(b, e.t, this.p.depthAverageMs);
    b.last = e.price;
    const mo = this.orders.get(e.makerOrder);
    if (mo !== undefined) this.fill(e.makerOrder, mo, e.qty, e.t);
    const to = this.orders.get(e.takerOrder);
    if (to !== undefined) this.fill(e.takerOrder, to, e.qty, e.t);
    if (this.suspects.size === 0) return;
    const buyer = e.aggressor === 'buy' ? e.takerAccount : e.makerAccount;
    const seller = e.aggressor === 'buy' ? e.makerAccount : e.takerAccount;
    const sb = this.suspects.get(buyer);
    if (sb !== undefined && sb.symbol === e.symbol && e.t - sb.lastT <= this.p.windowMs) this.add(sb, e.t, F_TRADED, BUY, e.qty);
    const ss = this.suspects.get(seller);
    if (ss !== undefined && ss.symbol === e.symbol && e.t - ss.lastT <= this.p.windowMs) this.add(ss, e.t, F_TRADED, SELL, e.qty);
  }

  private fill(id: number, o: Order, qty: number, t: number): void {
    o.filled += qty;
    takeLots(o, qty);
    if (o.large) {
      const s = this.suspects.get(o.holder.account);
      if (s !== undefined && s.symbol === o.book.symbol) this.add(s, t, F_LARGE_FILLED, idx(o.side), qty);
    }
    if (o.remaining <= 0) this.forget(id, o);
  }

  private onCancel(e: EventOf<'cancel'>, out: AlertSink): void {
    const o = this.orders.get(e.order);
    if (o === undefined) return;
    averageDepth(o.book, e.t, this.p.depthAverageMs);
    const lots = o.remaining;
    const h = o.holder;
    this.forget(e.order, o);
    const p = this.p;
    if (e.reason !== 'user') return;
    const i = idx(o.side);
    const symbol = o.book.symbol;
    const qualifies = o.large && e.t - o.t <= p.maxLifetimeMs && o.filled <= p.maxFillShare * o.qty;
    if (!qualifies) {
      const s = this.suspects.get(h.account);
      if (s !== undefined && s.symbol === symbol && e.t - s.lastT <= p.windowMs) {
        this.add(s, e.t, F_CANCEL_LOTS, i, lots);
        this.add(s, e.t, F_CANCEL_N, i, 1);
      }
      return;
    }
    const s = this.suspect(h.account, symbol, e.t);
    this.add(s, e.t, F_CANCEL_LOTS, i, lots);
    this.add(s, e.t, F_CANCEL_N, i, 1);
    this.settle(s, 0, e.t);
    this.settle(s, 1, e.t);
    let pd = s.pend[i];
    if (pd === null || pd === undefined) {
      pd = { t: e.t, n: 0, lots: 0, replaced: 0, seqs: [] };
      s.pend[i] = pd;
    }
    pd.n++;
    pd.lots += o.qty;
    if (pd.seqs.length < 4) pd.seqs.push(o.seq, e.seq);

    // Confirmed spoofs in the window, plus this one (its own group is judged later: a requote replaces it).
    const w = this.windowSums(s, e.t);
    const j = 1 - i;
    const n = w[F_SPOOF_N * 2 + i]! + 1;
    if (n < p.minRepeats) return;
    const other = w[F_SPOOF_N * 2 + j]!;
    if (other > p.maxOtherSideShare * n) return;
    // A maker cancels and replaces on both sides: compare all its cancels, whatever their size.
    const cancelledLots = w[F_CANCEL_LOTS * 2 + i]!;
    const cancelledN = w[F_CANCEL_N * 2 + i]!;
    const otherLots = w[F_CANCEL_LOTS * 2 + j]!;
    const otherN = w[F_CANCEL_N * 2 + j]!;
    if (otherLots > p.maxOtherSideShare * cancelledLots || otherN > p.maxOtherSideShare * cancelledN) return;
    // A maker keeps a ladder on the other side; a spoofer's genuine interest there is small.
    const spoofLots = w[F_SPOOF_LOTS * 2 + i]! + o.qty;
    const meanSpoof = spoofLots / n;
    const restingOther = h.resting[j]!;
    if (restingOther > p.maxOtherSideShare * meanSpoof) return;
    const placed = w[F_LARGE_LOTS * 2 + i]!;
    const fillShare = placed > 0 ? w[F_LARGE_FILLED * 2 + i]! / placed : 0;
    if (fillShare > p.maxSideFillShare) return;
    // Graded: repetition, and trading on the other side while the large orders came and went.
    const opposite = w[F_TRADED * 2 + j]!;
    const rep = Math.min(1, (n - p.minRepeats + 1) / (2 * p.minRepeats));
    const opp = Math.min(1, opposite / Math.max(1, meanSpoof));
    const score = 0.3 + 0.3 * rep + 0.4 * opp;
    if (s.alerted > 0 && score < s.alerted + 0.1 && e.t - s.lastAlertT <= p.windowMs) return;
    s.alerted = score;
    s.lastAlertT = e.t;
    const side = o.side === 'buy' ? 'bids' : 'asks';
    const otherVerb = o.side === 'buy' ? 'sold' : 'bought';
    out.raise({
      t: e.t,
      seq: e.seq,
      symbol,
      accounts: [h.account],
      score,
      evidence: [...s.evidence.slice(-(MAX_EVIDENCE - 2)), o.seq, e.seq],
      explanation:
        `account ${h.account} placed and cancelled ${n} large ${side} on ${symbol} within ${(p.windowMs / 60_000).toFixed(0)} min ` +
        `(${spoofLots} lots, each at least ${(p.sizeVsDepth * 100).toFixed(0)}% of the visible depth, cancelled within ` +
        `${(p.maxLifetimeMs / 1000).toFixed(0)} s, ${(fillShare * 100).toFixed(0)}% of its large ${side} filled); on the other side ` +
        `${other} such orders, ${otherN} cancels (${otherLots} lots) against ${cancelledN} (${cancelledLots} lots) on this one, ` +
        `${restingOther} lots resting` +
        (opposite > 0 ? `; it ${otherVerb} ${opposite} lots on the other side meanwhile` : ''),
      subject: `spoofing|${symbol}|${h.account}|${side}|${Math.round(score * 100)}`,
    });
  }

  private dropOldestOrders(): void {
    for (const [id, o] of this.orders) {
      if (this.orders.size <= this.p.maxOrders) break;
      this.forget(id, o);
    }
  }

  private sweep(t: number): void {
    for (const [k, s] of this.suspects) if (t - s.lastT > this.p.windowMs) this.suspects.delete(k);
  }
}

export const spoofing = defineDetector({
  name: 'spoofing',
  summary: 'large one-sided orders away from the market, cancelled fast and rarely filled, repeatedly by one account',
  family: 'spoofing / layering',
  needs: ['orders', 'trades', 'accounts'],
  params: spoofingParams,
  create: (p) => new Spoofing(p),
});
