/**
 * price-volume: a volume spike together with a price jump on one symbol.
 *
 * Signal: per symbol, over a sliding candle-like window (default 1 min, 1 s
 * resolution), the quote volume traded against the symbol's moving baseline
 * of volume per window (mean and variance over the last hour: a ratio and a
 * floored z-score), together with the window's return, from the last price
 * before the window (the candle's open) to the last price, against the
 * baseline's mean absolute one-window return and an absolute minimum. Both
 * must hold at once. Fires at symbol level.
 *
 * Source: CALIBRATION.md, detector family "price/volume anomaly" (Kamps and
 * Kleinberg 2018: a candle whose volume and price both exceed their rolling
 * averages by set factors). They used 1 h candles and were about 30 min late;
 * a 1 min sliding window keeps the same logic and cuts the delay to seconds.
 *
 * On the real Binance pump data of ../shared/realdata/binance-pump-trades,
 * with the defaults: 192 of 212 listed pumps within 10 min of the
 * announcement, median 4.4 s after it, and 0.20 alerts per ordinary
 * market-day (1,826 market-days of the same coins). Requiring several taker
 * orders (`minTakerOrders`) keeps one impatient market order sweeping a thin
 * book out of it; that case is the ramping rule's.
 *
 * Why it generalises: trades only (price, size, aggressor side, time),
 * thresholds relative to the symbol's own history plus absolute floors, no
 * accounts; taker orders are rebuilt from the tape as in rush-orders (same
 * order id, or same millisecond and side). It runs unchanged on real trade
 * data.
 *
 * Blind spots: it fires on every pump, organic or not (by design), and on
 * legitimate news-driven rallies. A slow ramp (a price walked up over many
 * minutes) never makes a one-window jump; a pump that starts on a busy coin
 * needs a larger spike. Only upward jumps by default (`direction`). Silent
 * for the first `warmupMs` of a symbol.
 */
import { z } from 'zod';
import type { EventOf, MarketEvent } from '../../core/index.js';
import type { AlertSink } from '../alert.js';
import { defineDetector, type Detector } from '../detector.js';
import { newPace, paceAlert, type Pace } from '../alert-pace.js';
import { num, pct, QuoteDecimals } from '../explain.js';
import { PerSymbol } from '../per-symbol.js';
import { flooredZ, SymbolWindows } from '../windows.js';
import { Field } from '../window-spec.js';

export const priceVolumeParams = z
  .object({
    /** The candle-like window, ms (a multiple of `bucketMs`). */
    windowMs: z.number().int().positive().default(60_000),
    /** Resolution of the sliding window, ms. */
    bucketMs: z.number().int().positive().default(1_000),
    /** Number of windows in the moving baseline (each baseline bucket is one window long): default 60 x 1 min = 1 h. */
    baselineWindows: z.number().int().positive().default(60),
    /** Silence until this much completed baseline history exists for the symbol, ms. */
    warmupMs: z.number().int().nonnegative().default(10 * 60_000),
    /** Least ratio of the window's quote volume to the baseline mean per window (dimensionless). */
    minVolumeRatio: z.number().positive().default(5),
    /** Least floored z-score of the window's quote volume against the baseline (dimensionless). */
    minVolumeZ: z.number().positive().default(5),
    /**
     * Variance floor of the window's volume, in trades per window of the
     * baseline's average trade size: keeps a dead market from firing on a couple of trades.
     */
    floorTradesPerWindow: z.number().positive().default(2),
    /** Least absolute return of the window (last price vs the price before the window), as a fraction (0.05 = 5%). */
    minReturn: z.number().positive().default(0.05),
    /** Least return as a multiple of the baseline's mean absolute return per window (dimensionless). */
    minReturnMultiple: z.number().positive().default(5),
    /**
     * Least taker orders (buy taker orders for an upward jump, all for `both`) in
     * the window, count: with 1, a single market order that sweeps a thin book is
     * a spike; with more, the spike must come from several orders.
     */
    minTakerOrders: z.number().int().positive().default(3),
    /** Which jumps count: up only (pumps), or up and down. */
    direction: z.enum(['up', 'both']).default('up'),
    /** After an alert on a symbol, stay quiet on it for this long unless the score escalates, ms. */
    cooldownMs: z.number().int().nonnegative().default(5 * 60_000),
    /** Score increase that raises a new (escalation) alert within the cooldown (0..1). */
    escalateStep: z.number().positive().max(1).default(0.15),
    /** Most evidence sequence numbers listed per alert, count. */
    maxEvidence: z.number().int().positive().default(20),
  })
  .strict();
export type PriceVolumeParams = z.output<typeof priceVolumeParams>;

/** Trades kept per symbol for evidence (a ring of seq and time). */
const RECENT = 64;

interface SymState {
  w: SymbolWindows;
  pace: Pace;
  rT: Float64Array;
  rSeq: Float64Array;
  rNext: number;
  rCount: number;
}

class PriceVolume implements Detector {
  private readonly syms: PerSymbol<SymState>;
  private readonly decimals = new QuoteDecimals();
  private readonly warmupBuckets: number;

  constructor(private readonly p: PriceVolumeParams) {
    if (p.windowMs % p.bucketMs !== 0) throw new Error(`price-volume: windowMs ${p.windowMs} is not a multiple of bucketMs ${p.bucketMs}`);
    this.warmupBuckets = Math.ceil(p.warmupMs / p.windowMs);
    const spec = { bucketMs: p.bucketMs, windowsMs: [p.windowMs], baselineBucketMs: p.windowMs, baselineBuckets: p.baselineWindows };
    this.syms = new PerSymbol(() => ({
      w: new SymbolWindows(spec),
      pace: newPace(),
      rT: new Float64Array(RECENT),
      rSeq: new Float64Array(RECENT),
      rNext: 0,
      rCount: 0,
    }));
  }

  get symbolCount(): number {
    return this.syms.size;
  }

  onEvent(e: MarketEvent, out: AlertSink): void {
    if (e.type !== 'trade') {
      if (e.type === 'asset-listed' || e.type === 'symbol-listed') this.decimals.onEvent(e);
      if (e.type === 'symbol-listed') this.syms.get(e.symbol).w.advance(e.t);
      return;
    }
    const s = this.syms.get(e.symbol);
    s.w.addTrade(e);
    const i = s.rNext;
    s.rT[i] = e.t;
    s.rSeq[i] = e.seq;
    s.rNext = (i + 1) % RECENT;
    s.rCount++;
    if (s.w.baselineCovered < this.warmupBuckets) return;
    this.check(e, s, out);
  }

  private check(e: EventOf<'trade'>, s: SymState, out: AlertSink): void {
    const w = s.w;
    const p = this.p;
    const ms = p.windowMs;
    // Volume first (O(1)); the price scan only when the volume is anomalous.
    const orders = p.direction === 'up' ? w.sum(0, Field.buyOrders) : w.sum(0, Field.buyOrders) + w.sum(0, Field.sellOrders);
    if (orders < p.minTakerOrders) return;
    const q = w.sum(0, Field.quote);
    const expQ = w.expected(ms, Field.quote);
    if (q < p.minVolumeRatio * expQ) return;
    const n = w.sum(0, Field.trades);
    const baseTrades = w.baselineMean(Field.trades);
    const avgTrade = baseTrades > 0 ? w.baselineMean(Field.quote) / baseTrades : q / n;
    const zV = flooredZ(q, expQ, w.expectedVar(ms, Field.quote), avgTrade * avgTrade * p.floorTradesPerWindow);
    if (zV < p.minVolumeZ) return;
    const ref = w.refPrice(0);
    if (ref <= 0) return;
    const ret = w.lastPrice / ref - 1;
    const jump = p.direction === 'up' ? ret : Math.abs(ret);
    const baseRet = Math.expm1(w.baselineAbsReturn);
    const retThreshold = Math.max(p.minReturn, p.minReturnMultiple * baseRet);
    if (jump < retThreshold) return;

    // Evidence strength: how far past each threshold, on a log scale.
    const volRatio = expQ > 0 ? q / expQ : Number.POSITIVE_INFINITY;
    const a = Math.log(Math.min(volRatio / p.minVolumeRatio, zV / p.minVolumeZ));
    const b = Math.log(jump / retThreshold);
    const score = 1 - Math.exp(-(0.5 + a + b) / 2);
    const prevScore = s.pace.lastScore;
    const suffix = paceAlert(s.pace, e.t, score, p.cooldownMs, p.escalateStep);
    if (suffix === null) return;

    const evidence: number[] = [];
    const from = e.t - ms;
    const inRing = Math.min(s.rCount, RECENT);
    for (let k = inRing; k >= 1 && evidence.length < p.maxEvidence; k--) {
      const i = (s.rNext + RECENT - k) % RECENT;
      if (s.rT[i]! > from) evidence.push(s.rSeq[i]!);
    }
    if (evidence.length === 0) evidence.push(e.seq);
    const sec = ms / 1000;
    const explanation =
      `${e.symbol}: ${this.decimals.format(e.symbol, q)} traded in ${n} trades (${orders} ${p.direction === 'up' ? 'buy ' : ''}taker orders) over ${sec} s, ` +
      `${num(volRatio)}x the usual ${sec} s volume ` +
      `of the last ${num((w.baselineCovered * ms) / 60_000)} min (z=${num(zV)}); price ${ref} -> ${w.lastPrice} ticks (${pct(ret)}, ` +
      `high ${w.high(0)}), against a usual absolute move of ${pct(baseRet)} per ${sec} s (threshold ${pct(retThreshold)})` +
      (suffix === '' ? '' : `; escalated from score ${prevScore.toFixed(2)}`);
    out.raise({ t: e.t, seq: e.seq, symbol: e.symbol, accounts: [], score, evidence, explanation, subject: `${e.symbol}${suffix}` });
  }
}

export const priceVolume = defineDetector({
  name: 'price-volume',
  summary: 'volume spike with a price jump over a 1 min sliding window vs the symbol\'s 1 h baseline (pump, symbol level)',
  family: 'price/volume anomaly (Kamps & Kleinberg)',
  needs: ['trades'],
  params: priceVolumeParams,
  create: (params) => new PriceVolume(params),
});
