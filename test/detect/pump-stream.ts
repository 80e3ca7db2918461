/**
 * A tiny builder of hand-made event streams for the pump rules (rush-orders,
 * price-volume, ramping) and the rolling windows: it assigns seq, t and ids,
 * fills every required field of a trade, and can lay down a deterministic
 * quiet background market (no Math.random: a small LCG seeded per stream).
 */
import { fileURLToPath } from 'node:url';
import type { EventOf, GroundTruth, MarketEvent, Unsequenced } from '../../src/core/index.js';
import { compileScenario, loadScenario } from '../../src/scenario/index.js';
import type { Alert } from '../../src/detect/alert.js';
import { ALL_CAPABILITIES, type Capability, type DetectorDefinition } from '../../src/detect/detector.js';
import { DetectorRunner } from '../../src/detect/runner.js';

export const SYMBOL = 'ALT/BTC';
/** Quote units one tick x one lot is worth in the builder's symbols. */
export const QUOTE_PER_TICK_LOT = 100;

export interface TradeSpec {
  price: number;
  side: 'buy' | 'sell';
  /** Lots, default 1. */
  qty?: number;
  /** Taker account, default 1. */
  taker?: number;
  /** Maker account, default 999. */
  maker?: number;
  /** Taker order id; default a new one per trade. */
  takerOrder?: number;
  symbol?: string;
}

export class PumpStream {
  readonly events: MarketEvent[] = [];
  /** Current time, ms. */
  t = 0;
  private nextTrade = 1;
  private nextOrder = 1;
  private rng: number;

  constructor(seed = 1, symbols: readonly string[] = [SYMBOL]) {
    this.rng = seed >>> 0 || 1;
    this.push({ type: 'asset-listed', t: 0, asset: 'BTC', decimals: 8, confirmationMs: 0, withdrawalDelayMs: 0 });
    for (const s of symbols) this.list(s);
  }

  /** Lists a symbol (and its base asset) at the current time. */
  list(symbol: string): this {
    const [base, quote] = symbol.split('/') as [string, string];
    this.push({ type: 'asset-listed', t: this.t, asset: base, decimals: 8, confirmationMs: 0, withdrawalDelayMs: 0 });
    this.push({
      type: 'symbol-listed',
      t: this.t,
      symbol,
      baseAsset: base,
      quoteAsset: quote,
      tickSize: '0.00000001',
      lotSize: '1',
      quoteUnitsPerTickLot: QUOTE_PER_TICK_LOT,
      baseUnitsPerLot: 100_000_000,
      minNotional: 0,
      makerFeeBps: 0,
      takerFeeBps: 0,
    });
    return this;
  }

  /** Moves time to t (ms); never back. */
  at(t: number): this {
    if (t < this.t) throw new Error(`time goes back: ${t} < ${this.t}`);
    this.t = t;
    return this;
  }

  advance(ms: number): this {
    return this.at(this.t + ms);
  }

  /** A fresh taker order id (to give several trades the same one). */
  order(): number {
    return this.nextOrder++;
  }

  /** One trade at the current time. */
  trade(spec: TradeSpec): EventOf<'trade'> {
    const qty = spec.qty ?? 1;
    const e: EventOf<'trade'> = {
      type: 'trade',
      seq: this.events.length,
      t: this.t,
      trade: this.nextTrade++,
      symbol: spec.symbol ?? SYMBOL,
      price: spec.price,
      qty,
      quoteQty: spec.price * qty * QUOTE_PER_TICK_LOT,
      aggressor: spec.side,
      makerAccount: spec.maker ?? 999,
      makerOrder: this.nextOrder++,
      takerAccount: spec.taker ?? 1,
      takerOrder: spec.takerOrder ?? this.nextOrder++,
      makerFee: 0,
      takerFee: 0,
    };
    this.events.push(e);
    return e;
  }

  /**
   * One taker order sweeping `levels` price levels, `step` ticks apart, from
   * `from` (up for a buy, down for a sell), all in the same millisecond.
   * Returns the trades.
   */
  sweep(taker: number, side: 'buy' | 'sell', from: number, levels: number, step = 1, qty = 1, symbol = SYMBOL): EventOf<'trade'>[] {
    const order = this.order();
    const out: EventOf<'trade'>[] = [];
    for (let i = 0; i < levels; i++) {
      out.push(this.trade({ price: side === 'buy' ? from + i * step : from - i * step, side, qty, taker, takerOrder: order, symbol }));
    }
    return out;
  }

  /**
   * A quiet two-sided market from now for `durationMs`: a trade about every
   * `everyMs` (jittered), alternating-ish buy at `mid + halfSpread` and sell
   * at `mid - halfSpread`, by rotating background takers (ids 5000+), small
   * sizes. Leaves time at the end.
   */
  quiet(durationMs: number, opts: { mid?: number; halfSpread?: number; everyMs?: number; qty?: number; symbol?: string; takers?: number } = {}): this {
    const mid = opts.mid ?? 10_000;
    const half = opts.halfSpread ?? 25;
    const every = opts.everyMs ?? 30_000;
    const end = this.t + durationMs;
    const takers = opts.takers ?? 200;
    for (;;) {
      const next = this.t + Math.max(1, Math.round(every * (0.2 + 1.6 * this.rand())));
      if (next >= end) break;
      this.at(next);
      const buy = this.rand() < 0.5;
      const qty = Math.max(1, Math.round((opts.qty ?? 10) * (0.5 + this.rand())));
      this.trade({
        price: buy ? mid + half : mid - half,
        side: buy ? 'buy' : 'sell',
        qty,
        taker: 5000 + Math.floor(this.rand() * takers),
        maker: 900,
        ...(opts.symbol === undefined ? {} : { symbol: opts.symbol }),
      });
    }
    return this.at(end);
  }

  /** Deterministic uniform in [0, 1). */
  rand(): number {
    this.rng = (Math.imul(this.rng, 1664525) + 1013904223) >>> 0;
    return this.rng / 4294967296;
  }

  private push(e: Unsequenced): void {
    this.events.push({ ...e, seq: this.events.length } as MarketEvent);
  }
}

/** Runs one rule over events; returns its alerts and the runner. */
export function runRule(
  definition: DetectorDefinition,
  events: readonly MarketEvent[],
  params: unknown = {},
  capabilities: readonly Capability[] = ALL_CAPABILITIES,
): { alerts: Alert[]; runner: DetectorRunner } {
  const runner = new DetectorRunner([{ name: definition.name, definition, params }], capabilities);
  for (const e of events) runner.onEvent(e);
  return { alerts: runner.alerts, runner };
}

/** The detector instance a definition builds, fed directly (for state inspection). */
export function feed<D>(detector: D & { onEvent(e: MarketEvent, out: { raise(a: unknown): void }): void }, events: readonly MarketEvent[]): Alert[] {
  const alerts: Alert[] = [];
  const sink = { raise: (a: unknown) => void alerts.push(a as Alert) };
  for (const e of events) detector.onEvent(e, sink);
  return alerts;
}

export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** Runs a shipped scenario with one seed through rules; returns the alerts, the truth and the run's times. */
export function simulate(
  scenario: string,
  seed: number,
  rules: readonly { name: string; definition: DetectorDefinition; params?: unknown }[],
): { alerts: Alert[]; truth: GroundTruth; storyStart: number; coinSymbol: string } {
  const run = compileScenario(loadScenario(fileURLToPath(new URL(`../../scenarios/${scenario}.yaml`, import.meta.url))), seed);
  const runner = new DetectorRunner(rules, ALL_CAPABILITIES);
  run.sim.onEvent((e: MarketEvent) => runner.onEvent(e));
  run.sim.run();
  return { alerts: runner.alerts, truth: run.sim.truth.toJSON(scenario, seed), storyStart: run.storyStart, coinSymbol: run.coinSymbol };
}

/** Role of each account in a truth. */
export const rolesOf = (truth: GroundTruth) => new Map(truth.accounts.map((a) => [a.account, a.role] as const));
