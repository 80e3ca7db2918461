import { describe, expect, it } from 'vitest';
import { matchRule } from '../../src/evaluate/match.js';
import { alertInIncident, incidentWindow } from '../../src/evaluate/incident-window.js';
import { isAttackRun } from '../../src/evaluate/roles.js';
import { ALERTS, ALT, TRUTH, XYZ, alert, atk1, atk2, incident, org1, truth } from './fixtures.js';

const roles = (o: Partial<Record<string, number>>) => ({ attacker: 0, victim: 0, whale: 0, follower: 0, maker: 0, background: 0, ...o });

describe('matchRule', () => {
  it('scores rule r against two attacks and an organic episode (hand-computed)', () => {
    const m = matchRule(TRUTH, ALERTS, 'r');
    expect(m.rule).toBe('r');
    expect(m.attacks).toEqual([
      {
        rule: 'r',
        incident: 'atk1',
        symbol: ALT,
        window: { from: 100_000, to: 800_000 },
        harmPoint: 180_000,
        alerts: 2, // a2, a3 (a1 came during preparation)
        detected: true, // a3 names victim 2
        latencyMs: 70_000,
        beforeHarm: true,
        detectedSymbolOnly: false,
        symbolOnlyLatencyMs: null,
        symbolOnlyBeforeHarm: false, // a harm point, and no symbol-level alert before it
        attackerNamed: false,
        named: { accounts: 3, involved: roles({ victim: 1 }), uninvolved: 2, honest: 2 }, // {2, 5, 8}
      },
      {
        rule: 'r',
        incident: 'atk2',
        symbol: XYZ,
        window: { from: 1_000_000, to: 1_700_000 },
        harmPoint: null,
        alerts: 1, // a4 (a5 is after end + grace)
        detected: false, // a4 names 2, a victim of atk1 but not involved in atk2
        latencyMs: null,
        beforeHarm: null,
        detectedSymbolOnly: false,
        symbolOnlyLatencyMs: null,
        symbolOnlyBeforeHarm: null,
        attackerNamed: false,
        named: { accounts: 1, involved: roles({}), uninvolved: 1, honest: 0 }, // 2 is a victim, not honest
      },
    ]);
    expect(m.organic).toEqual([
      {
        rule: 'r',
        incident: 'org1',
        symbol: ALT,
        window: { from: 2_000_000, to: 3_100_000 },
        organicAlerts: 1,
        organicAccountsNamed: 2, // whale 5, follower 6; victim 2 is not honest
        named: { accounts: 3, involved: roles({ whale: 1, follower: 1 }), uninvolved: 1, honest: 2 },
      },
    ]);
  });

  it('scores a symbol-only rule apart, at symbol level', () => {
    const m = matchRule(TRUTH, ALERTS, 's');
    expect(m.attacks.map((a) => [a.detected, a.detectedSymbolOnly, a.symbolOnlyLatencyMs, a.symbolOnlyBeforeHarm, a.latencyMs])).toEqual([
      [false, true, 20_000, true, null],
      [false, true, 700_000, null, null], // at end + grace exactly: inside
    ]);
    expect(m.organic[0]!.organicAlerts).toBe(0);
  });

  it('no alerts: nothing detected, every count 0', () => {
    const m = matchRule(TRUTH, [], 'r');
    expect(m.attacks.map((a) => [a.detected, a.latencyMs, a.beforeHarm, a.alerts, a.named.accounts])).toEqual([
      [false, null, false, 0, 0],
      [false, null, null, 0, 0],
    ]);
    expect(m.organic[0]).toMatchObject({ organicAlerts: 0, organicAccountsNamed: 0 });
  });

  it('no incidents: empty lists', () => {
    expect(matchRule(truth([]), ALERTS, 'r')).toEqual({ rule: 'r', attacks: [], organic: [] });
  });

  it('ignores other rules', () => {
    const m = matchRule(TRUTH, ALERTS, 'other');
    expect(m.attacks.every((a) => a.alerts === 0)).toBe(true);
  });

  it('beforeHarm is false when the first qualifying alert comes at or after the harm point', () => {
    const m = matchRule(TRUTH, [alert('x', 180_000, ALT, [3]), alert('x', 190_000, ALT, [1])], 'x');
    expect(m.attacks[0]).toMatchObject({ detected: true, latencyMs: 80_000, beforeHarm: false, attackerNamed: true });
    expect(m.attacks[0]!.named.involved).toEqual(roles({ attacker: 1, victim: 1 }));
  });

  it('the first qualifying alert is the earliest naming an involved account, not the earliest in the window', () => {
    const alerts = [alert('x', 300_000, ALT, [1]), alert('x', 110_000, ALT, [7]), alert('x', 250_000, ALT, [])];
    const a = matchRule(TRUTH, alerts, 'x').attacks[0]!;
    expect([a.latencyMs, a.symbolOnlyLatencyMs, a.beforeHarm, a.symbolOnlyBeforeHarm]).toEqual([200_000, 150_000, false, false]);
  });

  it('grace: the window ends at end + graceMs', () => {
    const alerts = [alert('x', 200_001, ALT, [2])];
    expect(matchRule(TRUTH, alerts, 'x', { graceMs: 0 }).attacks[0]!.detected).toBe(false);
    expect(matchRule(TRUTH, alerts, 'x', { graceMs: 1 }).attacks[0]!.detected).toBe(true);
    expect(matchRule(TRUTH, alerts, 'x').attacks[0]!.detected).toBe(true);
  });

  it('an alert on another symbol does not count; symbol-less alerts only on request', () => {
    expect(matchRule(TRUTH, [alert('x', 150_000, XYZ, [2])], 'x').attacks[0]!.detected).toBe(false);
    const nullSym = [alert('x', 150_000, null, [1])];
    expect(matchRule(TRUTH, nullSym, 'x').attacks[0]!.detected).toBe(false);
    expect(matchRule(TRUTH, nullSym, 'x', { symbollessAlertsMatch: true }).attacks[0]).toMatchObject({ detected: true, attackerNamed: true });
  });

  it('an alert naming only honest accounts in an attack window does not detect it', () => {
    const a = matchRule(TRUTH, [alert('x', 150_000, ALT, [5, 6, 7, 8])], 'x').attacks[0]!;
    expect(a).toMatchObject({ detected: false, detectedSymbolOnly: false, alerts: 1 });
    expect(a.named).toEqual({ accounts: 4, involved: roles({}), uninvolved: 4, honest: 4 });
  });

  it('alerts before start (during preparation) do not count even when naming the attacker', () => {
    expect(matchRule(TRUTH, [alert('x', 99_999, ALT, [1])], 'x').attacks[0]!.detected).toBe(false);
    expect(matchRule(TRUTH, [alert('x', 100_000, ALT, [1])], 'x').attacks[0]).toMatchObject({ detected: true, latencyMs: 0 });
  });

  it('an attack and an organic episode on the same symbol with overlapping windows both see the alert', () => {
    const org = incident({ id: 'rally', kind: 'organic', symbol: ALT, start: 50_000, end: 400_000, accounts: [{ account: 5, role: 'whale' }] });
    const m = matchRule(truth([org, atk1]), [alert('x', 150_000, ALT, [1, 5])], 'x');
    expect(m.attacks[0]).toMatchObject({ detected: true, attackerNamed: true });
    expect(m.organic[0]).toMatchObject({ organicAlerts: 1, organicAccountsNamed: 1 }); // 1 is an attacker, not honest
  });
});

describe('windows and labels', () => {
  it('incidentWindow is [start, end + grace]', () => {
    expect(incidentWindow(atk2)).toEqual({ from: 1_000_000, to: 1_700_000 });
    expect(incidentWindow(atk2, { graceMs: 5 })).toEqual({ from: 1_000_000, to: 1_100_005 });
    expect(() => incidentWindow(atk2, { graceMs: -1 })).toThrow(RangeError);
  });

  it('alertInIncident checks symbol and both ends inclusive', () => {
    expect(alertInIncident(alert('x', 2_000_000, ALT, []), org1)).toBe(true);
    expect(alertInIncident(alert('x', 3_100_000, ALT, []), org1)).toBe(true);
    expect(alertInIncident(alert('x', 3_100_001, ALT, []), org1)).toBe(false);
    expect(alertInIncident(alert('x', 1_999_999, ALT, []), org1)).toBe(false);
  });

  it('isAttackRun', () => {
    expect(isAttackRun(TRUTH)).toBe(true);
    expect(isAttackRun(truth([org1]))).toBe(false);
    expect(isAttackRun(truth([]))).toBe(false);
    expect(isAttackRun(truth([atk1]))).toBe(true);
  });
});
