import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../src/core/index.js';
import { MarketMaker } from '../../src/agents/market-maker.js';
import { NOISE_TRADER_INFO, NoiseTrader, type NoiseTraderParams } from '../../src/agents/noise-trader.js';
import { HOUR, MINUTE, THIN_MAKER, THIN_NOISE, makeWorld } from './harness.js';

/** A thin market with a maker and a noise trader over `accounts` accounts; returns the world and the pool. */
function run(seed: number, hours: number, over: Partial<NoiseTraderParams>, funds = { BTC: 0.5, ALT: 2000 }, accounts = 20) {
  const w = makeWorld(seed, hours * HOUR);
  const mm = w.open({ BTC: 5, ALT: 20_000 });
  w.sim.addAgent(new MarketMaker('mm', { ...THIN_MAKER, account: mm }));
  const pool = w.openMany(accounts, funds);
  w.sim.addAgent(new NoiseTrader('noise', { ...THIN_NOISE, ...over, accounts: pool }));
  w.sim.run();
  const set = new Set<number>(pool);
  const ofPool = <T extends { account: number }>(e: T) => set.has(e.account);
  const accepted = w.events.filter((e): e is EventOf<'order-accepted'> => e.type === 'order-accepted' && ofPool(e));
  const rejected = w.events.filter((e): e is EventOf<'order-rejected'> => e.type === 'order-rejected' && ofPool(e));
  const cancels = w.events.filter((e): e is EventOf<'cancel'> => e.type === 'cancel' && ofPool(e));
  return { w, mm, pool, accepted, rejected, cancels };
}

describe('NoiseTrader', () => {
  it('sends about ordersPerDay orders, none rejected', () => {
    const { accepted, rejected, w } = run(11, 6, { ordersPerDay: 4000 });
    expect(rejected).toEqual([]);
    // 1,000 expected in 6 h (Poisson sd ~32); a few arrivals are skipped when an account runs dry.
    expect(accepted.length).toBeGreaterThan(880);
    expect(accepted.length).toBeLessThan(1100);
    expect(w.ex.audit()).toEqual([]);
  });

  it('mixes market orders and passive limits behind the touch, and cancels limits after their lifetime', () => {
    const lifetime = 5 * MINUTE;
    const { accepted, cancels, w, pool } = run(12, 6, { ordersPerDay: 4000, marketShare: 0.3, limitLifetimeMs: lifetime });
    const limits = accepted.filter((o) => o.kind === 'limit');
    expect(limits.length / accepted.length).toBeGreaterThan(0.62);
    expect(limits.length / accepted.length).toBeLessThan(0.78);
    const acceptedAt = new Map(limits.map((o) => [o.order, o.t]));
    // Passive: a limit never takes liquidity when it arrives.
    expect(w.events.some((e) => e.type === 'trade' && acceptedAt.has(e.takerOrder))).toBe(false);
    const userCancels = cancels.filter((c) => c.reason === 'user');
    expect(userCancels.length).toBeGreaterThan(limits.length * 0.5);
    const lives = userCancels.map((c) => c.t - acceptedAt.get(c.order)!);
    expect(lives.every((l) => l > 0)).toBe(true);
    const mean = lives.reduce((a, b) => a + b, 0) / lives.length;
    expect(mean).toBeGreaterThan(lifetime * 0.8);
    expect(mean).toBeLessThan(lifetime * 1.25);
    // Whatever is still live at the end is young: nothing is forgotten on the book.
    const end = w.sim.exchange.now;
    for (const a of pool) for (const id of w.ex.openOrders(a)) expect(end - acceptedAt.get(id)!).toBeLessThan(lifetime * 12);
  });

  it('follows buyProbability and caps sizes by the balance (accounts without coin only buy)', () => {
    const skewed = run(13, 3, { ordersPerDay: 4000, buyProbability: 0.8 });
    const buys = skewed.accepted.filter((o) => o.side === 'buy').length;
    expect(buys / skewed.accepted.length).toBeGreaterThan(0.72);
    expect(buys / skewed.accepted.length).toBeLessThan(0.88);

    const noCoin = run(14, 3, { ordersPerDay: 4000 }, { BTC: 0.5, ALT: 0 });
    expect(noCoin.rejected).toEqual([]);
    const sells = noCoin.accepted.filter((o) => o.side === 'sell');
    const buysNoCoin = noCoin.accepted.filter((o) => o.side === 'buy');
    expect(buysNoCoin.length).toBeGreaterThan(200);
    // Sells only from coin bought earlier in the run, never beyond it.
    expect(sells.length).toBeLessThan(buysNoCoin.length);
  });

  it('keeps one channel per account; API accounts use their own key with no platform', () => {
    const { accepted, w, pool } = run(15, 3, { ordersPerDay: 4000, channelMix: { web: 1, app: 1, api: 1 } }, undefined, 60);
    const byAccount = new Map<number, Set<string>>();
    for (const o of accepted) {
      const set = byAccount.get(o.account) ?? new Set();
      set.add(`${o.channel}|${o.key}|${o.ip}|${o.device}`);
      byAccount.set(o.account, set);
      expect(o.platform).toBeNull();
      if (o.channel === 'api') expect(o.key !== null && o.device === null).toBe(true);
      else expect(o.key === null && o.device !== null).toBe(true);
    }
    for (const s of byAccount.values()) expect(s.size).toBe(1);
    const channels = new Set(accepted.map((o) => o.channel));
    expect([...channels].sort()).toEqual(['api', 'app', 'web']);
    const inPool = new Set<number>(pool);
    const keys = w.events.filter((e) => e.type === 'api-key-created' && inPool.has(e.account));
    for (const k of keys) expect(k).toMatchObject({ platform: null, canTrade: true });
    for (const a of pool) expect(w.sim.truth.roleOf(a)).toBe('background');
  });

  it('describes itself for `surveil list agents`', () => {
    expect(NOISE_TRADER_INFO.kind).toBe('noise-trader');
    for (const key of Object.keys(THIN_NOISE).filter((k) => k !== 'symbol')) expect(NOISE_TRADER_INFO.params).toHaveProperty(key);
  });
});
