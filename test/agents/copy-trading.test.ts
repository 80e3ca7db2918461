import { describe, expect, it } from 'vitest';
import { COPY_TRADING_INFO, CopyTrading, type CopyTradingParams } from '../../src/agents/copy-trading.js';
import { ALT_PRICE, BTC, Ladder, market, ordersOf, tradesOf } from './organic-harness.js';

const DAY = 86_400_000;
const MIN = 60_000;
const PLATFORM = { name: 'copybot', serverIps: ['52.1.1.10', '52.1.1.11', '52.1.1.12'] };

function run(seed: number, overrides: Partial<CopyTradingParams> = {}) {
  const h = market({ seed, endTime: DAY + 2 * 60 * MIN });
  const maker = h.account({ BTC: 100 * BTC, ALT: 1_000_000 * BTC, ETH: 1_000 * BTC });
  const leader = h.account({ BTC: 2 * BTC });
  const copiers = Array.from({ length: 30 }, (_, i) => h.account({ BTC: Math.round(BTC * (0.5 + (i % 7) / 4)), ETH: 10 * BTC }));
  h.sim.addAgent(new Ladder('alt-maker', { symbol: 'ALT/BTC', account: maker, price: ALT_PRICE, levels: 80, stepBps: 100, qty: 400, requoteMs: 0 }));
  h.sim.addAgent(new Ladder('eth-maker', { symbol: 'ETH/BTC', account: maker, price: 7_000, levels: 40, stepBps: 20, qty: 5_000, requoteMs: 0 }));
  const p: CopyTradingParams = {
    symbol: 'ALT/BTC',
    incident: { id: 'copy-1', models: 'copy-trading hard negative (3Commas-like platform, honest)' },
    leader,
    leaderRole: 'background',
    leaderChannel: 'web',
    leaderFraction: 0.2,
    copiers,
    platform: PLATFORM,
    signalAt: DAY + 30 * MIN,
    copyFraction: 0.05,
    detectMs: 300,
    fanOutMinMs: 200,
    fanOutMaxMs: 3_000,
    warmupSymbol: 'ETH/BTC',
    dailyTrades: 8,
    warmupFraction: 0.02,
    exitAfterMs: 45 * MIN,
    ...overrides,
  };
  h.sim.addAgent(new CopyTrading('copy', p));
  h.sim.run();
  const coin = (accounts: number[]) => ordersOf(h.events, accounts).filter((o) => o.symbol === 'ALT/BTC');
  return { h, p, leader, copiers, coin, truth: h.sim.truth.toJSON('copy-test', seed) };
}

describe('CopyTrading', () => {
  const r = run(1);
  const { h, p, leader, copiers } = r;
  const keys = h.events.filter((e) => e.type === 'api-key-created');
  const leaderBuy = r.coin([leader]).find((o) => o.side === 'buy')!;
  const copyBuys = r.coin(copiers).filter((o) => o.side === 'buy');

  it('gives each copier one old platform key, restricted to the platform servers, used daily before the signal', () => {
    expect(keys.map((k) => k.type === 'api-key-created' && k.account)).toEqual(copiers);
    for (const k of keys) expect(k).toMatchObject({ t: 0, platform: PLATFORM.name, ips: PLATFORM.serverIps, canWithdraw: false });
    const warm = ordersOf(h.events, copiers).filter((o) => o.symbol === 'ETH/BTC' && o.t < p.signalAt);
    for (const c of copiers) expect(warm.filter((o) => o.account === c).length).toBeGreaterThan(0);
    for (const o of warm) expect(o).toMatchObject({ channel: 'api', platform: PLATFORM.name, tif: 'ioc' });
  });

  it('copies the lead trader within seconds, from the platform servers, one market buy per copier', () => {
    expect(leaderBuy.t).toBeGreaterThanOrEqual(p.signalAt);
    expect(leaderBuy).toMatchObject({ channel: 'web', key: null, platform: null, kind: 'market' });
    expect(copyBuys.length).toBe(copiers.length);
    expect(new Set(copyBuys.map((o) => o.account)).size).toBe(copiers.length);
    const byAccount = new Map(keys.map((k) => [k.type === 'api-key-created' ? k.account : 0, k.type === 'api-key-created' ? k.key : 0]));
    for (const o of copyBuys) {
      expect(o).toMatchObject({ channel: 'api', platform: PLATFORM.name, kind: 'market', key: byAccount.get(o.account) });
      expect(PLATFORM.serverIps).toContain(o.ip);
      const lag = o.t - leaderBuy.t;
      expect(lag).toBeGreaterThanOrEqual(p.detectMs + p.fanOutMinMs);
      expect(lag).toBeLessThan(p.detectMs + p.fanOutMaxMs + 500);
    }
    const times = copyBuys.map((o) => o.t);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(1_000); // a fan-out, not one instant
  });

  it('spends a small slice of each copier quote balance and sells nothing else to fund it', () => {
    for (const o of copyBuys) {
      const before = h.events.find((e) => e.type === 'deposit' && e.account === o.account && e.asset === 'BTC')!;
      expect(o.quoteQty!).toBeLessThanOrEqual(Math.ceil((before.type === 'deposit' ? before.amount : 0) * 0.06));
    }
    const around = ordersOf(h.events, copiers).filter((o) => o.symbol !== 'ALT/BTC' && Math.abs(o.t - p.signalAt) < 60_000);
    expect(around.every((o) => o.qty !== null && o.tif === 'ioc')).toBe(true); // only the everyday small trades
  });

  it('is honest: sellers are the book (the market maker), nobody withdraws', () => {
    const fills = tradesOf(h.events, 'ALT/BTC').filter((t) => copiers.includes(t.takerAccount as never) && t.aggressor === 'buy');
    expect(fills.length).toBeGreaterThan(0);
    expect(new Set(fills.map((t) => t.makerAccount)).size).toBe(1); // the ladder's account
    expect(fills.every((t) => !copiers.includes(t.makerAccount as never) && t.makerAccount !== leader)).toBe(true);
    expect(h.events.filter((e) => e.type === 'withdrawal-request')).toEqual([]);
  });

  it('exits with the lead trader: copiers sell what they copied, and only that', () => {
    const leaderSell = r.coin([leader]).find((o) => o.side === 'sell')!;
    expect(leaderSell.t).toBeGreaterThanOrEqual(p.signalAt + p.exitAfterMs!);
    const copySells = r.coin(copiers).filter((o) => o.side === 'sell');
    expect(copySells.length).toBe(copiers.length);
    for (const o of copySells) expect(o.t - leaderSell.t).toBeLessThan(p.detectMs + p.fanOutMaxMs + 500);
    for (const c of copiers) expect(h.sim.exchange.balance(c, 'ALT').available).toBeLessThan(BTC); // fee dust below one lot
  });

  it('records an organic incident with the lead trader and every copier', () => {
    const roles = new Map(r.truth.accounts.map((a) => [a.account, a.role]));
    expect(roles.get(leader)).toBe('background');
    for (const c of copiers) expect(roles.get(c)).toBe('follower');
    expect(r.truth.incidents).toHaveLength(1);
    const inc = r.truth.incidents[0]!;
    expect(inc).toMatchObject({ id: 'copy-1', kind: 'organic', symbol: 'ALT/BTC', start: leaderBuy.t, harmPoint: null });
    expect(inc.end).toBeGreaterThan(p.signalAt + p.exitAfterMs!);
    expect(inc.accounts).toEqual(
      [{ account: leader, role: 'background' }, ...copiers.map((account) => ({ account, role: 'follower' }))].sort((a, b) => a.account - b.account),
    );
  });

  it('lets the lead trader trade by API with its own key (no platform), and be a whale', () => {
    const q = run(2, { leaderChannel: 'api', leaderRole: 'whale', exitAfterMs: null, signalAt: 2 * 60 * MIN, warmupSymbol: null });
    const buy = q.coin([q.leader])[0]!;
    expect(buy).toMatchObject({ channel: 'api', platform: null });
    expect(buy.key).not.toBeNull();
    expect(q.truth.incidents[0]!.accounts.find((a) => a.account === q.leader)!.role).toBe('whale');
    expect(q.coin(q.copiers).every((o) => o.side === 'buy')).toBe(true);
  });

  it('is deterministic: same seed, same events', () => {
    expect(JSON.stringify(run(1).h.events)).toBe(JSON.stringify(h.events));
  });

  it('documents its parameters', () => {
    expect(COPY_TRADING_INFO.kind).toBe('copy-trading');
  });
});
