import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveil } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'surveil-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = 'scenarios/compromised-key-pump.yaml';

describe('surveil eval', () => {
  let fromScenario: { aggregates: unknown[]; runs: { alerts: number }[] };

  // A simulated scenario in a child process: seconds alone, much longer on a loaded 2-core machine (the hook default is 10 s).
  beforeAll(() => {
    const r = surveil(['eval', scenario, '--seed', '2', '--out', join(dir, 'eval-scenario')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    fromScenario = JSON.parse(readFileSync(join(dir, 'eval-scenario', 'results.json'), 'utf8'));
  }, 120_000);

  it('prints one row per rule and writes results.json (sorted keys, schemaVersion) and alerts.csv', () => {
    const text = readFileSync(join(dir, 'eval-scenario', 'results.json'), 'utf8');
    const results = JSON.parse(text) as Record<string, unknown>;
    expect(results['schemaVersion']).toBe(1);
    expect(Object.keys(results)).toEqual([...Object.keys(results)].sort());
    expect(results['rules']).toContain('composite');
    const csv = readFileSync(join(dir, 'eval-scenario', 'alerts.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('run,t,seq,rule,symbol,score,accounts,evidence,explanation');
    expect(csv.length - 2).toBe(fromScenario.runs[0]!.alerts);
  });

  it('gives the same results on the run folder written by surveil run (rules see the same stream)', () => {
    const run = surveil(['run', scenario, '--seed', '2', '--out', join(dir, 'run')]);
    expect(run.code).toBe(0);
    const r = surveil(['eval', join(dir, 'run'), '--out', join(dir, 'eval-dir')]);
    expect(r.code).toBe(0);
    const fromDir = JSON.parse(readFileSync(join(dir, 'eval-dir', 'results.json'), 'utf8')) as typeof fromScenario;
    expect(fromDir.aggregates).toEqual(fromScenario.aggregates);
  });

  it('loads a user-written rule from a module and runs it through the same registry', () => {
    const r = surveil(['eval', scenario, '--seed', '2', '--detector-module', 'examples/large-withdrawal.mjs', '--detectors', 'large-withdrawal', '--json']);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as { rules: string[]; runs: { alerts: number }[] };
    expect(results.rules).toEqual(['large-withdrawal']);
    expect(results.runs[0]!.alerts).toBeGreaterThan(0);
    const list = surveil(['list', 'detectors', '--detector-module', 'examples/large-withdrawal.mjs']);
    expect(list.stdout).toContain('large-withdrawal');
  });

  it('exits 2 for an unknown rule, a module that is not a detector, or a missing target, writing nothing', () => {
    const unknown = surveil(['eval', scenario, '--detectors', 'no-such-rule', '--out', join(dir, 'x1')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no detector "no-such-rule"');
    const bad = join(dir, 'bad.mjs');
    writeFileSync(bad, 'export default { name: "oops" };\n');
    const badModule = surveil(['eval', scenario, '--detector-module', bad, '--out', join(dir, 'x2')]);
    expect(badModule.code).toBe(2);
    expect(badModule.stderr).toContain('has no create(params) function');
    const missing = surveil(['eval', join(dir, 'nothing-here.yaml')]);
    expect(missing.code).toBe(2);
    for (const d of ['x1', 'x2']) expect(existsSync(join(dir, d))).toBe(false);
  });
});
