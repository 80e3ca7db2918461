import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../src/core/index.js';
import type { Alert } from '../../src/detect/alert.js';
import { ALL_CAPABILITIES, type DetectorDefinition } from '../../src/detect/detector.js';
import { DetectorRunner } from '../../src/detect/runner.js';
import type { AccountProfiles } from '../../src/detect/account-profile.js';
import { accountTakeover } from '../../src/detect/rules/account-takeover.js';
import { compileScenario, loadScenario } from '../../src/scenario/index.js';
import { DAY, HOUR, MIN, Stream, lcg, runRule } from './takeover-stream.js';

const def = accountTakeover as unknown as DetectorDefinition;
const VICTIM = 7;
const MAKER = 50;
const ATTACKER = 60;

interface Story {
  /** The victim's key is used every 12 h from its usual IP (not dormant, not new). */
  routineKey?: boolean;
  /** The victim sells its ETH first. */
  liquidate?: boolean;
  /** The buy's fill prices (the attacker's far asks). */
  fills?: number[];
}

/** A quiet holder whose key was created from a phisher's session, then used days later to dump ETH and buy ALT. */
function victimStory(o: Story = {}): { events: MarketEvent[]; buySeq: number } {
  const s = new Stream().market('ETH', 'ALT');
  s.account(VICTIM).account(MAKER).account(ATTACKER);
  s.deposit(VICTIM, 'BTC', 10_000_000).deposit(VICTIM, 'ETH', 300).deposit(MAKER, 'BTC', 10 ** 10).deposit(MAKER, 'ETH', 10 ** 6).deposit(MAKER, 'ALT', 10 ** 6);
  const history = (d: number) => {
    s.at(d * DAY).login(VICTIM, '81.2.3.4', 'home-dev');
    s.takerOrder(VICTIM, 'ETH/BTC', 'buy', { price: 80_100, qty: 5, ip: '81.2.3.4', device: 'home-dev' }, [{ price: 80_000, qty: 5, maker: MAKER }]);
  };
  history(0.5);
  let key: number;
  if (o.routineKey) {
    history(1.5);
    history(2.5);
    s.at(3 * DAY);
    key = s.apiKey(VICTIM, null);
    for (let t = 3.5 * DAY; t < 10 * DAY - HOUR; t += 12 * HOUR) {
      s.at(t).takerOrder(VICTIM, 'ETH/BTC', 'buy', { channel: 'api', key, price: 80_100, qty: 1, ip: '81.2.3.4' }, [{ price: 80_000, qty: 1, maker: MAKER }]);
    }
  } else {
    s.at(1 * DAY).login(VICTIM, '45.6.7.8', 'evil-dev');
    key = s.apiKey(VICTIM, null);
    history(1.5);
    history(2.5);
  }
  // Normal market life before the attack: ALT trades at 100, ETH at 80,000.
  s.at(10 * DAY - 40 * MIN).prints('ALT/BTC', 100, 40 * MIN, 20_000);
  const api = { channel: 'api' as const, key, ip: o.routineKey ? '81.2.3.4' : '45.6.7.9' };
  if (o.liquidate ?? true) {
    s.takerOrder(VICTIM, 'ETH/BTC', 'sell', { ...api, kind: 'market', qty: 315 }, [{ price: 80_000, qty: 315, maker: MAKER }]);
    s.wait(1_500);
  }
  const fills = (o.fills ?? [101, 300, 1_000, 4_400]).map((price, i) => ({ price, qty: 10, maker: i === 0 ? MAKER : ATTACKER }));
  s.takerOrder(VICTIM, 'ALT/BTC', 'buy', { ...api, kind: 'market', quoteQty: 40_000_000 }, fills);
  const buySeq = s.events.length - 2;
  s.wait(200).withdrawalRequest(ATTACKER, 'BTC', 50_000);
  return { events: s.events, buySeq };
}

const alertsFor = (events: MarketEvent[], params: unknown = {}) => runRule(def, events, params);
const only = (alerts: Alert[]) => {
  expect(alerts).toHaveLength(1);
  return alerts[0]!;
};

describe('account-takeover', () => {
  it('names the victim when a phished key wakes up, sells ETH and buys ALT far above the market', () => {
    const { events, buySeq } = victimStory();
    const a = only(alertsFor(events));
    expect(a.rule).toBe('account-takeover');
    expect(a.accounts).toEqual([VICTIM]);
    expect(a.symbol).toBe('ALT/BTC');
    expect(a.seq).toBe(buySeq); // the last fill of the buy
    expect(a.score).toBeGreaterThan(0.9);
    expect(a.evidence.length).toBeGreaterThan(2);
    expect(a.evidence.length).toBeLessThanOrEqual(20);
    // The explanation carries the numbers.
    expect(a.explanation).toContain('first used 1.5 s ago, 9 d after its creation');
    expect(a.explanation).toContain('new to the account (45.6.7.8)');
    expect(a.explanation).toContain('sold 100% of ETH');
    expect(a.explanation).toContain('first trade in ALT/BTC');
    expect(a.explanation).toContain('market buy sized by quote');
    expect(a.explanation).toContain('+4,300% over the pre-burst price 100');
    expect(a.explanation).toContain('stop its API keys');
  });

  it('grows its score with the evidence', () => {
    const full = only(alertsFor(victimStory().events)).score;
    const noLiquidation = only(alertsFor(victimStory({ liquidate: false }).events)).score;
    const lowPremium = alertsFor(victimStory({ fills: [101, 140] }).events);
    const routine = alertsFor(victimStory({ routineKey: true }).events);
    expect(full).toBeGreaterThan(noLiquidation);
    // Fewer indicators: a lower score, or silence.
    expect(lowPremium.length === 0 || lowPremium[0]!.score < full).toBe(true);
    expect(routine.length === 0 || routine[0]!.score < full).toBe(true);
  });

  it('stays silent on a copy-trading follower: old key in daily use through its platform, a slice of its balance', () => {
    const s = new Stream().market('ETH', 'ALT');
    const F = 20;
    s.account(F).account(MAKER).deposit(F, 'BTC', 30_000_000).deposit(F, 'ETH', 50).deposit(MAKER, 'ALT', 10 ** 6).deposit(MAKER, 'BTC', 10 ** 10);
    s.at(HOUR).login(F, '81.9.9.9', 'f-dev');
    const key = s.apiKey(F, 'copyhub');
    for (let t = 2 * HOUR, i = 0; t < 10 * DAY - HOUR; t += 12 * HOUR, i++) {
      s.at(t).takerOrder(F, 'ETH/BTC', i % 2 ? 'buy' : 'sell', { channel: 'api', key, platform: 'copyhub', ip: `203.0.113.${10 + (i % 5)}`, price: 80_000, qty: 1 }, [
        { price: 80_000, qty: 1, maker: MAKER },
      ]);
    }
    s.at(10 * DAY - 40 * MIN).prints('ALT/BTC', 100, 40 * MIN, 20_000);
    // The platform copies a signal: 10% of its BTC, market by quote, from one of its servers; the book walks +20%.
    s.takerOrder(F, 'ALT/BTC', 'buy', { channel: 'api', key, platform: 'copyhub', ip: '203.0.113.12', kind: 'market', quoteQty: 3_000_000 }, [
      { price: 110, qty: 10_000, maker: MAKER },
      { price: 120, qty: 15_833, maker: MAKER },
    ]);
    expect(alertsFor(s.events)).toEqual([]);
  });

  it('stays silent on a whale that deposits, then buys from its own session in chunks', () => {
    const s = new Stream().market('ETH', 'ALT');
    const W = 30;
    s.account(W).account(MAKER).deposit(MAKER, 'ALT', 10 ** 8).deposit(MAKER, 'BTC', 10 ** 10);
    s.at(10 * DAY - 40 * MIN).prints('ALT/BTC', 100, 30 * MIN, 20_000);
    s.deposit(W, 'BTC', 900_000_000).login(W, '171.82.1.1', 'whale-dev');
    for (let c = 0; c < 8; c++) {
      const price = 100 + 40 * (c + 1);
      s.wait(40_000).takerOrder(W, 'ALT/BTC', 'buy', { kind: 'market', quoteQty: 90_000_000, ip: '171.82.1.1', device: 'whale-dev' }, [{ price, qty: Math.floor(90_000_000 / price), maker: MAKER }]);
    }
    expect(alertsFor(s.events)).toEqual([]);
  });

  it('stays silent on an ordinary user buying a little from a one-off IP', () => {
    const s = new Stream().market('ETH', 'ALT');
    const U = 40;
    s.account(U).account(MAKER).deposit(U, 'BTC', 50_000_000).deposit(MAKER, 'ALT', 10 ** 8);
    for (let d = 0; d < 5; d++) {
      s.at(d * DAY + HOUR).login(U, '81.5.5.5', 'u-dev');
      s.takerOrder(U, 'ETH/BTC', 'buy', { price: 80_000, qty: 2, ip: '81.5.5.5', device: 'u-dev' }, [{ price: 80_000, qty: 2, maker: MAKER }]);
    }
    s.at(6 * DAY).prints('ALT/BTC', 100, 30 * MIN, 20_000);
    s.login(U, '92.1.1.1', 'u-dev');
    s.takerOrder(U, 'ALT/BTC', 'buy', { kind: 'market', quoteQty: 2_500_000, ip: '92.1.1.1', device: 'u-dev' }, [{ price: 101, qty: 24_752, maker: MAKER }]);
    expect(alertsFor(s.events)).toEqual([]);
  });

  it('is deterministic', () => {
    const { events } = victimStory();
    expect(JSON.stringify(alertsFor(events))).toBe(JSON.stringify(alertsFor(events)));
  });

  it('keeps bounded state over 200k events', () => {
    const d = def.create(def.params.parse({ retentionMs: DAY })) as unknown as { profileStore: AccountProfiles; onEvent: (e: MarketEvent, out: unknown) => void };
    const s = new Stream().market('ETH', 'ALT');
    const rnd = lcg(7);
    const sink = { raise: () => undefined };
    for (const e of s.events) d.onEvent(e, sink);
    let maxSize = 0;
    // 200k trades over 40 days; each day a fresh crowd of 1,000 accounts trades with one maker.
    for (let i = 0; i < 200_000; i++) {
      const t = Math.floor((i / 200_000) * 40 * DAY);
      const day = Math.floor(t / DAY);
      const taker = 1_000 + day * 1_000 + Math.floor(rnd() * 1_000);
      const e = { seq: s.events.length + i, t, type: 'trade', trade: i + 1, symbol: i % 2 ? 'ETH/BTC' : 'ALT/BTC', price: 100, qty: 1, quoteQty: 100, aggressor: rnd() < 0.5 ? 'buy' : 'sell', makerAccount: MAKER, makerOrder: 2 * i + 1, takerAccount: taker, takerOrder: 2 * i + 2, makerFee: 0, takerFee: 0 } as MarketEvent;
      d.onEvent(e, sink);
      maxSize = Math.max(maxSize, d.profileStore.size);
    }
    // 41,001 accounts went through; at most about two days' worth are remembered.
    expect(maxSize).toBeLessThan(3_100);
  });

  it('on simulated runs: names victims of a phished-key pump before the harm point, and no honest copy-trader', () => {
    const file = (n: string) => fileURLToPath(new URL(`../../scenarios/${n}.yaml`, import.meta.url));
    const run = (name: string) => {
      const sim = compileScenario(loadScenario(file(name)), 1);
      const runner = new DetectorRunner([{ name: 'account-takeover', definition: def }], ALL_CAPABILITIES);
      sim.sim.onEvent((e) => runner.onEvent(e));
      sim.sim.run();
      return { alerts: runner.alerts, truth: sim.sim.truth.toJSON(name, 1) };
    };
    const attack = run('compromised-key-pump');
    const inc = attack.truth.incidents[0]!;
    const victims = new Set(inc.accounts.filter((a) => a.role === 'victim').map((a) => a.account));
    const named = new Set(attack.alerts.flatMap((a) => a.accounts));
    expect([...named].every((a) => victims.has(a))).toBe(true);
    expect(named.size).toBeGreaterThanOrEqual(Math.ceil(victims.size * 0.9));
    const first = Math.min(...attack.alerts.filter((a) => a.symbol === inc.symbol).map((a) => a.t));
    expect(first).toBeGreaterThanOrEqual(inc.start);
    expect(first).toBeLessThan(inc.harmPoint!);
    expect(run('copy-trading-followers').alerts).toEqual([]);
  });
});
