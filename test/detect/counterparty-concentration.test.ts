import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../src/core/index.js';
import { ALL_CAPABILITIES, type DetectorDefinition } from '../../src/detect/detector.js';
import { DetectorRunner } from '../../src/detect/runner.js';
import { counterpartyConcentration } from '../../src/detect/rules/counterparty-concentration.js';
import { compileScenario, loadScenario } from '../../src/scenario/index.js';
import { DAY, MIN, Stream, lcg, runRule } from './takeover-stream.js';

const def = counterpartyConcentration as unknown as DetectorDefinition;
const MAKER = 900_001;
const ATTACKERS = [60, 61, 62];

/** A market maker quotes ALT around 100; attackers park asks far above; then `buyers` accounts buy through the book. */
function attack(buyers: number, ladder = [300, 1_000, 4_400]): { events: MarketEvent[]; buyerIds: number[] } {
  const s = new Stream().market('ALT');
  s.at(DAY).prints('ALT/BTC', 100, 25 * MIN, 20_000, MAKER, 900_002);
  // 15 min before: the attackers' asks, far above the market.
  const asks = new Map<number, number>();
  for (const [i, a] of ATTACKERS.entries()) asks.set(a, s.order(a, 'ALT/BTC', 'sell', { price: ladder[i % ladder.length]!, qty: 1_000, ip: '45.6.7.8', device: 'evil' }));
  s.prints('ALT/BTC', 100, 15 * MIN, 20_000, MAKER, 900_002);
  const buyerIds = Array.from({ length: buyers }, (_, i) => 100 + i);
  for (const [i, b] of buyerIds.entries()) {
    s.wait(3_000);
    const a = ATTACKERS[i % ATTACKERS.length]!;
    const o = s.order(b, 'ALT/BTC', 'buy', { kind: 'market', quoteQty: 1_000_000, channel: 'api', key: 1_000 + b, ip: '45.6.7.9' });
    s.trade('ALT/BTC', 101, 100, MAKER, b, 'buy', o);
    s.trade('ALT/BTC', ladder[i % ladder.length]!, 300, a, b, 'buy', o, asks.get(a));
  }
  return { events: s.events, buyerIds };
}

describe('counterparty-concentration', () => {
  it('names the few one-sided sellers whose far asks many buyers were filled by', () => {
    const { events, buyerIds } = attack(10);
    const alerts = runRule(def, events);
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    const a = alerts[alerts.length - 1]!;
    expect(a.symbol).toBe('ALT/BTC');
    expect(a.accounts).toEqual(ATTACKERS);
    expect(a.accounts.some((x) => buyerIds.includes(x) || x === MAKER)).toBe(false);
    expect(a.score).toBeGreaterThan(0.4);
    expect(a.evidence.length).toBeGreaterThan(3);
    expect(a.explanation).toContain('9 buyers of ALT/BTC in 24 s');
    expect(a.explanation).toContain('filled by 3 sellers that never bid for it in the last 6 h');
    expect(a.explanation).toMatch(/\d+% of the buy volume/);
    expect(a.explanation).toContain('over the pre-burst price 100 (up to +4,300%)');
    expect(a.explanation).toContain('HHI among these sellers');
    expect(a.explanation).toContain('their far asks were placed up to');
    // The first alert comes once four buyers were filled.
    expect(alerts[0]!.explanation).toContain('4 buyers');
  });

  it('grows its score with the number of buyers and the premium', () => {
    const best = (events: MarketEvent[]) => Math.max(0, ...runRule(def, events).map((a) => a.score));
    expect(best(attack(12).events)).toBeGreaterThan(best(attack(5).events));
    expect(best(attack(8, [300, 1_000, 4_400]).events)).toBeGreaterThan(best(attack(8, [140, 150, 160]).events));
  });

  it('works from trades alone (no order events): one-sidedness and fill premium suffice', () => {
    const tradesOnly = attack(10).events.filter((e) => e.type !== 'order-accepted');
    const alerts = runRule(def, tradesOnly);
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[alerts.length - 1]!.accounts).toEqual(ATTACKERS);
    expect(alerts[alerts.length - 1]!.explanation).not.toContain('far asks were placed');
  });

  it('stays silent on a market maker filling an organic pump: it quotes both sides and keeps buying', () => {
    const s = new Stream().market('ALT');
    s.at(DAY).prints('ALT/BTC', 100, 40 * MIN, 20_000, MAKER, 900_002);
    const rnd = lcg(5);
    let price = 100;
    for (let i = 0; i < 40; i++) {
      s.wait(5_000);
      price = Math.round(price * 1.02);
      const buyer = 100 + i;
      s.order(MAKER, 'ALT/BTC', 'buy', { price: price - 2, qty: 50, channel: 'api', key: 1 });
      s.order(MAKER, 'ALT/BTC', 'sell', { price: price + 2, qty: 50, channel: 'api', key: 1 });
      s.trade('ALT/BTC', price + 2, 40, MAKER, buyer, 'buy');
      // Some profit-taking sells hit the maker's bids now and then.
      if (rnd() < 0.3) s.trade('ALT/BTC', price - 2, 10, MAKER, 500 + i, 'sell');
    }
    expect(runRule(def, s.events)).toEqual([]);
  });

  it('stays silent on a one-sided seller at the touch (no premium)', () => {
    const s = new Stream().market('ALT');
    s.at(DAY).prints('ALT/BTC', 100, 40 * MIN, 20_000, MAKER, 900_002);
    for (let i = 0; i < 20; i++) s.wait(3_000).trade('ALT/BTC', 101, 50, 77, 100 + i, 'buy');
    expect(runRule(def, s.events)).toEqual([]);
  });

  it('is deterministic', () => {
    const { events } = attack(10);
    expect(JSON.stringify(runRule(def, events))).toBe(JSON.stringify(runRule(def, events)));
  });

  it('keeps bounded state over 200k trades', () => {
    const d = def.create(def.params.parse({ lookbackMs: 3_600_000 })) as unknown as {
      stateSize: (s: string) => { lastBuy: number; farAsks: number; fills: number; sellers: number } | undefined;
      onEvent: (e: MarketEvent, out: unknown) => void;
    };
    const sink = { raise: () => undefined };
    const rnd = lcg(9);
    let maxLastBuy = 0;
    let maxFills = 0;
    for (let i = 0; i < 200_000; i++) {
      const t = i * 1_000; // ~2.3 days
      const price = 100 + Math.floor(rnd() * 200); // noisy, with far prints now and then
      const e = {
        seq: i,
        t,
        type: 'trade',
        trade: i + 1,
        symbol: 'ALT/BTC',
        price,
        qty: 1,
        quoteQty: price,
        aggressor: rnd() < 0.5 ? 'buy' : 'sell',
        makerAccount: 1 + Math.floor(rnd() * 100_000),
        makerOrder: 2 * i + 1,
        takerAccount: 1 + Math.floor(rnd() * 100_000),
        takerOrder: 2 * i + 2,
        makerFee: 0,
        takerFee: 0,
      } as MarketEvent;
      d.onEvent(e, sink);
      if (i % 500 === 0) {
        const st = d.stateSize('ALT/BTC')!;
        maxLastBuy = Math.max(maxLastBuy, st.lastBuy);
        maxFills = Math.max(maxFills, st.fills);
      }
    }
    // Buyers are remembered for the look-back (1 h = 3,600 trades here) plus a quarter of it; fills are capped.
    expect(maxLastBuy).toBeLessThan(5_000);
    expect(maxFills).toBeLessThanOrEqual(2_048);
  });

  it('on simulated runs: names only the attacker in a phished-key pump, nobody in honest copy-trading', () => {
    const file = (n: string) => fileURLToPath(new URL(`../../scenarios/${n}.yaml`, import.meta.url));
    const run = (name: string) => {
      const sim = compileScenario(loadScenario(file(name)), 1);
      const runner = new DetectorRunner([{ name: 'counterparty-concentration', definition: def }], ALL_CAPABILITIES);
      sim.sim.onEvent((e) => runner.onEvent(e));
      sim.sim.run();
      return { alerts: runner.alerts, truth: sim.sim.truth.toJSON(name, 1) };
    };
    const attackRun = run('compromised-key-pump');
    const inc = attackRun.truth.incidents[0]!;
    const attackers = new Set(inc.accounts.filter((a) => a.role === 'attacker').map((a) => a.account));
    const named = new Set(attackRun.alerts.flatMap((a) => a.accounts));
    expect(attackRun.alerts.length).toBeGreaterThan(0);
    expect([...named].every((a) => attackers.has(a))).toBe(true);
    expect(named.size).toBeGreaterThanOrEqual(attackers.size * 0.8);
    expect(attackRun.alerts.every((a) => a.symbol === inc.symbol && a.t >= inc.start && a.t <= inc.end)).toBe(true);
    expect(run('copy-trading-followers').alerts).toEqual([]);
  });
});
