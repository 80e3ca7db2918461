import { describe, expect, it } from 'vitest';
import { AccountProfiles } from '../../src/detect/account-profile.js';
import { CHANNEL_BIT } from '../../src/detect/account-record.js';
import { PriceReference } from '../../src/detect/price-reference.js';
import { accountDormancy, dormancy, keyDormancy } from '../../src/detect/dormancy.js';
import { formatAmount, formatDuration, formatPct } from '../../src/detect/explain.js';
import { networkOf, sameNetwork } from '../../src/detect/network.js';
import { DAY, HOUR, MIN, Stream } from './takeover-stream.js';

const feed = (p: AccountProfiles, s: Stream) => {
  for (const e of s.events) p.observe(e);
};

describe('account-profile', () => {
  it('remembers keys: creation, the session they were created in, uses and runs of use', () => {
    const s = new Stream().market('ETH');
    s.account(7).login(7, '81.2.3.4', 'home').order(7, 'ETH/BTC', 'buy', { price: 1, qty: 1, ip: '81.2.3.4', device: 'home' });
    s.at(DAY).login(7, '45.6.7.8', 'evil');
    const key = s.apiKey(7);
    s.at(10 * DAY).order(7, 'ETH/BTC', 'sell', { channel: 'api', key, ip: '45.6.7.9', price: 1, qty: 1 });
    s.wait(2_000).order(7, 'ETH/BTC', 'sell', { channel: 'api', key, ip: '45.6.7.9', price: 1, qty: 1 });
    const p = new AccountProfiles();
    feed(p, s);
    const r = p.get(7)!;
    const k = r.key(key)!;
    expect(k.createdAt).toBe(DAY);
    expect(k.createdIp).toBe('45.6.7.8');
    expect(k.createdDevice).toBe('evil');
    expect(k.createdFromNewSource).toBe(true);
    expect(k.uses).toBe(2);
    expect(k.firstUsed).toBe(10 * DAY);
    expect(k.lastUsed).toBe(10 * DAY + 2_000);
    expect(k.runStart).toBe(10 * DAY);
    expect(k.runGap).toBe(9 * DAY);
    expect(k.runUsesBefore).toBe(0);
    expect(r.runStart).toBe(10 * DAY);
    expect(r.runGap).toBe(9 * DAY);
    expect(r.channels).toBe(CHANNEL_BIT.web | CHANNEL_BIT.api);
    expect(r.actions).toBe(5);
    // The key woke up 2 s ago after 9 days: fully dormant; the account too.
    expect(keyDormancy(p, r, key, 10 * DAY + 3_000, DAY, 30 * MIN)).toBe(1);
    // The account: 9 days of silence against about one action every 2.5 days: (3.6 - 2) / 4.
    expect(accountDormancy(p, r, 10 * DAY + 3_000, DAY, 30 * MIN)).toBeCloseTo(0.4, 2);
    // An hour later the run is over and the key is just in use.
    expect(keyDormancy(p, r, key, 10 * DAY + 3 * HOUR, DAY, 30 * MIN)).toBe(0);
  });

  it('judges silence against the usual spacing: a key used every day is not dormant after 30 h', () => {
    expect(dormancy(30 * HOUR, DAY, DAY)).toBe(0);
    expect(dormancy(30 * HOUR, DAY, HOUR)).toBeGreaterThan(0.6);
    expect(dormancy(10 * DAY, DAY, 0)).toBe(1);
    expect(dormancy(HOUR, DAY, 0)).toBe(0);
    // Monotone in the gap.
    expect(dormancy(3 * DAY, DAY, 6 * HOUR)).toBeGreaterThan(dormancy(2 * DAY, DAY, 6 * HOUR));
  });

  it('keeps small capped sets of IPs and devices, evicting the least used, and knows /24 networks', () => {
    const s = new Stream().market('ETH');
    s.account(1);
    for (let i = 0; i < 5; i++) s.wait(MIN).login(1, '81.2.3.4', 'home');
    for (let i = 0; i < 10; i++) s.wait(MIN).login(1, `10.0.${i}.1`, `roam-${i}`);
    const p = new AccountProfiles({ maxIps: 4, maxDevices: 3 });
    feed(p, s);
    const r = p.get(1)!;
    expect(r.ips.length).toBe(4);
    expect(r.devices.length).toBe(3);
    expect(r.ip('81.2.3.4')?.count).toBe(5); // the home IP survives the one-offs
    expect(r.device('home')?.count).toBe(5);
    expect(r.knowsNetwork('81.2.3.200')).toBe(true);
    expect(r.knowsNetwork('81.2.4.4')).toBe(false);
    expect(sameNetwork('1.2.3.4', '1.2.3.99')).toBe(true);
    expect(sameNetwork('1.2.3.4', '1.2.33.4')).toBe(false);
    expect(sameNetwork('2001:db8:1:2::1', '2001:db8:1:ff::2')).toBe(true);
    expect(sameNetwork('2001:db8:1:2::1', '2001:db8:2:2::1')).toBe(false);
    expect(networkOf('203.0.113.7')).toBe('203.0.113');
  });

  it('rebuilds holdings from deposits, trades, fees and withdrawals, and reads liquidations off them', () => {
    const s = new Stream().market('ETH', 'ALT');
    s.account(7).account(50);
    s.deposit(7, 'BTC', 1_000).deposit(7, 'ETH', 300).deposit(50, 'BTC', 10 ** 9).deposit(50, 'ETH', 10 ** 6);
    s.at(HOUR);
    const o = s.order(7, 'ETH/BTC', 'sell', { kind: 'market', qty: 300 });
    s.trade('ETH/BTC', 10, 200, 50, 7, 'sell', o);
    s.trade('ETH/BTC', 9, 100, 50, 7, 'sell', o);
    s.withdrawalRequest(7, 'BTC', 500);
    const p = new AccountProfiles();
    feed(p, s);
    const r = p.get(7)!;
    expect(r.balance('ETH')).toBe(0);
    expect(r.balance('BTC')).toBe(1_000 + 2_000 + 900 - 500);
    expect(p.get(50)!.balance('ETH')).toBe(10 ** 6 + 300);
    const j = [...Array(r.holdingCount).keys()].find((i) => r.holdingAsset(i) === 'ETH')!;
    expect(r.holdingSold(j)).toBe(300);
    expect(r.holdingSoldSince(j)).toBe(HOUR);
    expect(r.holdingLastSell(j)).toBe(HOUR);
    expect(r.holdingLastBuy(j)).toBe(-1);
    expect(r.knowsSymbol('ETH/BTC')).toBe(true);
    expect(r.knowsSymbol('ALT/BTC')).toBe(false);
    expect(r.symbolStats('ETH/BTC')).toEqual({ orders: 1, last: HOUR });
    // Sold amounts start again after the liquidation window.
    const s2 = new Stream().market('ETH');
    s2.account(7).deposit(7, 'ETH', 100);
    s2.at(HOUR).trade('ETH/BTC', 10, 50, 50, 7, 'sell');
    s2.at(3 * HOUR).trade('ETH/BTC', 10, 10, 50, 7, 'sell');
    const p2 = new AccountProfiles({ liquidationWindowMs: HOUR });
    feed(p2, s2);
    const r2 = p2.get(7)!;
    const k = [...Array(r2.holdingCount).keys()].find((i) => r2.holdingAsset(i) === 'ETH')!;
    expect(r2.holdingSold(k)).toBe(10);
    expect(r2.holdingBalance(k)).toBe(40);
  });

  it('caps symbols and says so', () => {
    const s = new Stream().market('A', 'B', 'C', 'D');
    s.account(1);
    for (const x of ['A', 'B', 'C', 'D']) s.wait(MIN).order(1, `${x}/BTC`, 'buy', { price: 1, qty: 1 });
    const p = new AccountProfiles({ maxSymbols: 3 });
    feed(p, s);
    const r = p.get(1)!;
    expect(r.symbolCount).toBe(3);
    expect(r.symbolsOverflow).toBe(true);
    expect(r.knowsSymbol('A/BTC')).toBe(false); // least recently used, evicted
    expect(r.knowsSymbol('D/BTC')).toBe(true);
  });

  it('counts the accounts a device is used on, and platforms with their networks', () => {
    const s = new Stream().market('ETH');
    for (let a = 1; a <= 12; a++) s.account(a).login(a, `9.9.${a}.1`, 'shared');
    s.order(1, 'ETH/BTC', 'buy', { channel: 'api', key: 5, platform: 'bot', ip: '203.0.113.10', price: 1, qty: 1 });
    const p = new AccountProfiles();
    feed(p, s);
    expect(p.accountsOnDevice('shared')).toBe(12);
    expect(p.accountsOnDevice('other')).toBe(0);
    expect(p.platform('bot')?.orders).toBe(1);
    expect(p.platformUsesNetwork('bot', '203.0.113.99')).toBe(true);
    expect(p.platformUsesNetwork('bot', '45.0.0.1')).toBe(false);
    expect(p.get(1)!.usedPlatform('bot')).toBe(true);
  });

  it('forgets accounts untouched for the retention period (bounded memory)', () => {
    const p = new AccountProfiles({ retentionMs: DAY, sweepEveryMs: HOUR });
    const s = new Stream().market('ETH');
    for (let d = 0; d < 30; d++) for (let a = 0; a < 100; a++) s.at(d * DAY + a * MIN).login(d * 1_000 + a + 1, '1.1.1.1', null);
    let max = 0;
    for (const e of s.events) {
      p.observe(e);
      max = Math.max(max, p.size);
    }
    expect(max).toBeLessThanOrEqual(300);
    expect(p.get(1)).toBeUndefined();
    expect(p.get(29_001)).toBeDefined();
  });

  it('gives a pre-burst reference price that the burst itself does not move', () => {
    const ref = new PriceReference(30 * MIN, 30);
    for (let m = 0; m < 30; m++) ref.add(m * MIN, 100 + (m % 3));
    expect(ref.low(30 * MIN)).toBe(100);
    expect(ref.high(30 * MIN)).toBe(102);
    // A burst in the current minute is excluded...
    ref.add(30 * MIN + 1_000, 5_000);
    expect(ref.low(30 * MIN + 2_000)).toBe(100);
    expect(ref.high(30 * MIN + 2_000)).toBe(102);
    // ...and counts once its minute is over.
    expect(ref.high(31 * MIN)).toBe(5_000);
    expect(ref.last).toBe(5_000);
    // Old buckets leave the look-back.
    expect(ref.low(100 * MIN)).toBe(0);
  });

  it('formats numbers for explanations', () => {
    expect(formatPct(43)).toBe('+4,300%');
    expect(formatPct(-0.52)).toBe('-52%');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1_300)).toBe('1.3 s');
    expect(formatDuration(13 * MIN)).toBe('13 min');
    expect(formatDuration(30 * HOUR)).toBe('30 h');
    expect(formatDuration(10 * DAY)).toBe('10 d');
    expect(formatAmount(201_406_089, 8)).toBe('2.014');
    expect(formatAmount(4_507_000, 8)).toBe('0.04507');
    expect(formatAmount(12, undefined)).toBe('12 units');
  });
});
