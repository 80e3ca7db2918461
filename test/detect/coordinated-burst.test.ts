import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../src/core/index.js';
import { ALL_CAPABILITIES, type DetectorDefinition } from '../../src/detect/detector.js';
import { DetectorRunner } from '../../src/detect/runner.js';
import { coordinatedBurst } from '../../src/detect/rules/coordinated-burst.js';
import { compileScenario, loadScenario } from '../../src/scenario/index.js';
import { DAY, HOUR, MIN, Stream, lcg, runRule } from './takeover-stream.js';

const def = coordinatedBurst as unknown as DetectorDefinition;

/** `n` quiet holders with a web history; keys created from one phisher's session on day 1, all used on day 10 from the phisher's /24. */
function phished(n: number, spreadMs: number): { events: MarketEvent[]; victims: number[] } {
  const s = new Stream().market('ETH', 'ALT');
  const victims = Array.from({ length: n }, (_, i) => 100 + 3 * i);
  for (const v of victims) s.account(v).deposit(v, 'BTC', 10_000_000);
  for (const [i, v] of victims.entries()) {
    s.at(HOUR + i * MIN).login(v, `81.${i}.3.4`, `home-${v}`);
    s.order(v, 'ETH/BTC', 'buy', { price: 80_000, qty: 1, ip: `81.${i}.3.4`, device: `home-${v}` });
  }
  const keys = new Map<number, number>();
  for (const [i, v] of victims.entries()) {
    s.at(DAY + i * MIN).login(v, '91.2.2.2', 'evil-dev');
    keys.set(v, s.apiKey(v, null));
  }
  for (const [i, v] of victims.entries()) {
    s.at(10 * DAY + Math.floor((i * spreadMs) / Math.max(1, n - 1)));
    s.order(v, 'ALT/BTC', 'buy', { channel: 'api', key: keys.get(v)!, ip: `45.6.7.${10 + (i % 3)}`, kind: 'market', quoteQty: 10_000_000 });
  }
  // Life goes on: a later order elsewhere lets the rule close the burst's roster.
  s.wait(2 * MIN).order(999, 'ETH/BTC', 'sell', { price: 80_000, qty: 1, ip: '9.9.9.9', device: 'd999' });
  return { events: s.events, victims };
}

/** Copy-trading: `n` subscribers whose platform keys trade ETH twice a day, then copy a signal on ALT within 3 s. */
function copyTrading(n: number, signals: { at: number; symbol: string }[]): { events: MarketEvent[]; copiers: number[] } {
  const s = new Stream().market('ETH', 'ALT', 'LTC', 'DOGE');
  const copiers = Array.from({ length: n }, (_, i) => 200 + i);
  for (const c of copiers) s.account(c).deposit(c, 'BTC', 10_000_000);
  const keys = new Map<number, number>();
  for (const c of copiers) {
    s.login(c, `82.${c % 250}.1.1`, `dev-${c}`);
    keys.set(c, s.apiKey(c, 'copyhub'));
  }
  const ip = (c: number) => `203.0.113.${10 + (c % 5)}`;
  const events: { t: number; c: number; symbol: string }[] = [];
  const rnd = lcg(3);
  for (const c of copiers) for (let t = HOUR + rnd() * 12 * HOUR; t < 40 * DAY; t += 8 * HOUR + rnd() * 8 * HOUR) events.push({ t: Math.floor(t), c, symbol: 'ETH/BTC' });
  for (const sig of signals) for (const c of copiers) events.push({ t: sig.at + 200 + Math.floor(rnd() * 2_800), c, symbol: sig.symbol });
  events.sort((a, b) => a.t - b.t || a.c - b.c);
  for (const e of events) {
    s.at(e.t).order(e.c, e.symbol, 'buy', { channel: 'api', key: keys.get(e.c)!, platform: 'copyhub', ip: ip(e.c), kind: 'market', quoteQty: 1_000_000 });
  }
  return { events: s.events, copiers };
}

describe('coordinated-burst', () => {
  it('names the accounts of a burst of dormant keys from one network', () => {
    const { events, victims } = phished(8, 20_000);
    const alerts = runRule(def, events);
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    const a = alerts[alerts.length - 1]!;
    expect(a.symbol).toBe('ALT/BTC');
    // Rosters are updated as the burst grows: together they name every victim, and nobody else.
    expect([...new Set(alerts.flatMap((x) => x.accounts))].sort((x, y) => x - y)).toEqual(victims);
    expect(a.accounts).toEqual(victims);
    expect(a.score).toBeGreaterThan(0.5);
    expect(a.evidence.length).toBe(8);
    expect(a.explanation).toContain('8 accounts bought ALT/BTC from network 45.6.7.0/24 within 20 s');
    expect(a.explanation).toContain('8 of 8 acting out of character');
    expect(a.explanation).toContain('8 on an API key (or account) waking from dormancy');
    expect(a.explanation).toContain('8 never used this network before');
    expect(a.explanation).toContain('8 had never traded ALT/BTC');
    // The first alert comes as soon as enough unusual accounts joined, and names only them.
    expect(alerts[0]!.accounts.length).toBeGreaterThanOrEqual(4);
    expect(alerts[0]!.accounts.every((x) => victims.includes(x))).toBe(true);
  });

  it('grows its score with the number of accounts and the tightness in time', () => {
    const best = (events: MarketEvent[]) => Math.max(0, ...runRule(def, events).map((a) => a.score));
    const few = best(phished(4, 20_000).events);
    const many = best(phished(12, 20_000).events);
    const loose = best(phished(8, 55_000).events);
    const tight = best(phished(8, 3_000).events);
    expect(few).toBeGreaterThan(0);
    expect(many).toBeGreaterThan(few);
    expect(tight).toBeGreaterThan(loose);
  });

  it('stays silent on honest copy-trading: old keys in routine use through the platform, its usual servers, within seconds', () => {
    const { events } = copyTrading(40, [{ at: 10 * DAY, symbol: 'ALT/BTC' }]);
    expect(runRule(def, events)).toEqual([]);
  });

  it('lowers accounts that routinely burst together: a second signal of the same group is familiar', () => {
    // With unusualAt 0.3, "never traded this symbol" alone makes a copier unusual: the first signal alerts...
    const params = { unusualAt: 0.3 };
    const first = copyTrading(20, [{ at: 10 * DAY, symbol: 'ALT/BTC' }]);
    const firstAlerts = runRule(def, first.events, params);
    expect(firstAlerts.length).toBeGreaterThan(0);
    expect(firstAlerts.every((a) => a.symbol === 'ALT/BTC')).toBe(true);
    // ...but when the same subscribers burst again on other coins, they are known co-traders.
    const again = copyTrading(20, [
      { at: 10 * DAY, symbol: 'ALT/BTC' },
      { at: 17 * DAY, symbol: 'LTC/BTC' },
      { at: 24 * DAY, symbol: 'DOGE/BTC' },
    ]);
    const later = runRule(def, again.events, params).filter((a) => a.symbol !== 'ALT/BTC');
    expect(later).toEqual([]);
  });

  it('is deterministic', () => {
    const { events } = phished(8, 20_000);
    expect(JSON.stringify(runRule(def, events))).toBe(JSON.stringify(runRule(def, events)));
  });

  it('keeps bounded state over 200k orders', () => {
    const d = def.create(def.params.parse({ retentionMs: DAY, familiarMs: DAY })) as unknown as {
      stateSize: { groups: number; singles: number; memory: number; profiles: number };
      onEvent: (e: MarketEvent, out: unknown) => void;
    };
    const s = new Stream().market('ETH', 'ALT');
    const sink = { raise: () => undefined };
    for (const e of s.events) d.onEvent(e, sink);
    const rnd = lcg(11);
    const ips = Array.from({ length: 3_000 }, (_, i) => `${1 + (i % 200)}.${i % 250}.1.${(7 * i) % 250}`);
    let maxGroups = 0;
    let maxSingles = 0;
    let maxProfiles = 0;
    for (let i = 0; i < 200_000; i++) {
      const t = Math.floor(i * 15_000); // ~35 days
      const account = 1 + Math.floor(rnd() * 5_000);
      const e = {
        seq: s.events.length + i,
        t,
        type: 'order-accepted',
        order: i + 1,
        account,
        symbol: rnd() < 0.5 ? 'ETH/BTC' : 'ALT/BTC',
        side: rnd() < 0.5 ? 'buy' : 'sell',
        kind: 'limit',
        tif: 'gtc',
        postOnly: false,
        price: 100,
        qty: 1,
        quoteQty: null,
        stp: 'none',
        clientOrderId: null,
        channel: 'web',
        key: null,
        platform: null,
        ip: ips[account % ips.length]!,
        device: `d${account}`,
      } as MarketEvent;
      d.onEvent(e, sink);
      if (i % 100 === 0) {
        const st = d.stateSize;
        maxGroups = Math.max(maxGroups, st.groups);
        maxSingles = Math.max(maxSingles, st.singles);
        maxProfiles = Math.max(maxProfiles, st.profiles);
      }
    }
    // One order every 15 s: a few windows' worth of groups at most; profiles pruned after a day.
    expect(maxGroups).toBeLessThan(50);
    expect(maxSingles).toBeLessThan(100);
    expect(maxProfiles).toBeLessThanOrEqual(5_000);
  });

  it('on simulated runs: names victims (and the attacker ladder) in a phished-key pump, nobody in honest copy-trading', () => {
    const file = (n: string) => fileURLToPath(new URL(`../../scenarios/${n}.yaml`, import.meta.url));
    const run = (name: string) => {
      const sim = compileScenario(loadScenario(file(name)), 1);
      const runner = new DetectorRunner([{ name: 'coordinated-burst', definition: def }], ALL_CAPABILITIES);
      sim.sim.onEvent((e) => runner.onEvent(e));
      sim.sim.run();
      return { alerts: runner.alerts, truth: sim.sim.truth.toJSON(name, 1) };
    };
    const attack = run('compromised-key-pump');
    const inc = attack.truth.incidents[0]!;
    const involved = new Map(inc.accounts.map((a) => [a.account, a.role] as const));
    // Every account it names is involved: victims in the buying (and selling) bursts, attackers placing their ladder.
    expect(attack.alerts.flatMap((a) => a.accounts).every((x) => involved.has(x))).toBe(true);
    const inWindow = attack.alerts.filter((a) => a.symbol === inc.symbol && a.t >= inc.start && a.t <= inc.end);
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.flatMap((a) => a.accounts).every((x) => involved.get(x) === 'victim')).toBe(true);
    expect(run('copy-trading-followers').alerts).toEqual([]);
  });
});
