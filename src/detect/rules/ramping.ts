/**
 * ramping: one account's aggressive orders walk the price through several
 * levels (momentum ignition).
 *
 * Signal: per taker account and symbol, within a short window (default 60 s
 * from the account's first aggressive fill), the number of price levels its
 * taker fills walked (fills at a new best-for-the-walk price: higher for a
 * buyer) and the price move it caused, from its first fill price to its last,
 * measured in the symbol's typical spread. The typical spread comes from the
 * tape alone: a slow moving average of the relative price gap between
 * consecutive trades of opposite aggressor side (the bid-ask bounce), never
 * below one tick. Names the account.
 *
 * Source: CALIBRATION.md, detector family "ramping / momentum ignition": one
 * account's aggressive orders walk several levels. The table says it fires on
 * the whale (a false positive) and on victims: both walk the book.
 *
 * Why it generalises: it rests on what any exchange's tape and account ids
 * show (taker account, price, aggressor side), with thresholds relative to the
 * symbol's own spread plus an absolute minimum move; no channel, platform or
 * id ranges.
 *
 * Blind spots: it names whoever walks the book, honest or not: a whale buying
 * in size, an impatient retail market order on a thin book, and the victims of
 * a stolen-key attack (their orders walk the book), but rarely the attacker,
 * who sells passively into the walk. An attacker that spreads a ramp across
 * many accounts, or paces small limit orders, stays under the per-account
 * thresholds. Windows are tumbling per account (a new one starts at the first
 * fill after the window ended), so a ramp split across two windows counts
 * twice as half. Only buy-side ramps by default (`sides`).
 */
import { z } from 'zod';
import type { EventOf, MarketEvent } from '../../core/index.js';
import type { AlertSink } from '../alert.js';
import { defineDetector, type Detector } from '../detector.js';
import { AccountSlots } from '../account-slots.js';
import { num, pct } from '../explain.js';
import { PerSymbol } from '../per-symbol.js';

export const rampingParams = z
  .object({
    /** Length of one account's ramp window, from its first aggressive fill, ms. */
    windowMs: z.number().int().positive().default(60_000),
    /** Least price levels walked by the account's taker fills in the window, count (the first fill's level counts). */
    minLevels: z.number().int().positive().default(5),
    /** Least price move caused, first fill to last fill, in typical spreads (dimensionless). */
    minSpreads: z.number().positive().default(8),
    /** Least price move caused, as a fraction of the first fill price (0.05 = 5%). */
    minMove: z.number().positive().default(0.05),
    /** Weight of one new observation in the typical-spread moving average (0..1); 0.02 is about the last 50 side flips. */
    spreadAlpha: z.number().positive().max(1).default(0.02),
    /** Side flips (trades of opposite aggressor side in a row) needed before the spread estimate is trusted, count. */
    minFlips: z.number().int().nonnegative().default(20),
    /** Which ramps count: buy-side walks up (pumps), or both directions. */
    sides: z.enum(['buy', 'both']).default('buy'),
    /** Score increase that raises a new (escalation) alert for the same account and window (0..1). */
    escalateStep: z.number().positive().max(1).default(0.15),
    /** Most taker accounts tracked per symbol at once (active within one window); beyond it new ones are ignored until others expire (count). */
    maxAccounts: z.number().int().positive().default(50_000),
    /** Most evidence sequence numbers kept per account window, count. */
    maxEvidence: z.number().int().positive().default(20),
  })
  .strict();
export type RampingParams = z.output<typeof rampingParams>;

/** Fields of one walk (one account, one side) in SymState.w, stride STRIDE. */
const T0 = 0;
const FIRST = 1;
const EXT = 2;
const LAST = 3;
const LEVELS = 4;
const FILLS = 5;
const ALERTED = 6;
const ESCALATIONS = 7;
const EVN = 8;
/** Taker orders in the walk, and the last one's id. */
const ORDERS = 9;
const LAST_ORDER = 10;
const STRIDE = 11;

/**
 * Per-symbol state. Account windows live in one typed array indexed by the
 * slot an AccountSlots table gives each recently active taker; a slot holds
 * one walk per side (walk = slot * 2 + side, 0 = buy, 1 = sell), each walk
 * STRIDE consecutive numbers. No per-trade allocation.
 */
class SymState {
  readonly slots: AccountSlots;
  /** Walks: (slot * 2 + side) * STRIDE + field. */
  w = new Float64Array(0);
  /** Evidence seqs: walk * maxEvidence + i. */
  ev = new Float64Array(0);
  /** Typical relative spread (fraction of price), from side flips. */
  spread = 0;
  flips = 0;
  lastPrice = 0;
  lastBuy = false;
  hasLast = false;
  /** Next time a sweep of stale accounts is due, ms. */
  nextSweep = 0;

  constructor(maxAccounts: number, maxEvidence: number) {
    this.slots = new AccountSlots(maxAccounts, (cap) => {
      const w = new Float64Array(cap * 2 * STRIDE);
      w.set(this.w);
      this.w = w;
      const ev = new Float64Array(cap * 2 * maxEvidence);
      ev.set(this.ev);
      this.ev = ev;
    });
  }
}

class Ramping implements Detector {
  private readonly syms: PerSymbol<SymState>;

  constructor(private readonly p: RampingParams) {
    this.syms = new PerSymbol(() => new SymState(p.maxAccounts, p.maxEvidence));
  }

  /** Accounts tracked on a symbol (for tests of bounded state). */
  trackedAccounts(symbol: string): number {
    return this.syms.get(symbol).slots.size;
  }

  /** Slots allocated on a symbol (grows only up to the most accounts tracked at once). */
  allocatedSlots(symbol: string): number {
    return this.syms.get(symbol).slots.capacity;
  }

  onEvent(e: MarketEvent, out: AlertSink): void {
    if (e.type !== 'trade') return;
    const s = this.syms.get(e.symbol);
    const p = this.p;
    const buy = e.aggressor === 'buy';
    // Typical spread from the bid-ask bounce, winsorised so one jump cannot blow it up.
    if (s.hasLast && buy !== s.lastBuy && s.lastPrice > 0) {
      let g = Math.abs(e.price - s.lastPrice) / s.lastPrice;
      if (s.flips > 0 && g > 4 * s.spread) g = 4 * s.spread;
      s.spread = s.flips === 0 ? g : s.spread + p.spreadAlpha * (g - s.spread);
      s.flips++;
    }
    s.hasLast = true;
    s.lastBuy = buy;
    s.lastPrice = e.price;

    if (e.t >= s.nextSweep) this.sweep(s, e.t);
    if (!buy && p.sides === 'buy') return;
    const slot = s.slots.slotFor(e.takerAccount, e.t);
    if (slot < 0) return; // table full: more than maxAccounts takers active within one window
    const w = s.w;
    if (s.slots.isNew) {
      w[slot * 2 * STRIDE + T0] = -1;
      w[(slot * 2 + 1) * STRIDE + T0] = -1;
    }
    const k = slot * 2 + (buy ? 0 : 1);
    const o = k * STRIDE;
    if (w[o + T0]! < 0 || e.t - w[o + T0]! > p.windowMs) {
      w[o + T0] = e.t;
      w[o + FIRST] = e.price;
      w[o + EXT] = e.price;
      w[o + LEVELS] = 1;
      w[o + FILLS] = 0;
      w[o + ALERTED] = 0;
      w[o + ESCALATIONS] = 0;
      w[o + EVN] = 0;
      w[o + ORDERS] = 0;
      w[o + LAST_ORDER] = -1;
    } else if (buy ? e.price > w[o + EXT]! : e.price < w[o + EXT]!) {
      w[o + EXT] = e.price;
      w[o + LEVELS]!++;
    }
    w[o + LAST] = e.price;
    w[o + FILLS]!++;
    if (e.takerOrder !== w[o + LAST_ORDER]) {
      w[o + ORDERS]!++;
      w[o + LAST_ORDER] = e.takerOrder;
    }
    const n = w[o + EVN]!;
    if (n < p.maxEvidence) {
      s.ev[k * p.maxEvidence + n] = e.seq;
      w[o + EVN] = n + 1;
    }
    if (w[o + LEVELS]! >= p.minLevels && s.flips >= p.minFlips) this.check(e, s, k, buy, out);
  }

  private check(e: EventOf<'trade'>, s: SymState, k: number, buy: boolean, out: AlertSink): void {
    const p = this.p;
    const w = s.w;
    const o = k * STRIDE;
    const first = w[o + FIRST]!;
    const last = w[o + LAST]!;
    const move = buy ? (last - first) / first : (first - last) / first;
    if (move < p.minMove) return;
    const spread = Math.max(s.spread, 1 / first);
    const spreads = move / spread;
    if (spreads < p.minSpreads) return;
    const levels = w[o + LEVELS]!;
    const x = Math.log(spreads / p.minSpreads) + Math.log(levels / p.minLevels) + Math.log(move / p.minMove);
    const score = 1 - 0.75 * Math.exp(-x / 2);
    const prev = w[o + ALERTED]!;
    if (prev > 0 && score < prev + p.escalateStep) return;
    const escalation = prev > 0;
    if (escalation) w[o + ESCALATIONS]!++;
    w[o + ALERTED] = score;
    const account = s.slots.account[k >> 1]!;
    const secs = (e.t - w[o + T0]!) / 1000;
    const evidence = Array.from(s.ev.subarray(k * p.maxEvidence, k * p.maxEvidence + w[o + EVN]!));
    const explanation =
      `account #${account} ${buy ? 'bought' : 'sold'} ${e.symbol} aggressively through ${levels} price levels in ${num(secs)} s ` +
      `(${w[o + FILLS]!} taker fills of ${w[o + ORDERS]!} order${w[o + ORDERS] === 1 ? '' : 's'}): price ${first} -> ${last} ticks (${pct(buy ? move : -move)}), ` +
      `${num(spreads)} typical spreads (typical spread ${pct(spread)} from ${s.flips} side flips of the tape)` +
      (escalation ? `; escalated from score ${prev.toFixed(2)}` : '');
    out.raise({
      t: e.t,
      seq: e.seq,
      symbol: e.symbol,
      accounts: [account],
      score,
      evidence,
      explanation,
      subject: `${e.symbol}|${account}|${buy ? 'b' : 's'}${escalation ? `#${w[o + ESCALATIONS]!}` : ''}`,
    });
  }

  /** Drops accounts idle for longer than one window; runs at most once per window per symbol. */
  private sweep(s: SymState, t: number): void {
    s.nextSweep = t + this.p.windowMs;
    s.slots.expire(t, this.p.windowMs);
  }
}

export const ramping = defineDetector({
  name: 'ramping',
  summary: 'one account\'s taker orders walk the price through several levels within a minute, vs the symbol\'s typical spread (names the account)',
  family: 'ramping / momentum ignition',
  needs: ['trades', 'accounts'],
  params: rampingParams,
  create: (params) => new Ramping(params),
});
