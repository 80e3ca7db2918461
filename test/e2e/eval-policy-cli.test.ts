import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { surveil } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'surveil-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('surveil eval --policy', () => {
  it('prints the impact without and with the policy, and writes impact.json', () => {
    const out = join(dir, 'out');
    const r = surveil(['eval', 'scenarios/whale-followers.yaml', '--policy', 'policies/dec-2022-mistake.yaml', '--seed', '1', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('without policy');
    expect(r.stdout).toContain('with dec-2022-mistake');
    expect(r.stdout).toMatch(/honest restriction hours +0\.00 +\d+\.\d\d/);
    const json = JSON.parse(readFileSync(join(out, 'impact.json'), 'utf8')) as { schemaVersion: number; runs: { with: { honestRestricted: number } }[] };
    expect(json.schemaVersion).toBe(1);
    expect(json.runs[0]!.with.honestRestricted).toBeGreaterThan(0);
  });

  it('reports a broken policy file as file:line:col with exit code 2', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: bad\ntrigger:\n  rules: [nope]\nactions: { freez: true }\n');
    const r = surveil(['eval', 'scenarios/whale-followers.yaml', '--policy', bad, '--seed', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3:11  trigger.rules[0]: no detector "nope"`);
    expect(r.stderr).toContain(`${bad}:4:12  actions: unknown key "freez" (did you mean "freeze"?)`);
  });
});
