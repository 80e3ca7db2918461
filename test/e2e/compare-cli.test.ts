/**
 * surveil compare / merge / check / baseline update, run as a user would:
 * outputs exist and parse, -j1 equals -j2, shards merge to the unsharded
 * bytes, the baseline gate fails on a regression and lists improvements,
 * gates set the exit code, an invalid suite writes nothing, and names from
 * scenario files are escaped in the HTML.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveil } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'surveil-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenarios = resolve('scenarios');
const XSS = '<script>alert(1)</script>';
const suiteText = (gates: string) => `name: e2e
description: two stories, two seeds, every rule
scenarios:
  - ${scenarios}/compromised-key-pump.yaml
  - file: ${scenarios}/whale-followers.yaml
    grid: { description: ["${XSS}"] }
seeds: 1-2
detectors: [all]
gates:
${gates}
`;
const PASSING = `  - { rule: composite, metric: detection, min: 0.5, level: error }
  - { rule: composite, metric: honestNamed, max: 1, level: error }`;
const suite = join(dir, 'e2e.yaml');
writeFileSync(suite, suiteText(PASSING));

const out = (name: string) => join(dir, name);
const read = (d: string, f: string) => readFileSync(join(d, f), 'utf8');
const FILES = ['results.json', 'metrics.csv', 'alerts.csv', 'report.md', 'report.html', 'junit.xml'];

describe('surveil compare', () => {
  beforeAll(() => {
    const r = surveil(['compare', suite, '-j', '2', '--out', out('j2')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 180_000);

  it('writes every output, parseable, with sorted keys and a schema version', () => {
    for (const f of [...FILES, 'manifest.json']) expect(existsSync(join(out('j2'), f)), f).toBe(true);
    const text = read(out('j2'), 'results.json');
    const results = JSON.parse(text) as { schemaVersion: number; runs: unknown[]; verdict: string; matrix: { scenarios: { name: string }[] } };
    expect(results.schemaVersion).toBe(1);
    expect(Object.keys(results)).toEqual([...Object.keys(results)].sort());
    expect(results.runs).toHaveLength(4);
    expect(results.verdict).toBe('pass');
    expect(results.matrix.scenarios.map((s) => s.name)).toEqual(['compromised-key-pump', `whale-followers[description=${XSS}]`]);
    expect(read(out('j2'), 'metrics.csv').split('\n')[0]).toBe('rule,scenario,metric,value,low,high,n');
    expect(read(out('j2'), 'alerts.csv').split('\n')[0]).toBe('run,t,seq,rule,symbol,score,accounts,evidence,explanation');
    expect(read(out('j2'), 'junit.xml')).toMatch(/^<\?xml[^>]*\?>\s*<testsuites/);
    const manifest = JSON.parse(read(out('j2'), 'manifest.json')) as { seeds: number[]; startedAt: string };
    expect(manifest.seeds).toEqual([1, 2]);
    expect(manifest.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('report.md leads with the verdict and folds the rest', () => {
    const md = read(out('j2'), 'report.md');
    expect(md.split('\n').find((l) => l.trim() !== '')).toMatch(/pass/i);
    expect(md).toContain('<details>');
  });

  it('report.html is self-contained and escapes names from scenario files', () => {
    const html = read(out('j2'), 'report.html');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<link\b|@import|\bsrc\s*=|url\(/i);
    expect(html).not.toContain(XSS);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<svg');
  });

  it('gives the same bytes with -j1 as with -j2', { timeout: 180_000 }, () => {
    const r = surveil(['compare', suite, '-j', '1', '--out', out('j1')]);
    expect(r.code).toBe(0);
    for (const f of FILES) expect(read(out('j1'), f), f).toBe(read(out('j2'), f));
  });

  it('merges shards into the bytes of the unsharded run', { timeout: 180_000 }, () => {
    for (const i of [1, 2, 3]) expect(surveil(['compare', suite, '-j', '1', '--shard', `${i}/3`, '--out', out(`s${i}`)]).code).toBe(0);
    const shard = JSON.parse(read(out('s1'), 'results.json')) as { shard: unknown; runs: unknown[] };
    expect(shard.shard).toEqual({ index: 1, count: 3 });
    expect(shard.runs).toHaveLength(2);
    const r = surveil(['merge', out('s3'), out('s1'), out('s2'), '--out', out('merged')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const f of FILES) expect(read(out('merged'), f), f).toBe(read(out('j2'), f));
    const incomplete = surveil(['merge', out('s1'), out('s2'), '--out', out('bad-merge')]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toContain('3/3 missing');
  });
});

describe('surveil check and baseline update', () => {
  const baseline = join(dir, 'baseline.json');
  const key = `composite | compromised-key-pump | detection`;

  beforeAll(() => {
    const r = surveil(['baseline', 'update', suite, '--baseline', baseline, '--from', out('j2')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);

  const withMetric = (value: number) => {
    const b = JSON.parse(readFileSync(baseline, 'utf8')) as { metrics: Record<string, number | null> };
    b.metrics[key] = value;
    const path = join(dir, `baseline-${value}.json`);
    writeFileSync(path, JSON.stringify(b));
    return path;
  };

  it('passes against its own baseline', () => {
    const r = surveil(['check', suite, '--baseline', baseline, '--from', out('j2'), '--out', out('check-same')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 regression(s), 0 improvement(s)');
    expect(r.stdout).toContain('check: passed');
  });

  it('fails on a regression, naming the metric with before, after and delta', () => {
    const actual = (JSON.parse(readFileSync(baseline, 'utf8')) as { metrics: Record<string, number> }).metrics[key]!;
    const r = surveil(['check', suite, '--baseline', withMetric(actual + 0.25), '--from', out('j2'), '--out', out('check-worse')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`REGRESSED  ${key}: ${actual + 0.25} -> ${actual} (-0.25)`);
    expect(read(out('check-worse'), 'junit.xml')).toContain('<failure');
  });

  it('lists an improvement with the command that blesses it, and passes', () => {
    const path = withMetric(0);
    const r = surveil(['check', suite, '--baseline', path, '--from', out('j2'), '--out', out('check-better')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`improved +${key.replace(/[|]/g, '\\|')}: 0 -> `));
    expect(r.stdout).toContain(`surveil baseline update ${suite} --baseline ${path}`);
  });

  it('under GitHub Actions prints annotations and writes the job summary', () => {
    const summary = join(dir, 'summary.md');
    const r = surveil(['check', suite, '--baseline', withMetric(1.5), '--from', out('j2'), '--out', out('check-gh')], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error title=regressed%3A detection::/m);
    expect(readFileSync(summary, 'utf8')).toBe(read(out('check-gh'), 'report.md'));
  });

  it('exits 1 when an error-level gate fails, 0 when only a warning does', { timeout: 60_000 }, () => {
    const failing = join(dir, 'failing.yaml');
    writeFileSync(failing, suiteText(`  - { rule: composite, metric: honestNamed, max: -1, level: error }`));
    const r = surveil(['check', failing, '--baseline', baseline, '--from', out('j2'), '--out', out('check-gate')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  composite honestNamed <= -1');
    const warning = join(dir, 'warning.yaml');
    writeFileSync(warning, suiteText(`  - { rule: composite, metric: honestNamed, max: -1, level: warn }`));
    const w = surveil(['check', warning, '--baseline', baseline, '--from', out('j2'), '--out', out('check-warn')]);
    expect(w.code).toBe(0);
    expect(w.stdout).toContain('verdict: warn');
  });

  it('says how to create a missing baseline (exit 2)', () => {
    const r = surveil(['check', suite, '--baseline', join(dir, 'none.json'), '--from', out('j2')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('surveil baseline update');
  });
});

describe('an invalid suite', () => {
  it('gets every problem with line and column, exit 2, and nothing written', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      `name: bad
description: broken on purpose
scenarios: [${scenarios}/quiet-market.yaml, nope.yaml]
seeds: 1-2
detectors:
  - no-such-rule
  - { detector: rush-orders, params: { minZ: "high" } }
gates:
  - { rule: composite, metric: recall, min: 1 }
colour: blue
`,
    );
    const r = surveil(['compare', bad, '--out', out('never')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/bad\.yaml:3:\d+ +scenarios\[1\]: no scenario file nope\.yaml/),
      expect.stringMatching(/bad\.yaml:6:5 +detectors\[0\]: no detector "no-such-rule"/),
      expect.stringMatching(/bad\.yaml:7:\d+ +detectors\[1\]\.params\.minZ: /),
      expect.stringMatching(/bad\.yaml:9:\d+ +gates\[0\]\.metric: /),
      expect.stringMatching(/bad\.yaml:10:1 +unknown key "colour"/),
    ]);
    expect(existsSync(out('never'))).toBe(false);
  });
});

describe('a composite without its inputs', () => {
  it('runs, with a warning naming the rules it would combine', { timeout: 120_000 }, () => {
    const lone = join(dir, 'lone.yaml');
    writeFileSync(lone, `name: lone\ndescription: composite alone\nscenarios: [${scenarios}/compromised-key-pump.yaml]\nseeds: 1\ndetectors: [composite, account-takeover]\n`);
    const r = surveil(['compare', lone, '-j', '1', '--out', out('lone')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('surveil: warning: composite combines the alerts of coordinated-burst, counterparty-concentration, deposit-linkage');
    expect(r.stderr).not.toContain('account-takeover,');
  });
});
