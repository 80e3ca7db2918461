import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../src/core/index.js';
import { defineDetector, type DetectorDefinition } from '../../src/detect/detector.js';
import type { RuleConfig } from '../../src/detect/runner.js';
import { BUILT_IN_DETECTORS } from '../../src/detect/registry.js';
import { composite } from '../../src/detect/rules/composite.js';
import { capture, LinkageStream, rolesNamed, runRules, simulate } from './linkage-stream.js';

interface Cue {
  accounts: number[];
  score: number;
  symbol?: string | null;
}

/** A fake upstream rule: raises the scripted alert when the event with that seq goes by. */
function fake(name: string, script: Map<number, Cue>): RuleConfig {
  const definition = defineDetector({
    name,
    summary: 'test double',
    family: 'test',
    needs: [],
    params: z.object({}),
    create: () => ({
      onEvent(e: MarketEvent, out) {
        const c = script.get(e.seq);
        if (c === undefined) return;
        out.raise({ t: e.t, seq: e.seq, symbol: c.symbol === undefined ? 'ALT/BTC' : c.symbol, accounts: c.accounts, score: c.score, evidence: [e.seq], explanation: `${name} says so` });
      },
    }),
  });
  return { name, definition: definition as DetectorDefinition };
}

/** A tape of `n` trades `everyMs` apart; cues[rule] maps trade index -> alert. */
function run(n: number, everyMs: number, cues: Record<string, [number, Cue][]>, params?: unknown, def: DetectorDefinition = composite) {
  const s = new LinkageStream().listSymbol();
  s.tape(n, 1_000, everyMs);
  const trades = s.events.filter((e) => e.type === 'trade');
  const rules: RuleConfig[] = Object.entries(cues).map(([rule, list]) => fake(rule, new Map(list.map(([i, c]) => [trades[i]!.seq, c]))));
  rules.push({ name: 'composite', definition: def, params });
  const alerts = runRules(rules, s.events);
  return { all: alerts, mine: alerts.filter((a) => a.rule === 'composite'), trades };
}

describe('composite', () => {
  it('raises when two independent rules name the same account within the window, listing them with their numbers', () => {
    const { mine, trades } = run(20, 10_000, {
      'deposit-linkage': [[3, { accounts: [11], score: 0.8 }]],
      'counterparty-concentration': [[6, { accounts: [11, 12], score: 0.7 }]],
    }, { crossAccountWeight: 0 });
    expect(mine.length).toBe(1);
    const a = mine[0]!;
    expect(a.seq).toBe(trades[6]!.seq);
    expect(a.accounts).toEqual([11]);
    expect(a.score).toBeCloseTo(1 - (1 - 0.9 * 0.8) * (1 - 0.9 * 0.7), 10);
    expect(a.explanation).toMatch(/account 11 named by 2 independent rules within 15 min: /);
    expect(a.explanation).toMatch(/deposit-linkage 0\.80 x weight 0\.9, 30 s ago; counterparty-concentration 0\.70 x weight 0\.9, 0 s ago; combined 0\.90 \(threshold 0\.75\)/);
    expect(a.evidence).toEqual([trades[3]!.seq, trades[6]!.seq]);
  });

  it('stays silent on one rule alone, on one rule plus pump context, and when the alerts are further apart than the window', () => {
    expect(run(5, 10_000, { 'deposit-linkage': [[1, { accounts: [11], score: 1 }]] }).mine).toEqual([]);
    expect(
      run(5, 10_000, {
        'coordinated-burst': [[1, { accounts: [11], score: 1 }]],
        'rush-orders': [[2, { accounts: [], score: 1 }]],
        ramping: [[3, { accounts: [11], score: 1 }]],
        'price-volume': [[3, { accounts: [11], score: 1 }]],
      }).mine,
    ).toEqual([]);
    expect(
      run(20, 60_000, {
        'deposit-linkage': [[1, { accounts: [11], score: 0.9 }]],
        'account-takeover': [[18, { accounts: [11], score: 0.9 }]],
      }).mine,
    ).toEqual([]);
  });

  it('ignores rules it was not told about and alerts below their minScore; takes custom rule lists', () => {
    const cues = { 'my-rule': [[1, { accounts: [11], score: 0.9 }]], 'deposit-linkage': [[2, { accounts: [11], score: 0.9 }]] } as Record<string, [number, Cue][]>;
    expect(run(5, 10_000, cues).mine).toEqual([]);
    const custom = { rules: [{ rule: 'my-rule', weight: 0.8 }, { rule: 'deposit-linkage', weight: 0.8, minScore: 0.95 }] };
    expect(run(5, 10_000, cues, custom).mine).toEqual([]);
    const lower = { rules: [{ rule: 'my-rule', weight: 0.8 }, { rule: 'deposit-linkage', weight: 0.8, minScore: 0.5 }], threshold: 0.9 };
    expect(run(5, 10_000, cues, lower).mine.map((a) => a.accounts)).toEqual([[11]]);
  });

  it('corroborates across accounts on one symbol: victims taken over while the sellers deposited the coin', () => {
    const cues: Record<string, [number, Cue][]> = {
      'account-takeover': [[2, { accounts: [21, 22], score: 0.95 }]],
      'deposit-linkage': [[3, { accounts: [11], score: 0.9 }]],
    };
    const { mine } = run(10, 1_000, cues);
    expect(mine.length).toBe(1);
    expect(mine[0]!.accounts).toEqual([11, 21, 22]);
    expect(mine[0]!.explanation).toMatch(/x 0\.5 \(named other accounts on ALT\/BTC\)/);
    expect(run(10, 1_000, cues, { crossAccountWeight: 0 }).mine).toEqual([]);
  });

  it('lets symbol-level alerts add context to the accounts on that symbol', () => {
    const cues: Record<string, [number, Cue][]> = {
      'deposit-linkage': [[1, { accounts: [11], score: 0.6 }]],
      'counterparty-concentration': [[2, { accounts: [11], score: 0.6 }]],
    };
    // 1 - (1 - 0.54)^2 = 0.79 >= 0.75 already; with threshold 0.85 it takes the pump context to cross.
    expect(run(10, 1_000, cues, { threshold: 0.85 }).mine).toEqual([]);
    const withPump = run(10, 1_000, { ...cues, 'rush-orders': [[4, { accounts: [], score: 1 }]], ramping: [[5, { accounts: [], score: 1 }]] }, { threshold: 0.85 });
    expect(withPump.mine.length).toBe(1);
    expect(withPump.mine[0]!.explanation).toMatch(/rush-orders 1\.00 x weight 0\.15 \(context\)/);
  });

  it('scores grow with the upstream scores and with more agreeing rules', () => {
    const score = (s: number, extra: boolean) =>
      run(10, 1_000, {
        'deposit-linkage': [[1, { accounts: [11], score: s }]],
        'counterparty-concentration': [[2, { accounts: [11], score: s }]],
        ...(extra ? { 'account-takeover': [[3, { accounts: [11], score: s }]] as [number, Cue][] } : {}),
      }, { escalation: 0.01, batchMs: 0 }).mine.reduce((m, a) => Math.max(m, a.score), 0);
    expect(score(0.7, false)).toBeLessThan(score(0.9, false));
    expect(score(0.7, false)).toBeLessThan(score(0.7, true));
  });

  it('batches accounts that cross soon after an alert on the same symbol into one later alert', () => {
    const cues: Record<string, [number, Cue][]> = {
      'deposit-linkage': [
        [1, { accounts: [11], score: 0.9 }],
        [3, { accounts: [12], score: 0.9 }],
        [5, { accounts: [13], score: 0.9 }],
      ],
      'counterparty-concentration': [
        [2, { accounts: [11], score: 0.9 }],
        [4, { accounts: [12], score: 0.9 }],
        [6, { accounts: [13], score: 0.9 }],
      ],
    };
    const { mine, trades } = run(60, 5_000, cues, { crossAccountWeight: 0 });
    expect(mine.map((a) => a.accounts)).toEqual([[11], [12, 13]]);
    expect(mine[1]!.t - trades[2]!.t).toBeGreaterThanOrEqual(30_000);
  });

  it('keeps bounded state over 200k events', () => {
    const c = capture(composite);
    const s = new LinkageStream().listSymbol();
    s.tape(200_000, 1_000, 1_000);
    const trades = s.events.filter((e) => e.type === 'trade');
    const a = new Map<number, Cue>();
    const b = new Map<number, Cue>();
    trades.forEach((tr, i) => {
      // Every 10 s a new account named by two rules on one of 7 symbols.
      if (i % 10 === 0) a.set(tr.seq, { accounts: [1_000 + i], score: 0.9, symbol: `S${i % 7}/BTC` });
      else if (i % 10 === 1) b.set(tr.seq, { accounts: [1_000 + i - 1], score: 0.9, symbol: `S${(i - 1) % 7}/BTC` });
    });
    const alerts = runRules([fake('deposit-linkage', a), fake('counterparty-concentration', b), { name: 'composite', definition: c.definition }], s.events);
    expect(alerts.filter((x) => x.rule === 'composite').length).toBeGreaterThan(1_000);
    const sizes = c.instance().sizes();
    // 15 min of records at one account every 10 s, plus one sweep interval.
    expect(sizes.records).toBeLessThan(200);
    expect(sizes.bySymbol).toBeLessThanOrEqual(8);
  });

  it('is deterministic', () => {
    const cues: Record<string, [number, Cue][]> = {
      'account-takeover': [[2, { accounts: [21, 22], score: 0.95 }]],
      'deposit-linkage': [[3, { accounts: [11], score: 0.9 }]],
      'coordinated-burst': [[9, { accounts: [23], score: 0.9 }]],
    };
    expect(JSON.stringify(run(60, 1_000, cues).all)).toBe(JSON.stringify(run(60, 1_000, cues).all));
  });

  it('on simulated runs with the built-in rules: attackers and victims named before the harm point; silent on copy trading', () => {
    const rules: RuleConfig[] = Object.entries(BUILT_IN_DETECTORS)
      .filter(([name]) => name !== 'wash-trading' && name !== 'spoofing')
      .map(([name, definition]) => ({ name, definition: definition as DetectorDefinition }));
    const atk = simulate('compromised-key-pump', 1, rules);
    const inc = atk.truth.incidents.find((i) => i.kind === 'attack')!;
    const mine = atk.alerts.filter((a) => a.rule === 'composite');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]!.t).toBeGreaterThanOrEqual(inc.start);
    expect(mine[0]!.t).toBeLessThan(inc.harmPoint!);
    const roles = rolesNamed(mine, atk.truth);
    expect(roles['attacker']).toBeGreaterThan(0);
    expect(roles['victim']).toBeGreaterThan(0);
    // Upstream rules evolve; the composite must keep honest accounts out all the same.
    const honest = Object.entries(roles).filter(([r]) => r !== 'attacker' && r !== 'victim').reduce((n, [, k]) => n + k, 0);
    expect(honest).toBeLessThanOrEqual(2);
    expect(simulate('copy-trading-followers', 1, rules).alerts.filter((a) => a.rule === 'composite')).toEqual([]);
  });
});
