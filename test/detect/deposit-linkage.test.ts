import { describe, expect, it } from 'vitest';
import { depositLinkage } from '../../src/detect/rules/deposit-linkage.js';
import { capture, LinkageStream, rolesNamed, runRule, simulate } from './linkage-stream.js';

const COIN = 100_000_000; // base units per lot (and per whole ALT)
const H = 3_600_000;

/** A quiet ALT/BTC market at 1,000 ticks; two attacker accounts load ALT from one address and ladder asks at 3x. */
function attack(o: { premium?: number; withdrawAfterMs?: number | null; sharedOut?: boolean; secondAddress?: boolean } = {}) {
  const s = new LinkageStream().listSymbol();
  s.tape(30, 1_000);
  s.deposit(11, 'ALT', 500 * COIN, 'chain-addr-x');
  s.deposit(12, 'ALT', 500 * COIN, o.secondAddress ? 'chain-addr-y' : 'chain-addr-x');
  s.wait(6 * H);
  s.tape(30, 1_000);
  const px = Math.round(1_000 * (o.premium ?? 3));
  const ask11 = s.order(11, 'sell', px, 200);
  const ask12 = s.order(12, 'sell', px + 50, 200);
  s.tape(10, 1_000, 30_000);
  // The pump: victims market-buy straight into the ladder.
  s.wait(2_000);
  const fill = s.trade({ maker: 11, taker: 21, price: px, qty: 50, aggressor: 'buy', makerOrder: ask11 });
  s.wait(300);
  s.trade({ maker: 12, taker: 22, price: px + 50, qty: 50, aggressor: 'buy', makerOrder: ask12 });
  let wd = null;
  if (o.withdrawAfterMs !== null) {
    s.wait(o.withdrawAfterMs ?? 1_500);
    wd = s.withdrawalRequest(11, 'BTC', 50 * px, 'out-1');
    if (o.sharedOut) {
      s.wait(500);
      s.withdrawalRequest(12, 'BTC', 50 * (px + 50), 'out-1');
    }
  }
  return { s, fill, wd };
}

describe('deposit-linkage', () => {
  it('alerts at the first premium fill, naming the seller and the account that deposited from the same address', () => {
    const { s, fill } = attack({ withdrawAfterMs: null });
    const alerts = runRule(depositLinkage, s.events);
    expect(alerts.length).toBe(1);
    const a = alerts[0]!;
    expect(a.seq).toBe(fill.seq);
    expect(a.accounts).toEqual([11, 12]);
    expect(a.symbol).toBe('ALT/BTC');
    expect(a.explanation).toMatch(/account 11 deposited 500 ALT 6\.\d h ago/);
    expect(a.explanation).toMatch(/asks placed at 3\.00x the market/);
    expect(a.explanation).toMatch(/linked to 1 other account \(1 deposited ALT from the same address\)/);
    expect(a.evidence).toContain(fill.seq);
    expect(a.evidence.length).toBeLessThanOrEqual(20);
  });

  it('escalates at the withdrawal request with a new alert (the harm point); a linked seller withdrawing next adds nothing new', () => {
    const { s, wd } = attack({ sharedOut: true });
    const alerts = runRule(depositLinkage, s.events);
    expect(alerts.length).toBe(2);
    expect(alerts[1]!.seq).toBe(wd!.seq);
    expect(alerts[1]!.accounts).toEqual([11, 12]);
    expect(alerts[1]!.score).toBeGreaterThan(alerts[0]!.score + 0.1);
    expect(alerts[1]!.explanation).toMatch(/requested a withdrawal of 0\.0015 BTC 1\.8 s after selling/);
  });

  it('grades the score: premium, withdrawal speed and linkage each add to it', () => {
    const score = (o: Parameters<typeof attack>[0]) => Math.max(...runRule(depositLinkage, attack(o).s.events).map((a) => a.score));
    const low = score({ premium: 1.5, withdrawAfterMs: null });
    const sold = score({ withdrawAfterMs: null });
    const slow = score({ withdrawAfterMs: 40 * 60_000 });
    const fast = score({ withdrawAfterMs: 1_000 });
    expect(low).toBeLessThan(sold);
    expect(sold).toBeLessThan(slow);
    expect(slow).toBeLessThan(fast);
    expect(fast).toBeLessThanOrEqual(1);
    // Without the shared deposit address the sale alone (placed at a premium) still alerts, lower.
    const unlinked = score({ withdrawAfterMs: null, secondAddress: true });
    expect(unlinked).toBeLessThan(sold);
    expect(unlinked).toBeGreaterThan(0.3);
  });

  it('stays silent on a market maker that deposits inventory, quotes both sides near the touch and withdraws profit', () => {
    const s = new LinkageStream().listSymbol();
    s.tape(30, 1_000);
    s.deposit(31, 'ALT', 1_000 * COIN, 'mm-wallet');
    s.wait(H);
    for (let i = 0; i < 20; i++) {
      // Re-centres on the market as it pumps: still at the touch, both sides.
      const mid = 1_000 + i * 100;
      s.order(31, 'buy', mid - 5, 50, { channel: 'api', device: null });
      const ask = s.order(31, 'sell', mid + 5, 50, { channel: 'api', device: null });
      s.wait(5_000);
      s.trade({ maker: 31, taker: 40 + i, price: mid + 5, qty: 20, aggressor: 'buy', makerOrder: ask });
    }
    s.wait(60_000);
    s.withdrawalRequest(31, 'BTC', 100_000, 'mm-wallet', { channel: 'api', device: null });
    expect(runRule(depositLinkage, s.events)).toEqual([]);
  });

  it('stays silent on an honest holder who sells into a pump: an old deposit, or a recent one not withdrawn at once', () => {
    const s = new LinkageStream().listSymbol();
    s.tape(30, 1_000);
    s.deposit(41, 'ALT', 100 * COIN, 'w-41'); // 3 days before the pump
    s.wait(72 * H);
    s.deposit(42, 'ALT', 100 * COIN, 'w-42'); // an hour before, but withdraws only later
    s.deposit(50, 'BTC', 10 * COIN, 'w-50'); // the whale deposits the quote
    s.wait(H);
    s.tape(30, 1_000);
    for (let i = 0; i < 10; i++) s.trade({ maker: 60, taker: 50, price: 1_000 + i * 200, qty: 20, aggressor: 'buy' });
    s.trade({ maker: 61, taker: 41, price: 2_800, qty: 10, aggressor: 'sell' });
    s.trade({ maker: 61, taker: 42, price: 2_700, qty: 10, aggressor: 'sell' });
    s.wait(60_000);
    s.withdrawalRequest(41, 'BTC', 28_000, 'w-41');
    s.wait(30 * 60_000);
    s.withdrawalRequest(42, 'BTC', 27_000, 'w-42');
    expect(runRule(depositLinkage, s.events)).toEqual([]);
  });

  it('alerts on a recent depositor that sells far above the pre-spike price and withdraws at once, even unlinked', () => {
    const s = new LinkageStream().listSymbol();
    s.tape(30, 1_000);
    s.deposit(42, 'ALT', 100 * COIN, 'w-42');
    s.wait(H);
    s.tape(30, 1_000);
    s.trade({ maker: 61, taker: 42, price: 2_700, qty: 10, aggressor: 'sell' });
    s.wait(60_000);
    const wd = s.withdrawalRequest(42, 'BTC', 27_000, 'w-42');
    const alerts = runRule(depositLinkage, s.events);
    expect(alerts.length).toBe(1);
    expect(alerts[0]!.seq).toBe(wd.seq);
    expect(alerts[0]!.accounts).toEqual([42]);
    expect(alerts[0]!.explanation).toMatch(/2\.70x the pre-spike price/);
  });

  it('keeps bounded state over 200k events', () => {
    const c = capture(depositLinkage);
    const s = new LinkageStream().listSymbol();
    for (let i = 0; i < 50_000; i++) {
      s.wait(60_000);
      const acct = 1_000 + i;
      s.deposit(acct, 'ALT', 10 * COIN, `w-${acct}`);
      // One in fifty rests its ask at a premium (and is alerted): orders, sales and links all fill up.
      const ask = s.order(acct, 'sell', i % 50 === 0 ? 1_400 : 1_005, 5);
      s.trade({ maker: acct, taker: 7, price: 1_000 + (i % 3), qty: 5, aggressor: 'buy', makerOrder: ask });
      s.withdrawalRequest(acct, 'BTC', 5_000, `w-${acct}`);
    }
    expect(s.events.length).toBeGreaterThan(200_000);
    runRule(c.definition, s.events);
    const sizes = c.instance().sizes();
    // 24 h of deposits at one a minute, plus a sweep interval.
    for (const v of Object.values(sizes)) expect(v).toBeLessThan(1_600);
  });

  it('is deterministic', () => {
    const { s } = attack({ sharedOut: true });
    expect(JSON.stringify(runRule(depositLinkage, s.events))).toBe(JSON.stringify(runRule(depositLinkage, s.events)));
  });

  it('on a simulated run with an organic rally and an attack on one coin: names only attackers, before the harm point', () => {
    const { alerts, truth } = simulate('attack-during-rally', 1, [{ name: 'deposit-linkage', definition: depositLinkage }]);
    const inc = truth.incidents.find((i) => i.kind === 'attack')!;
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0]!.t).toBeLessThan(inc.harmPoint!);
    expect(Object.keys(rolesNamed(alerts, truth))).toEqual(['attacker']);
  });
});
