import { describe, expect, it } from 'vitest';
import { Whale, WHALE_INFO, type WhaleParams } from '../../src/agents/whale.js';
import { ALT_PRICE, BTC, Ladder, market, ordersOf, tradesOf, whaleParams } from './organic-harness.js';

const CONFIRM = 10 * 60_000;

function run(seed: number, overrides: Partial<WhaleParams> = {}) {
  const h = market({ seed, endTime: 60 * 60_000, btcConfirmationMs: CONFIRM });
  const maker = h.account({ BTC: 100 * BTC, ALT: 1_000_000 * BTC });
  const whale = h.account({ ETH: 3 * BTC });
  // Static and deep enough that the whale never empties it.
  h.sim.addAgent(new Ladder('maker', { symbol: 'ALT/BTC', account: maker, price: ALT_PRICE, levels: 80, stepBps: 100, qty: 400, requoteMs: 0 }));
  const p = whaleParams(whale, { depositAmount: 2 * BTC, spendFraction: 0.75, chunks: 8, holdMs: 10 * 60_000, sellFraction: 0.5, sellChunks: 4, sellDuration: 2 * 60_000, ...overrides });
  h.sim.addAgent(new Whale('whale', p));
  h.sim.run();
  const orders = ordersOf(h.events, [whale]);
  const buys = orders.filter((o) => o.side === 'buy');
  const sells = orders.filter((o) => o.side === 'sell');
  const trades = tradesOf(h.events, 'ALT/BTC').filter((t) => t.takerAccount === whale);
  const spent = trades.filter((t) => t.aggressor === 'buy').reduce((s, t) => s + t.quoteQty, 0);
  const boughtLots = trades.filter((t) => t.aggressor === 'buy').reduce((s, t) => s + t.qty, 0);
  const soldLots = trades.filter((t) => t.aggressor === 'sell').reduce((s, t) => s + t.qty, 0);
  return { h, p, whale, buys, sells, spent, boughtLots, soldLots, truth: h.sim.truth.toJSON('whale-test', seed) };
}

describe('Whale', () => {
  it('deposits for real: pending, then credited after the confirmation delay, and buys only after the credit', () => {
    const { h, p, whale, buys } = run(1);
    const deposits = h.events.filter((e) => e.type === 'deposit' && e.account === whale && e.asset === 'BTC');
    expect(deposits.map((d) => [d.t, d.type === 'deposit' && d.status, d.type === 'deposit' && d.amount])).toEqual([
      [p.depositAt, 'pending', p.depositAmount],
      [p.depositAt + CONFIRM, 'credited', p.depositAmount],
    ]);
    expect(buys.length).toBe(p.chunks);
    const credited = p.depositAt + CONFIRM;
    expect(buys[0]!.t).toBeGreaterThanOrEqual(credited);
    expect(buys[0]!.t).toBeLessThan(credited + p.pollMs + 2_000);
  });

  it('spends spendFraction of the deposit in chunks spread over buyDuration at jittered intervals', () => {
    const { p, buys, spent } = run(2);
    const budget = p.depositAmount * p.spendFraction;
    expect(Math.abs(spent - budget)).toBeLessThan(ALT_PRICE * 2); // under two lots of rounding
    const span = buys[buys.length - 1]!.t - buys[0]!.t;
    expect(Math.abs(span - p.buyDuration)).toBeLessThan(2_000);
    const gaps = buys.slice(1).map((b, i) => b.t - buys[i]!.t);
    const step = p.buyDuration / (p.chunks - 1);
    for (const g of gaps) {
      expect(g).toBeGreaterThan(step * (1 - p.jitter) - 1_000);
      expect(g).toBeLessThan(step * (1 + p.jitter) + 1_000);
    }
    expect(new Set(gaps.map((g) => Math.round(g / 1000))).size).toBeGreaterThan(2); // not a metronome
    for (const b of buys) {
      expect(b).toMatchObject({ kind: 'market', channel: 'web', key: null, platform: null, device: buys[0]!.device, ip: buys[0]!.ip });
      expect(b.quoteQty).toBeGreaterThan(0);
    }
  });

  it('limit style: IOC limits a few bps through the ask, never paying more than the limit', () => {
    const { h, p, buys, spent, whale } = run(3, { style: 'limit', maxSlippageBps: 200 });
    expect(buys.every((b) => b.kind === 'limit' && b.tif === 'ioc' && b.price !== null)).toBe(true);
    const limits = new Map(buys.map((b) => [b.order, b.price!]));
    for (const t of tradesOf(h.events, 'ALT/BTC').filter((x) => x.takerAccount === whale && x.aggressor === 'buy')) {
      expect(t.price).toBeLessThanOrEqual(limits.get(t.takerOrder)!);
    }
    expect(spent).toBeLessThanOrEqual(p.depositAmount * p.spendFraction);
    expect(spent).toBeGreaterThan(p.depositAmount * p.spendFraction * 0.9);
  });

  it('takes profit after holdMs: sells sellFraction of the coin bought, in chunks', () => {
    const { p, buys, sells, boughtLots, soldLots } = run(4);
    expect(sells.length).toBe(p.sellChunks);
    expect(sells[0]!.t).toBeGreaterThanOrEqual(buys[buys.length - 1]!.t + p.holdMs! - 1_000);
    expect(Math.abs(soldLots - Math.floor(boughtLots * p.sellFraction * 0.999))).toBeLessThanOrEqual(p.sellChunks + boughtLots * 0.002);
  });

  it('never sells when holdMs is null', () => {
    expect(run(4, { holdMs: null }).sells).toEqual([]);
  });

  it('records its role and the organic incident: prepared at the deposit, started at the first buy', () => {
    const { p, whale, buys, sells, truth } = run(5);
    expect(truth.accounts.find((a) => a.account === whale)).toEqual({ account: whale, role: 'whale', agent: 'whale' });
    expect(truth.incidents).toHaveLength(1);
    expect(truth.incidents[0]).toMatchObject({
      id: 'organic-whale',
      kind: 'organic',
      symbol: 'ALT/BTC',
      models: p.incident.models,
      prepStart: p.depositAt,
      start: buys[0]!.t,
      end: sells[sells.length - 1]!.t,
      harmPoint: null,
      accounts: [{ account: whale, role: 'whale' }],
    });
  });

  it('is deterministic: same seed, same events; another seed, other times', () => {
    const a = JSON.stringify(run(6).h.events);
    expect(JSON.stringify(run(6).h.events)).toBe(a);
    expect(JSON.stringify(run(7).h.events)).not.toBe(a);
  });

  it('documents every parameter for `surveil list agents`', () => {
    expect(WHALE_INFO.kind).toBe('whale');
    expect(Object.keys(WHALE_INFO.params).length).toBeGreaterThan(5);
  });
});
