import { describe, expect, it } from 'vitest';
import type { Agent, AgentContext, MarketUpdate } from '../../src/agents/index.js';
import type { MarketEvent } from '../../src/core/index.js';
import { Simulation } from '../../src/sim/index.js';

function market(sim: Simulation) {
  const ex = sim.exchange;
  ex.listAsset({ code: 'BTC', decimals: 8, confirmationMs: 60_000, withdrawalDelayMs: 30_000 });
  ex.listAsset({ code: 'ALT', decimals: 8, confirmationMs: 60_000, withdrawalDelayMs: 30_000 });
  ex.listSymbol({ code: 'ALT/BTC', base: 'ALT', quote: 'BTC', tickSize: '0.00000001', lotSize: '1', minNotional: 0, makerFeeBps: 0, takerFeeBps: 0 });
  const a = ex.openAccount();
  const b = ex.openAccount();
  ex.deposit(a, 'ALT', 1_000 * 1e8, 'x', true);
  ex.deposit(b, 'BTC', 1e8, 'y', true);
  return { a, b };
}

/** Places one ask at start; a second agent buys it at t=1000 through the web channel. */
class Seller implements Agent {
  readonly name = 'seller';
  constructor(private readonly account: number) {}
  start(ctx: AgentContext): void {
    ctx.send('api', (ex) => {
      ex.placeOrder({ account: this.account as never, symbol: 'ALT/BTC', side: 'sell', kind: 'limit', price: 100, qty: 10, source: { channel: 'web', ip: '1.1.1.1' } });
    });
  }
}

class Buyer implements Agent {
  readonly name = 'buyer';
  readonly sentAt: number[] = [];
  readonly arrivedAt: number[] = [];
  readonly updates: { t: number; trades: number; bestAsk: number }[] = [];
  constructor(private readonly account: number) {}
  start(ctx: AgentContext): void {
    ctx.subscribe('ALT/BTC');
    ctx.wakeAt(1_000, 1);
    ctx.wakeAt(1_000, 2);
  }
  onWake(ctx: AgentContext, tag: number): void {
    this.sentAt.push(ctx.now);
    ctx.send('web', (ex) => {
      this.arrivedAt.push(ex.now);
      ex.placeOrder({ account: this.account as never, symbol: 'ALT/BTC', side: 'buy', kind: 'limit', price: 100, qty: tag, source: { channel: 'web', ip: '2.2.2.2' } });
    });
  }
  onMarketData(ctx: AgentContext, u: MarketUpdate): void {
    this.updates.push({ t: ctx.now, trades: u.trades.length, bestAsk: u.bestAsk });
  }
}

function runOnce(seed: number) {
  const sim = new Simulation({ seed, endTime: 10_000, marketDataDelayMs: 20 });
  const { a, b } = market(sim);
  const events: MarketEvent[] = [];
  sim.onEvent((e) => events.push(e));
  const buyer = new Buyer(b);
  sim.addAgent(new Seller(a));
  sim.addAgent(buyer);
  const stats = sim.run();
  return { sim, events, buyer, stats };
}

describe('Simulation', () => {
  it('applies channel latency, orders same-time wakes by scheduling, batches market data', () => {
    const { events, buyer } = runOnce(1);
    expect(buyer.sentAt).toEqual([1000, 1000]);
    // Web latency: at least the 120 ms base, plus jitter.
    for (const t of buyer.arrivedAt) expect(t).toBeGreaterThanOrEqual(1_120);
    const trades = events.filter((e) => e.type === 'trade');
    // Jitter may reorder the two arrivals; both fill.
    expect(trades.map((t) => (t.type === 'trade' ? t.qty : 0)).sort()).toEqual([1, 2]);
    // The subscriber hears of the resting ask once, and of each trade 20 ms after it happened.
    expect(buyer.updates[0]).toMatchObject({ trades: 0, bestAsk: 100 });
    const tradeUpdates = buyer.updates.filter((u) => u.trades > 0);
    expect(tradeUpdates.reduce((s, u) => s + u.trades, 0)).toBe(2);
    for (const u of tradeUpdates) expect(u.t).toBeGreaterThanOrEqual(trades[0]!.t + 20);
  });

  it('is deterministic per seed and differs across seeds', () => {
    const one = JSON.stringify(runOnce(7).events);
    expect(JSON.stringify(runOnce(7).events)).toBe(one);
    expect(JSON.stringify(runOnce(8).events)).not.toBe(one);
  });

  it('processes deposits and withdrawals at their due times between agenda entries', () => {
    const sim = new Simulation({ seed: 1, endTime: 200_000 });
    const { b } = market(sim);
    const events: MarketEvent[] = [];
    sim.onEvent((e) => events.push(e));
    sim.addAgent({
      name: 'depositor',
      start: (ctx) => {
        ctx.exchange.deposit(b, 'BTC', 5, 'addr');
        ctx.wakeAt(100_000);
      },
      onWake: () => undefined,
    });
    sim.run();
    const credited = events.find((e) => e.type === 'deposit' && e.status === 'credited' && e.amount === 5);
    expect(credited?.t).toBe(60_000);
  });

  it('lets an observer act on the exchange after a delay', () => {
    const sim = new Simulation({ seed: 1, endTime: 10_000 });
    const { a, b } = market(sim);
    let haltedAt = -1;
    sim.addObserver({
      onEvent: (e, api) => {
        if (e.type === 'trade' && haltedAt < 0) {
          haltedAt = e.t + 500;
          api.schedule(500, (ex) => ex.haltSymbol('ALT/BTC', 'test'));
        }
      },
    });
    const events: MarketEvent[] = [];
    sim.onEvent((e) => events.push(e));
    sim.addAgent(new Seller(a));
    sim.addAgent(new Buyer(b));
    sim.run();
    const halt = events.find((e) => e.type === 'restriction');
    expect(halt?.t).toBe(haltedAt);
  });
});
