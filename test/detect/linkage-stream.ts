/**
 * A tiny hand-made event stream for the deposit-linkage, wash-trading,
 * spoofing and composite rule tests: assigns seq and t, fills the fields a
 * test does not care about, and keeps order, deposit and trade ids unique.
 */
import { fileURLToPath } from 'node:url';
import type { EventOf, GroundTruth, MarketEvent, Side } from '../../src/core/index.js';
import type { Alert } from '../../src/detect/alert.js';
import { ALL_CAPABILITIES, type Detector, type DetectorDefinition } from '../../src/detect/detector.js';
import { DetectorRunner, type RuleConfig } from '../../src/detect/runner.js';
import { compileScenario, loadScenario } from '../../src/scenario/index.js';

type Src = { channel?: 'web' | 'app' | 'api'; ip?: string; device?: string | null; key?: number | null; platform?: string | null };

export class LinkageStream {
  readonly events: MarketEvent[] = [];
  private seq = 0;
  private nextId = 1;
  t = 0;

  /** Moves the clock forward by ms. */
  wait(ms: number): this {
    this.t += ms;
    return this;
  }

  at(t: number): this {
    this.t = t;
    return this;
  }

  private push<E extends MarketEvent>(e: Omit<E, 'seq' | 't'>): E {
    const full = { seq: this.seq++, t: this.t, ...e } as E;
    this.events.push(full);
    return full;
  }

  /** BTC (8 decimals) and the coin's asset, and the symbol `<base>/<quote>` (1 tick x 1 lot = 1 quote unit). */
  listSymbol(base = 'ALT', quote = 'BTC', baseUnitsPerLot = 100_000_000): this {
    this.push<EventOf<'asset-listed'>>({ type: 'asset-listed', asset: quote, decimals: 8, confirmationMs: 600_000, withdrawalDelayMs: 300_000 });
    this.push<EventOf<'asset-listed'>>({ type: 'asset-listed', asset: base, decimals: 8, confirmationMs: 600_000, withdrawalDelayMs: 300_000 });
    this.push<EventOf<'symbol-listed'>>({
      type: 'symbol-listed',
      symbol: `${base}/${quote}`,
      baseAsset: base,
      quoteAsset: quote,
      tickSize: '0.00000001',
      lotSize: '1',
      quoteUnitsPerTickLot: 1,
      baseUnitsPerLot,
      minNotional: 0,
      makerFeeBps: 0,
      takerFeeBps: 0,
    });
    return this;
  }

  login(account: number, ip: string, device: string | null = null, channel: 'web' | 'app' | 'api' = 'web'): EventOf<'login'> {
    return this.push<EventOf<'login'>>({ type: 'login', account, channel, ip, device });
  }

  deposit(account: number, asset: string, amount: number, address: string, status: 'pending' | 'credited' = 'pending'): EventOf<'deposit'> {
    return this.push<EventOf<'deposit'>>({ type: 'deposit', deposit: this.nextId++, account, asset, amount, address, status });
  }

  withdrawalRequest(account: number, asset: string, amount: number, address: string, src: Src = {}): EventOf<'withdrawal-request'> {
    return this.push<EventOf<'withdrawal-request'>>({
      type: 'withdrawal-request',
      withdrawal: this.nextId++,
      account,
      asset,
      amount,
      address,
      channel: src.channel ?? 'web',
      key: src.key ?? null,
      platform: src.platform ?? null,
      ip: src.ip ?? `10.0.0.${account % 250}`,
      device: src.device === undefined ? `dev-${account}` : src.device,
    });
  }

  /** A resting GTC limit (or an IOC/market when asked). Returns the accepted event (its `order` id). */
  order(
    account: number,
    side: Side,
    price: number | null,
    qty: number | null,
    o: Src & { symbol?: string; kind?: 'limit' | 'market'; tif?: 'gtc' | 'ioc' | 'fok'; quoteQty?: number | null } = {},
  ): EventOf<'order-accepted'> {
    return this.push<EventOf<'order-accepted'>>({
      type: 'order-accepted',
      order: this.nextId++,
      account,
      symbol: o.symbol ?? 'ALT/BTC',
      side,
      kind: o.kind ?? 'limit',
      tif: o.tif ?? 'gtc',
      postOnly: false,
      price,
      qty,
      quoteQty: o.quoteQty ?? null,
      stp: 'none',
      clientOrderId: null,
      channel: o.channel ?? 'web',
      key: o.key ?? null,
      platform: o.platform ?? null,
      ip: o.ip ?? `10.0.0.${account % 250}`,
      device: o.device === undefined ? `dev-${account}` : o.device,
    });
  }

  cancel(order: EventOf<'order-accepted'>, qty?: number, reason: EventOf<'cancel'>['reason'] = 'user'): EventOf<'cancel'> {
    return this.push<EventOf<'cancel'>>({
      type: 'cancel',
      order: order.order,
      account: order.account,
      symbol: order.symbol,
      side: order.side,
      price: order.price,
      qty: qty ?? order.qty ?? 0,
      reason,
    });
  }

  /**
   * A trade: `maker` rests `makerOrder` (an order id, or an accepted event), `taker` crosses it.
   * The aggressor side is the taker's.
   */
  trade(
    o: {
      maker: number;
      taker: number;
      price: number;
      qty: number;
      aggressor: Side;
      makerOrder?: number | EventOf<'order-accepted'>;
      takerOrder?: number | EventOf<'order-accepted'>;
      symbol?: string;
    },
  ): EventOf<'trade'> {
    const id = (x: number | EventOf<'order-accepted'> | undefined) => (x === undefined ? this.nextId++ : typeof x === 'number' ? x : x.order);
    return this.push<EventOf<'trade'>>({
      type: 'trade',
      trade: this.nextId++,
      symbol: o.symbol ?? 'ALT/BTC',
      price: o.price,
      qty: o.qty,
      quoteQty: o.price * o.qty,
      aggressor: o.aggressor,
      makerAccount: o.maker,
      makerOrder: id(o.makerOrder),
      takerAccount: o.taker,
      takerOrder: id(o.takerOrder),
      makerFee: 0,
      takerFee: 0,
    });
  }

  /** Background trades between two market-making accounts at `price`, to set the reference. */
  tape(n: number, price: number, everyMs = 10_000, symbol = 'ALT/BTC'): this {
    for (let i = 0; i < n; i++) {
      this.wait(everyMs);
      this.trade({ maker: 900_001, taker: 900_002 + (i % 5), price, qty: 10, aggressor: i % 2 === 0 ? 'buy' : 'sell', symbol });
    }
    return this;
  }
}

/** Wraps a definition so the test can reach the detector instance it creates (for state-size checks). */
export function capture<D extends DetectorDefinition>(def: D): { definition: DetectorDefinition; instance: () => Detector & { sizes(): Record<string, number> } } {
  let made: Detector | null = null;
  const definition: DetectorDefinition = {
    ...def,
    create: (p) => {
      made = (def as DetectorDefinition).create(p);
      return made;
    },
  };
  return { definition, instance: () => made as Detector & { sizes(): Record<string, number> } };
}

/** Runs rules over a hand-made stream; returns every kept alert. */
export function runRules(rules: RuleConfig[], events: readonly MarketEvent[]): Alert[] {
  const runner = new DetectorRunner(rules, ALL_CAPABILITIES);
  for (const e of events) runner.onEvent(e);
  return runner.alerts;
}

/** Runs one rule over a hand-made stream. */
export function runRule(definition: DetectorDefinition, events: readonly MarketEvent[], params?: unknown): Alert[] {
  return runRules([{ name: definition.name, definition, params }], events);
}

/** One shipped scenario, one seed, with rules attached: alerts and the ground truth (tests only). */
export function simulate(scenario: string, seed: number, rules: RuleConfig[]): { alerts: Alert[]; truth: GroundTruth } {
  const file = fileURLToPath(new URL(`../../scenarios/${scenario}.yaml`, import.meta.url));
  const run = compileScenario(loadScenario(file), seed);
  const runner = new DetectorRunner(rules, ALL_CAPABILITIES);
  run.sim.onEvent((e) => runner.onEvent(e));
  run.sim.run();
  return { alerts: runner.alerts, truth: run.sim.truth.toJSON(scenario, seed) };
}

/** Roles of the accounts an alert list names. */
export function rolesNamed(alerts: readonly Alert[], truth: GroundTruth): Record<string, number> {
  const role = new Map(truth.accounts.map((a) => [a.account, a.role]));
  const named = new Set<number>();
  for (const a of alerts) for (const x of a.accounts) named.add(x);
  const out: Record<string, number> = {};
  for (const x of named) {
    const r = role.get(x) ?? 'unknown';
    out[r] = (out[r] ?? 0) + 1;
  }
  return out;
}
