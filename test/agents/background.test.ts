import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountId, EventOf, MarketEvent } from '../../src/core/index.js';
import { BACKGROUND_INFO, BackgroundPopulation, type BackgroundParams } from '../../src/agents/background.js';
import { MarketMaker } from '../../src/agents/market-maker.js';
import { NoiseTrader } from '../../src/agents/noise-trader.js';
import { BACKGROUND, DAY, HOUR, MAJOR_MAKER, PLATFORMS, THIN_MAKER, THIN_NOISE, makeWorld } from './harness.js';

/** Makers on both symbols and a background population of `n` accounts (half hold only BTC). */
function world(seed: number, endTime: number, n: number, over: Partial<BackgroundParams> = {}, noise = false) {
  const w = makeWorld(seed, endTime);
  w.sim.addAgent(new MarketMaker('mm-alt', { ...THIN_MAKER, account: w.open({ BTC: 5, ALT: 20_000 }) }));
  w.sim.addAgent(new MarketMaker('mm-eth', { ...MAJOR_MAKER, account: w.open({ BTC: 50, ETH: 1000 }) }));
  if (noise) w.sim.addAgent(new NoiseTrader('noise', { ...THIN_NOISE, accounts: w.openMany(10, { BTC: 0.5, ALT: 2000 }) }));
  const accounts: AccountId[] = [];
  for (let i = 0; i < n; i++) accounts.push(w.open(i % 2 === 0 ? { BTC: 0.1 } : { BTC: 0.3, ETH: 3, ALT: 200 }));
  w.sim.addAgent(new BackgroundPopulation('bg', { ...BACKGROUND, ...over, accounts }));
  return { w, accounts, set: new Set<number>(accounts) };
}

type Order = EventOf<'order-accepted'> | EventOf<'order-rejected'>;

describe('BackgroundPopulation', () => {
  let w: ReturnType<typeof makeWorld>;
  let set: Set<number>;
  let accounts: AccountId[];
  let orders: Order[];
  const mine = (e: MarketEvent) => 'account' in e && e.account !== null && set.has(e.account);

  // A simulated day of 400 accounts: past the 10 s hook default when the machine is busy.
  beforeAll(() => {
    ({ w, set, accounts } = world(21, DAY, 400, { platformShare: 0.25 }));
    w.sim.run();
    orders = w.events.filter((e): e is Order => (e.type === 'order-accepted' || e.type === 'order-rejected') && mine(e));
  }, 120_000);

  it('gives every account a history in the first day: a trade or a login', () => {
    const active = new Set<number>();
    for (const e of w.events) {
      if (e.type === 'login') active.add(e.account);
      if (e.type === 'trade') active.add(e.takerAccount);
    }
    for (const a of accounts) expect(active.has(a), `account ${a}`).toBe(true);
    for (const a of accounts) expect(w.sim.truth.roleOf(a)).toBe('background');
    // About tradesPerAccountPerDay actions each (rates are log-normal: the mean is above the median).
    expect(orders.length / accounts.length).toBeGreaterThan(1.2);
    expect(orders.length / accounts.length).toBeLessThan(5);
  });

  it('sends platform orders from the platform servers with the platform-held key, and leaves some keys dormant', () => {
    const keys = new Map<number, EventOf<'api-key-created'>>();
    for (const e of w.events) if (e.type === 'api-key-created' && set.has(e.account)) keys.set(e.key, e);
    expect(keys.size).toBeGreaterThan(400 * 0.15);
    expect(keys.size).toBeLessThan(400 * 0.35);
    const used = new Set<number>();
    const api = orders.filter((o) => o.channel === 'api');
    expect(api.length).toBeGreaterThan(20);
    for (const o of api) {
      const key = keys.get(o.key!)!;
      expect(key.account).toBe(o.account);
      expect(key).toMatchObject({ canTrade: true, canWithdraw: false, ips: [] });
      const platform = PLATFORMS.find((p) => p.name === o.platform)!;
      expect(platform.name).toBe(key.platform);
      expect(platform.serverIps).toContain(o.ip);
      expect(o.device).toBeNull();
      used.add(o.key!);
    }
    expect(used.size).toBeGreaterThan(0);
    expect(used.size).toBeLessThan(keys.size); // dormant keys exist among honest accounts too
    const web = orders.filter((o) => o.channel !== 'api');
    for (const o of web) expect(o.key === null && o.platform === null && o.device !== null).toBe(true);
  });

  it('does not spam rejections, and trades the thin coin only sometimes', () => {
    const rejected = orders.filter((o) => o.type === 'order-rejected').length;
    expect(rejected).toBeLessThanOrEqual(orders.length * 0.01);
    const wrej = w.events.filter((e) => e.type === 'withdrawal' && e.status === 'rejected' && mine(e));
    expect(wrej).toEqual([]);
    const alt = orders.filter((o) => o.symbol === 'ALT/BTC').length / orders.length;
    expect(alt).toBeGreaterThan(0.01);
    expect(alt).toBeLessThan(0.12);
    expect(w.ex.audit()).toEqual([]);
  });

  it('keeps one device, a home IP and one wallet address per account', () => {
    const devices = new Map<number, Set<string>>();
    const ips = new Map<number, Map<string, number>>();
    const wallets = new Map<number, Set<string>>();
    const add = <K, V>(m: Map<K, Set<V>>, k: K, v: V) => m.set(k, (m.get(k) ?? new Set<V>()).add(v));
    for (const e of w.events) {
      if (!mine(e)) continue;
      if (e.type === 'login') {
        add(devices, e.account, e.device!);
        const m = ips.get(e.account) ?? new Map<string, number>();
        ips.set(e.account, m.set(e.ip, (m.get(e.ip) ?? 0) + 1));
      }
      if (e.type === 'withdrawal-request') {
        expect(e.channel === 'web' || e.channel === 'app').toBe(true);
        add(wallets, e.account, e.address);
      }
      if (e.type === 'deposit' && e.address !== 'genesis') add(wallets, e.account, e.address);
    }
    for (const s of devices.values()) expect(s.size).toBe(1);
    for (const s of wallets.values()) expect(s.size).toBe(1);
    expect(wallets.size).toBeGreaterThan(10);
    let home = 0;
    let all = 0;
    for (const m of ips.values()) {
      home += Math.max(...m.values());
      for (const c of m.values()) all += c;
    }
    expect(home / all).toBeGreaterThan(0.9);
    expect(home / all).toBeLessThan(1); // people roam now and then: a new IP alone is not a signal
  });

  it('is deterministic: same seed, same events; another seed, other events', () => {
    const log = (seed: number) => {
      const { w: x } = world(seed, 2 * HOUR, 150, {}, true);
      x.sim.run();
      return JSON.stringify(x.events) + JSON.stringify(x.sim.truth.toJSON('t', seed));
    };
    const a = log(5);
    expect(log(5)).toBe(a);
    expect(log(6)).not.toBe(a);
  });

  it('describes itself for `surveil list agents`', () => {
    expect(BACKGROUND_INFO.kind).toBe('background');
    for (const key of Object.keys(BACKGROUND)) expect(BACKGROUND_INFO.params).toHaveProperty(key);
  });
});
