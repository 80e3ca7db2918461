/**
 * A suite with response policies, run as a user would: every cell also runs
 * closed loop under each policy, the results compare them with the runs
 * without one, and gates bound what a policy saved and whom it hurt.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveil } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'surveil-policies-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const root = resolve('.');
const suite = join(dir, 'policies.yaml');
writeFileSync(
  suite,
  `name: e2e-policies
description: the fast attack and the organic pump, one seed, two policies
scenarios: [${root}/scenarios/compromised-key-pump.yaml, ${root}/scenarios/whale-followers.yaml]
seeds: 1
detectors: [all]
policies: [${root}/policies/freeze-withdrawals-on-attack.yaml, ${root}/policies/dec-2022-mistake.yaml]
gates:
  - { policy: freeze-withdrawals-on-attack, metric: attackerProceedsWithdrawn, max: 0 }
  - { policy: none, metric: attackerProceedsWithdrawn, min: 1 }
  - { policy: dec-2022-mistake, metric: honestRestrictionHours, scenarios: [whale-followers], min: 0.01, level: warn }
`,
);

interface Aggregate {
  policy: string;
  scenario: string;
  proceedsPrevented: { mean: number };
  impact: Record<string, { mean: number | null }>;
}

describe('surveil compare with response policies', () => {
  let results: { verdict: string; policies: Aggregate[]; runs: { impacts: { policy: string }[] }[]; gates: { pass: boolean }[] };

  beforeAll(() => {
    const r = surveil(['compare', suite, '-j', '2', '--out', join(dir, 'out')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('response policies');
    results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8'));
  }, 300_000);

  it('runs every cell without a policy and under each, none first', () => {
    for (const run of results.runs) expect(run.impacts.map((i) => i.policy)).toEqual(['none', 'freeze-withdrawals-on-attack', 'dec-2022-mistake']);
    expect([...new Set(results.policies.map((p) => p.policy))]).toEqual(['none', 'freeze-withdrawals-on-attack', 'dec-2022-mistake']);
  });

  it('suspending withdrawals at the first alert prevents everything the attacker withdrew without it', () => {
    const none = results.policies.find((p) => p.policy === 'none' && p.scenario === 'compromised-key-pump')!;
    const freeze = results.policies.find((p) => p.policy === 'freeze-withdrawals-on-attack' && p.scenario === 'compromised-key-pump')!;
    expect(none.impact['attackerProceedsWithdrawn']!.mean).toBeGreaterThan(0);
    expect(freeze.impact['attackerProceedsWithdrawn']!.mean).toBe(0);
    expect(freeze.proceedsPrevented.mean).toBe(none.impact['attackerProceedsWithdrawn']!.mean);
  });

  it('the plain pump policy restricts honest accounts in the organic story', () => {
    const mistake = results.policies.find((p) => p.policy === 'dec-2022-mistake' && p.scenario === 'whale-followers')!;
    expect(mistake.impact['honestRestricted']!.mean).toBeGreaterThan(0);
    expect(mistake.impact['honestRestrictionHours']!.mean).toBeGreaterThan(0);
    expect(results.gates.every((g) => g.pass)).toBe(true);
    expect(results.verdict).toBe('pass');
  });
});
