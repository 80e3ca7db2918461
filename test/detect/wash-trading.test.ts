import { describe, expect, it } from 'vitest';
import { washTrading } from '../../src/detect/rules/wash-trading.js';
import { capture, LinkageStream, runRule, simulate } from './linkage-stream.js';

/** Account `a` rests an ask and crosses it with its own market buy, n times, `gapMs` apart. */
function selfMatches(n: number, gapMs: number, a = 5) {
  const s = new LinkageStream().listSymbol();
  s.tape(5, 1_000);
  const trades = [];
  for (let i = 0; i < n; i++) {
    s.wait(gapMs);
    const ask = s.order(a, 'sell', 1_001, 10);
    const buy = s.order(a, 'buy', null, null, { kind: 'market', tif: 'ioc', quoteQty: 10_010 });
    trades.push(s.trade({ maker: a, taker: a, price: 1_001, qty: 10, aggressor: 'buy', makerOrder: ask, takerOrder: buy }));
  }
  return { s, trades };
}

/** Accounts 7 and 8 (linked by `link`) trade `rounds` round trips; `oneWay` makes 8 only buy. */
function pair(rounds: number, o: { link?: 'device' | 'wallet' | 'none'; oneWay?: boolean } = {}) {
  const s = new LinkageStream().listSymbol();
  const link = o.link ?? 'device';
  if (link === 'device') {
    s.login(7, '10.1.1.7', 'laptop-1');
    s.login(8, '10.9.9.8', 'laptop-1');
  } else if (link === 'wallet') {
    s.deposit(7, 'BTC', 1_000_000, 'bc1-same');
    s.deposit(8, 'BTC', 1_000_000, 'bc1-same');
  } else {
    s.login(7, '10.1.1.7', 'laptop-7');
    s.login(8, '10.9.9.8', 'laptop-8');
  }
  s.tape(5, 1_000);
  for (let i = 0; i < rounds; i++) {
    s.wait(40_000);
    s.trade({ maker: 7, taker: 8, price: 1_000, qty: 25, aggressor: 'buy' });
    s.wait(40_000);
    if (o.oneWay) s.trade({ maker: 7, taker: 8, price: 1_001, qty: 25, aggressor: 'buy' });
    else s.trade({ maker: 7, taker: 8, price: 1_001, qty: 25, aggressor: 'sell' });
  }
  return s;
}

describe('wash-trading', () => {
  it('alerts on repeated self-matching, naming the account, with the numbers', () => {
    const { s, trades } = selfMatches(3, 60_000);
    const alerts = runRule(washTrading, s.events);
    expect(alerts.length).toBe(1);
    const a = alerts[0]!;
    expect(a.accounts).toEqual([5]);
    expect(a.seq).toBe(trades[2]!.seq);
    expect(a.evidence).toEqual(trades.map((t) => t.seq));
    expect(a.explanation).toMatch(/account 5 matched its own orders 3 times \(3 trades, 30 lots, 30030 quote units\) on ALT\/BTC within 2\.0 min/);
  });

  it('stays silent on an accidental self-match now and then (a market order crossing its owner\'s forgotten limit)', () => {
    const { s } = selfMatches(4, 2 * 3_600_000);
    expect(runRule(washTrading, s.events)).toEqual([]);
    // One taker order that matches two of its own resting orders is one self-match.
    const t = new LinkageStream().listSymbol();
    const a1 = t.order(5, 'sell', 1_000, 5);
    const a2 = t.order(5, 'sell', 1_001, 5);
    const buy = t.order(5, 'buy', null, null, { kind: 'market', tif: 'ioc', quoteQty: 20_000 });
    t.trade({ maker: 5, taker: 5, price: 1_000, qty: 5, aggressor: 'buy', makerOrder: a1, takerOrder: buy });
    t.trade({ maker: 5, taker: 5, price: 1_001, qty: 5, aggressor: 'buy', makerOrder: a2, takerOrder: buy });
    t.trade({ maker: 5, taker: 5, price: 1_001, qty: 5, aggressor: 'buy', makerOrder: a2, takerOrder: buy });
    expect(runRule(washTrading, t.events)).toEqual([]);
  });

  it('alerts on linked accounts trading back and forth with no net change, naming both and the link', () => {
    const alerts = runRule(washTrading, pair(2).events);
    expect(alerts.length).toBe(1);
    expect(alerts[0]!.accounts).toEqual([7, 8]);
    expect(alerts[0]!.explanation).toMatch(/accounts 7 and 8 \(sharing a device\) traded ALT\/BTC with each other 4 times .* 7 bought 50 lots in 2 trades, 8 bought 50 lots in 2; net 0 lots \(0% of gross\)/);
    const byWallet = runRule(washTrading, pair(2, { link: 'wallet' }).events);
    expect(byWallet[0]!.explanation).toMatch(/sharing a wallet address/);
  });

  it('stays silent when linked accounts trade one way (a phisher\'s victims buying its asks) or unlinked accounts trade back and forth', () => {
    expect(runRule(washTrading, pair(5, { oneWay: true }).events)).toEqual([]);
    expect(runRule(washTrading, pair(5, { link: 'none' }).events)).toEqual([]);
  });

  it('ignores identities shared by many accounts (a platform\'s servers, NAT) and orders placed through a platform', () => {
    const s = new LinkageStream().listSymbol();
    for (let a = 100; a < 120; a++) s.login(a, '203.0.113.10', null);
    s.order(100, 'buy', 990, 5, { channel: 'api', platform: 'copyhub', ip: '198.51.100.1', device: null });
    s.order(101, 'buy', 990, 5, { channel: 'api', platform: 'copyhub', ip: '198.51.100.1', device: null });
    for (let i = 0; i < 5; i++) {
      s.wait(30_000);
      s.trade({ maker: 100, taker: 101, price: 1_000, qty: 10, aggressor: i % 2 === 0 ? 'buy' : 'sell' });
    }
    expect(runRule(washTrading, s.events)).toEqual([]);
  });

  it('scores grow with repetition', () => {
    const top = (alerts: { score: number }[]) => Math.max(...alerts.map((a) => a.score));
    const self3 = top(runRule(washTrading, selfMatches(3, 60_000).s.events));
    const self8 = top(runRule(washTrading, selfMatches(8, 60_000).s.events));
    expect(self8).toBeGreaterThan(self3);
    const pair2 = top(runRule(washTrading, pair(2).events));
    const pair6 = top(runRule(washTrading, pair(6).events));
    expect(pair6).toBeGreaterThan(pair2);
    expect(pair6).toBeLessThanOrEqual(1);
  });

  it('keeps bounded state over 200k events', () => {
    const c = capture(washTrading);
    const s = new LinkageStream().listSymbol();
    for (let i = 0; i < 40_000; i++) {
      s.wait(20_000);
      const a = 10_000 + i;
      s.login(a, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, `dev-${i}`);
      s.deposit(a, 'BTC', 1_000, `w-${a}`);
      s.trade({ maker: a, taker: a, price: 1_000, qty: 1, aggressor: 'buy' });
      s.trade({ maker: a, taker: a - 1, price: 1_000, qty: 1, aggressor: 'sell' });
      s.order(a, 'buy', 990, 1);
    }
    expect(s.events.length).toBeGreaterThan(200_000);
    runRule(c.definition, s.events, { linkTtlMs: 24 * 3_600_000 });
    const sizes = c.instance().sizes();
    // A day of identities at one account per 20 s, plus a sweep interval.
    expect(sizes.idents).toBeLessThan(4_400);
    // Each account shows a login IP and device, an order device and a wallet.
    expect(sizes.tokens).toBeLessThan(4 * 4_400);
    expect(sizes.selfWins).toBeLessThan(200);
    expect(sizes.pairWins).toBeLessThan(200);
  });

  it('is deterministic', () => {
    const s = pair(4);
    expect(JSON.stringify(runRule(washTrading, s.events))).toBe(JSON.stringify(runRule(washTrading, s.events)));
  });

  it('on a simulated run with an organic rally and an attack on one coin: silent', () => {
    expect(simulate('attack-during-rally', 2, [{ name: 'wash-trading', definition: washTrading }]).alerts).toEqual([]);
  });
});
