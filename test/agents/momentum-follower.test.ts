import { describe, expect, it } from 'vitest';
import { streamFor } from '../../src/core/index.js';
import type { AgentContext, MarketUpdate } from '../../src/agents/index.js';
import { TruthRecorder } from '../../src/agents/truth-recorder.js';
import { MOMENTUM_FOLLOWER_INFO, MomentumFollowers, type MomentumFollowerParams } from '../../src/agents/momentum-follower.js';
import {
  ALT_PRICE,
  BTC,
  Chatter,
  Ladder,
  Pusher,
  followerAccounts,
  followerParams,
  market,
  ordersOf,
  tradesOf,
  type Trade,
} from './organic-harness.js';

const MIN = 60_000;

interface Setup {
  seed: number;
  n: number;
  endTime: number;
  /** Market buys of this many BTC units at these times (a sharp rise), or none. */
  push?: { at: number[]; quote: number };
  /** Market sells of this many lots at these times (a fall). */
  dump?: { at: number[]; lots: number };
  /** Alternating small buys and sells every this many ms (trades, no trend). */
  chatterMs?: number;
  params?: Partial<MomentumFollowerParams>;
}

function run(s: Setup) {
  const h = market({ seed: s.seed, endTime: s.endTime });
  const maker = h.account({ BTC: 100 * BTC, ALT: 1_000_000 * BTC });
  const pusher = h.account({ BTC: 20 * BTC });
  const chatter = [h.account({ BTC: 5 * BTC, ALT: 100_000 * BTC }), h.account({ BTC: 5 * BTC, ALT: 100_000 * BTC })] as const;
  const dumper = h.account({ ALT: 1_000_000 * BTC });
  const accounts = followerAccounts(h, s.n);
  h.sim.addAgent(new Ladder('maker', { symbol: 'ALT/BTC', account: maker, price: ALT_PRICE, levels: 80, stepBps: 100, qty: 400, requoteMs: 0 }));
  if (s.push) h.sim.addAgent(new Pusher('pusher', 'ALT/BTC', pusher, s.push.at, s.push.quote));
  if (s.chatterMs) h.sim.addAgent(new Chatter('chatter', 'ALT/BTC', chatter, s.chatterMs, 20));
  if (s.dump) h.sim.addAgent(new Pusher('dumper', 'ALT/BTC', dumper, s.dump.at, s.dump.lots, 'sell'));
  const agent = new MomentumFollowers('followers', followerParams(accounts, { holdMedianMs: 5 * MIN, holdSigma: 0.5, ...s.params }));
  h.sim.addAgent(agent);
  // The state's shape once started (fixed-size arrays per follower, fixed ring), taken at 1 ms.
  let shape = '';
  h.sim.addAgent({ name: 'probe', start: (ctx) => ctx.wakeAt(1), onWake: () => void (shape = fieldSizes(agent)) });
  h.sim.run();
  const orders = ordersOf(h.events, accounts);
  return {
    h,
    agent,
    shape,
    accounts,
    buys: orders.filter((o) => o.side === 'buy'),
    sells: orders.filter((o) => o.side === 'sell'),
    trades: tradesOf(h.events, 'ALT/BTC'),
    truth: h.sim.truth.toJSON('followers-test', s.seed),
  };
}

/** Names and lengths of every array-like field: the agent's state must not grow with the run. */
function fieldSizes(agent: object): string {
  return JSON.stringify(
    Object.entries(agent).map(([k, v]) => [k, ArrayBuffer.isView(v) || Array.isArray(v) ? (v as { length: number }).length : typeof v]),
  );
}

const sharpRise = { at: [60_000, 70_000, 80_000, 90_000, 100_000], quote: 0.6 * BTC };

describe('MomentumFollowers', () => {
  it('mostly stays out when trades come but the price does not move', () => {
    const { buys, trades, truth } = run({ seed: 1, n: 200, endTime: 60 * MIN, chatterMs: 5_000 });
    expect(trades.length).toBeGreaterThan(500);
    expect(buys.length).toBeLessThanOrEqual(10); // idle buys only (1% of looks)
    expect(truth.incidents).toEqual([]); // no momentum buy, so the organic incident never started
  });

  it('piles in after a sharp rise: many buy, each once, spread over seconds, and all sell later', () => {
    const { buys, sells, trades, truth, h, accounts } = run({ seed: 2, n: 200, endTime: 60 * MIN, push: sharpRise });
    const firstPush = trades[0]!.t;
    // Momentum buyers of 200 on this seed; idle buys alone give under 10 (previous test).
    expect(buys.length).toBeGreaterThanOrEqual(20);
    expect(new Set(buys.map((b) => b.account)).size).toBe(buys.length);
    expect(buys[0]!.t - firstPush).toBeGreaterThan(1_000); // a human reacts in seconds, not milliseconds
    const times = buys.map((b) => b.t).sort((a, b) => a - b);
    const q = (f: number) => times[Math.floor(f * (times.length - 1))]!;
    expect(q(0.75) - q(0.25)).toBeGreaterThan(8_000); // slower and more spread than a coordinated group (3-8 s)
    // Each buyer sells after its buy, and ends with no coin: it sold what it bought.
    const soldAt = new Map(sells.map((s) => [s.account, s.t]));
    for (const b of buys) expect(soldAt.get(b.account)).toBeGreaterThan(b.t);
    for (const a of accounts) {
      const alt = h.sim.exchange.balance(a, 'ALT');
      expect(alt.locked).toBe(0);
      expect(alt.available).toBeLessThan(BTC); // less than one lot of fee dust
    }
    for (const o of [...buys, ...sells]) {
      expect(['web', 'app']).toContain(o.channel);
      expect(o.key).toBeNull();
    }
    expect(new Set(buys.map((b) => b.ip)).size).toBe(buys.length); // unrelated accounts
    // Truth: every follower account has its role; the momentum buyers are in the incident.
    expect(truth.accounts.filter((a) => a.role === 'follower').map((a) => a.account)).toEqual(accounts);
    const inc = truth.incidents[0]!;
    expect(inc).toMatchObject({ id: 'organic-whale', kind: 'organic', symbol: 'ALT/BTC', start: buys[0]!.t });
    expect(inc.accounts.every((a) => a.role === 'follower')).toBe(true);
    expect(inc.accounts.length).toBeGreaterThanOrEqual(buys.length - 3);
  });

  it('sells on a stop loss when the price falls below the entry, long before its holding time', () => {
    const { buys, sells, trades } = run({
      seed: 3,
      n: 100,
      endTime: 20 * MIN,
      push: sharpRise,
      dump: { at: [8 * MIN], lots: 40_000 },
      params: { holdMedianMs: 600 * MIN, holdSigma: 0.1, stopLossBps: 500, watchMs: 5_000 },
    });
    expect(buys.length).toBeGreaterThan(10);
    const dumpAt = trades.find((t) => t.aggressor === 'sell')!.t;
    expect(dumpAt).toBeGreaterThanOrEqual(8 * MIN);
    expect(sells.length).toBe(buys.length);
    for (const s of sells) {
      expect(s.t).toBeGreaterThan(dumpAt);
      expect(s.t).toBeLessThan(dumpAt + 2 * MIN); // glances every 5 s on average
    }
  });

  it('keeps O(1) state: no field grows over a busy run', () => {
    const { agent, shape, trades } = run({ seed: 4, n: 150, endTime: 60 * MIN, push: sharpRise, chatterMs: 1_000 });
    expect(trades.length).toBeGreaterThan(3_000);
    expect(fieldSizes(agent)).toBe(shape);
  });

  it('is deterministic: same seed, same events', () => {
    const a = JSON.stringify(run({ seed: 5, n: 100, endTime: 30 * MIN, push: sharpRise }).h.events);
    expect(JSON.stringify(run({ seed: 5, n: 100, endTime: 30 * MIN, push: sharpRise }).h.events)).toBe(a);
  });
});

describe('MomentumFollowers attention (Hawkes intensity and thinning)', () => {
  /** A context without a simulation: the agent's wakes are recorded, market data is fed by hand. */
  function harness(params: Partial<MomentumFollowerParams>) {
    const h = market({ seed: 1, endTime: 1 });
    const maker = h.account({ BTC: 10 * BTC, ALT: 100_000 * BTC });
    h.sim.exchange.placeOrder({ account: maker, symbol: 'ALT/BTC', side: 'sell', kind: 'limit', price: ALT_PRICE, qty: 10, source: { channel: 'web', ip: 'x' } });
    const wakes: number[] = [];
    let now = 0;
    const ctx: AgentContext = {
      get now() {
        return now;
      },
      rng: streamFor(1, 'test'),
      exchange: h.sim.exchange,
      truth: new TruthRecorder(),
      wakeAt: (t) => wakes.push(t),
      wakeIn: (dt) => wakes.push(now + dt),
      subscribe: () => {},
      send: () => {},
      sendTag: () => {},
    };
    const agent = new MomentumFollowers('f', followerParams([h.account({ BTC: BTC })], params));
    agent.start(ctx);
    const feed = (t: number, tradeTimes: number[], price = ALT_PRICE) => {
      now = t;
      const trades = tradeTimes.map((tt) => ({ t: tt, price }) as unknown as Trade);
      agent.onMarketData(ctx, { symbol: 'ALT/BTC', trades, bestBid: 0, bestAsk: 0 } as MarketUpdate);
    };
    return { agent, feed, wakes };
  }

  it('jumps by alpha x excitation per trade and decays at beta', () => {
    const { agent, feed } = harness({ baseRatePerDay: 86_400, excitation: 2 }); // mu = 1/s
    expect(agent.intensity(0)).toBeCloseTo(1, 10);
    feed(10_000, [10_000, 10_000, 10_000]);
    expect(agent.intensity(10_000)).toBeCloseTo(1 + 3 * 2 * 1.18, 10);
    expect(agent.intensity(11_000)).toBeCloseTo(1 + 3 * 2 * 1.18 * Math.exp(-1.79), 10);
    // A trade 500 ms before its delivery has already decayed.
    feed(20_000, [19_500]);
    const carried = 3 * 2 * 1.18 * Math.exp(-1.79 * 10);
    expect(agent.intensity(20_000)).toBeCloseTo(1 + carried + 2 * 1.18 * Math.exp(-1.79 * 0.5), 10);
  });

  it('measures the momentum return over the lookback', () => {
    const { agent, feed } = harness({ lookbackMs: 5 * MIN });
    feed(1_000, [1_000], ALT_PRICE);
    feed(2 * MIN, [2 * MIN], ALT_PRICE * 1.2);
    expect(agent.returnBps(2 * MIN)).toBeCloseTo(2_000, 6);
    // Once the lookback has passed, the old price is forgotten.
    expect(agent.returnBps(2 * MIN + 6 * MIN)).toBeCloseTo(0, 6);
  });

  it('without trades, looks arrive at the base rate (one buy per look when idleBuyProb is 1)', () => {
    const n = 1_000;
    const h = market({ seed: 9, endTime: 200 * MIN });
    const maker = h.account({ BTC: 100 * BTC, ALT: 1_000_000 * BTC });
    h.sim.addAgent(new Ladder('maker', { symbol: 'ALT/BTC', account: maker, price: ALT_PRICE, levels: 400, stepBps: 100, qty: 400, requoteMs: 0 }));
    const accounts = followerAccounts(h, n);
    // mu = 1 per minute, no excitation: the buys' own trades must not feed back.
    h.sim.addAgent(new MomentumFollowers('f', followerParams(accounts, { baseRatePerDay: 1_440, excitation: 0, idleBuyProb: 1, entryReturnBps: 1e9, holdMedianMs: 1e9 })));
    h.sim.run();
    const buys = ordersOf(h.events, accounts).filter((o) => o.side === 'buy').length;
    expect(buys).toBeGreaterThan(200 - 3 * Math.sqrt(200));
    expect(buys).toBeLessThan(200 + 3 * Math.sqrt(200));
  });

  it('documents its parameters', () => {
    expect(MOMENTUM_FOLLOWER_INFO.kind).toBe('momentum-follower');
  });
});
