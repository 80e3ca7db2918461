import { describe, expect, it } from 'vitest';
import { DAY } from '../../src/core/index.js';
import { accountScores, ruleRunMetrics, runMetrics } from '../../src/evaluate/metrics.js';
import { ALERTS, ALT, SPAN, TRUTH, alert, atk1, org1, truth } from './fixtures.js';

const input = { truth: TRUTH, alerts: ALERTS, span: SPAN };

describe('ruleRunMetrics (hand-computed on the fixture run)', () => {
  const m = ruleRunMetrics(input, 'r');

  it('run score is the highest alert score', () => {
    expect(m.runScore).toBe(0.9);
  });

  it('alert volume over the whole run and over the story window', () => {
    expect(m.alerts).toEqual({
      total: 7,
      story: 6, // a7 came during warm-up
      perMarketDay: 14, // 7 alerts over half a day
      storyPerMarketDay: 6 / ((43_200_000 - 50_000) / DAY),
      namingAccounts: 6,
      symbolOnly: 1,
      insideIncidents: 4, // a2, a3, a4, a6
      insideAttacks: 3,
      insideOrganic: 1,
      outsideIncidents: 3, // a1 (preparation), a5 (after grace), a7 (warm-up)
    });
  });

  it('detection counts', () => {
    expect(m.detection).toEqual({ attacks: 2, detected: 1, detectedSymbolOnly: 0, withHarmPoint: 1, beforeHarm: 1, symbolOnlyBeforeHarm: 0 });
  });

  it('precision, recall and F1 per role over attack windows, as (incident, account) pairs', () => {
    // Named pairs: atk1 {2, 5, 8}, atk2 {2} → 4. Involved: attackers 1@atk1, 1@atk2; victims 2, 3, 4.
    expect(m.accounts.attacker).toEqual({ hits: 0, named: 4, involved: 2, precision: 0, recall: 0, f1: 0 });
    expect(m.accounts.victim).toEqual({ hits: 1, named: 4, involved: 3, precision: 0.25, recall: 1 / 3, f1: expect.closeTo(2 / 7, 12) });
    expect(m.accounts.involved).toEqual({ hits: 1, named: 4, involved: 5, precision: 0.25, recall: 0.2, f1: expect.closeTo(2 / 9, 12) });
  });

  it('per role: accounts, named anywhere, involved, involved and named in the window', () => {
    expect(m.roles).toEqual({
      attacker: { accounts: 1, named: 0, involved: 2, involvedNamed: 0 },
      victim: { accounts: 3, named: 2, involved: 3, involvedNamed: 1 }, // 2 and 4 named; 4 only after grace
      whale: { accounts: 1, named: 1, involved: 1, involvedNamed: 1 },
      follower: { accounts: 1, named: 1, involved: 1, involvedNamed: 1 },
      maker: { accounts: 1, named: 0, involved: 0, involvedNamed: 0 },
      background: { accounts: 1, named: 1, involved: 0, involvedNamed: 0 },
    });
    expect(Object.keys(m.roles)).toEqual(['attacker', 'victim', 'whale', 'follower', 'maker', 'background']);
  });

  it('beneficiary, honest accounts (victims apart), unknown accounts', () => {
    expect(m.attackerNamed).toBe(false);
    expect(m.honestNamed).toBe(3); // 5, 6, 8 — victims 2 and 4 are not honest
    expect(m.honestNamedInOrganic).toBe(2); // 5, 6
    expect(m.unknownNamed).toBe(0);
  });

  it('keys come in a fixed order', () => {
    expect(Object.keys(m)).toEqual([
      'rule', 'runScore', 'alerts', 'detection', 'accounts', 'roles', 'attackerNamed',
      'honestNamed', 'honestNamedInOrganic', 'unknownNamed', 'incidents',
    ]);
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });
});

describe('ruleRunMetrics edge cases', () => {
  it('symbol-only rule: detected at symbol level only, no precision (nobody named)', () => {
    const s = ruleRunMetrics(input, 's');
    expect(s.detection).toMatchObject({ detected: 0, detectedSymbolOnly: 2, beforeHarm: 0, symbolOnlyBeforeHarm: 1 });
    expect(s.accounts.attacker).toEqual({ hits: 0, named: 0, involved: 2, precision: null, recall: 0, f1: null });
    expect(s.alerts).toMatchObject({ total: 2, symbolOnly: 2, namingAccounts: 0, insideAttacks: 2 });
    expect(s.runScore).toBe(0.7);
  });

  it('no alerts: run score 0, nothing named', () => {
    const n = ruleRunMetrics({ ...input, alerts: [] }, 'r');
    expect(n.runScore).toBe(0);
    expect(n.alerts).toMatchObject({ total: 0, perMarketDay: 0, insideIncidents: 0, outsideIncidents: 0 });
    expect(n.accounts.victim).toEqual({ hits: 0, named: 0, involved: 3, precision: null, recall: 0, f1: null });
    expect([n.attackerNamed, n.honestNamed, n.honestNamedInOrganic]).toEqual([false, 0, 0]);
  });

  it('no incidents: every alert is outside, recall undefined', () => {
    const t = truth([], [{ account: 5, role: 'whale', agent: 'w' }]);
    const n = ruleRunMetrics({ truth: t, alerts: [alert('r', 100, ALT, [5], 0.4)], span: { storyStart: 0, endTime: DAY } }, 'r');
    expect(n.alerts).toMatchObject({ total: 1, perMarketDay: 1, storyPerMarketDay: 1, insideIncidents: 0, outsideIncidents: 1 });
    expect(n.accounts.involved).toEqual({ hits: 0, named: 0, involved: 0, precision: null, recall: null, f1: null });
    expect(n.detection.attacks).toBe(0);
    expect(n.attackerNamed).toBeNull(); // no attacker in the run
    expect(n.honestNamed).toBe(1);
  });

  it('the attacker named after the window still counts as beneficiary found, not as a hit', () => {
    const n = ruleRunMetrics({ ...input, alerts: [alert('r', 900_000, ALT, [1])] }, 'r');
    expect(n.attackerNamed).toBe(true);
    expect(n.accounts.attacker.hits).toBe(0);
    expect(n.roles.attacker.named).toBe(1);
  });

  it('an attacker named in both attacks counts as two hits', () => {
    const n = ruleRunMetrics({ ...input, alerts: [alert('r', 150_000, ALT, [1]), alert('r', 1_050_000, 'XYZ/BTC', [1])] }, 'r');
    expect(n.accounts.attacker).toEqual({ hits: 2, named: 2, involved: 2, precision: 1, recall: 1, f1: 1 });
    expect(n.detection.detected).toBe(2);
  });

  it('accounts the truth does not know are counted apart', () => {
    const n = ruleRunMetrics({ ...input, alerts: [alert('r', 150_000, ALT, [99, 2])] }, 'r');
    expect(n.unknownNamed).toBe(1);
    expect(n.honestNamed).toBe(0);
    expect(n.accounts.victim).toMatchObject({ hits: 1, named: 2 }); // 99 is named in the window, and not a victim
  });

  it('an alert in overlapping attack and organic windows counts once inside, once in each kind', () => {
    const rally = { ...org1, id: 'rally', start: 150_000, end: 300_000 };
    const n = ruleRunMetrics({ truth: truth([atk1, rally]), alerts: [alert('r', 160_000, ALT, [5])], span: SPAN }, 'r');
    expect(n.alerts).toMatchObject({ insideIncidents: 1, insideAttacks: 1, insideOrganic: 1, outsideIncidents: 0 });
    expect(n.honestNamedInOrganic).toBe(1);
  });

  it('an empty span gives null rates; a bad span throws', () => {
    const n = ruleRunMetrics({ ...input, span: { storyStart: 0, endTime: 0 } }, 'r');
    expect([n.alerts.perMarketDay, n.alerts.storyPerMarketDay]).toEqual([null, null]);
    expect(() => ruleRunMetrics({ ...input, span: { storyStart: 10, endTime: 5 } }, 'r')).toThrow(RangeError);
  });

  it('runMetrics keeps the rule order given, including rules without alerts', () => {
    expect(runMetrics(input, ['s', 'none', 'r']).map((x) => [x.rule, x.runScore])).toEqual([
      ['s', 0.7],
      ['none', 0],
      ['r', 0.9],
    ]);
  });
});

describe('accountScores', () => {
  it('targets always, honest accounts when named, best score each', () => {
    expect(accountScores(TRUTH, ALERTS, 'r')).toEqual([
      { account: 1, role: 'attacker', target: true, score: null },
      { account: 2, role: 'victim', target: true, score: 0.9 },
      { account: 3, role: 'victim', target: true, score: null },
      { account: 4, role: 'victim', target: true, score: 0.8 },
      { account: 5, role: 'whale', target: false, score: 0.6 },
      { account: 6, role: 'follower', target: false, score: 0.6 },
      { account: 8, role: 'background', target: false, score: 0.9 },
    ]);
  });

  it('a symbol-only rule names nobody', () => {
    expect(accountScores(TRUTH, ALERTS, 's').every((a) => a.score === null && a.target)).toBe(true);
  });
});
