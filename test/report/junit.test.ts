import { beforeAll, describe, expect, it } from 'vitest';
import { baselineOf, diffBaseline, type Gate, type SuiteResults } from '../../src/evaluate/index.js';
import { renderJunit } from '../../src/report/index.js';
import { suiteInput, suiteResults } from './fixture.js';
import { xmlProblems } from './xml-check.js';

let results: SuiteResults;
let rule: string;
let attack: string;

function gate(g: Partial<Gate> & Pick<Gate, 'name' | 'metric' | 'level'>): Gate {
  return { rule, policy: null, scenarios: null, min: null, max: null, on: 'value', ...g };
}

beforeAll(() => {
  const input = suiteInput();
  rule = input.matrix.rules[0]!.name;
  attack = input.matrix.scenarios.find((s) => s.attack)!.name;
  results = suiteResults([
    gate({ name: 'impossible <recall> & more', metric: 'detection', min: 1.5, level: 'error' }),
    gate({ name: 'impossible warning', metric: 'detection', min: 1.5, level: 'warn' }),
    gate({ name: 'always true', metric: 'detection', min: 0, level: 'error' }),
  ]);
}, 300_000);

const cases = (xml: string) => [...xml.matchAll(/<testcase [^>]*>[\s\S]*?<\/testcase>/g)].map((m) => m[0]);

describe('renderJunit', () => {
  it('is well-formed XML with a gates suite, a testcase per gate', () => {
    const xml = renderJunit(results);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toMatch(/<testsuite name="gates" tests="3" failures="1" errors="0" skipped="1"/);
    expect(cases(xml).length).toBe(3);
    expect(xml).not.toContain('name="baseline"');
  });

  it('fails error-level gates, skips warn-level ones, passes the rest', () => {
    const [fail, warn, pass] = cases(renderJunit(results));
    expect(fail).toContain('name="impossible &lt;recall&gt; &amp; more"');
    expect(fail).toMatch(/<failure message="[^"]+" type="GateFailed">/);
    expect(warn).toMatch(/<skipped message="warning: /);
    expect(warn).not.toContain('<failure');
    expect(pass).not.toMatch(/<failure|<skipped/);
    expect(pass).toContain('<system-out>');
  });

  it('adds a baseline suite: regressions and removed metrics are failures', () => {
    const now = baselineOf(results);
    const before = { ...now, metrics: { ...now.metrics } };
    before.metrics[`${rule} | ${attack} | detection`] = (now.metrics[`${rule} | ${attack} | detection`] ?? 0) === 1 ? 0 : 1;
    before.metrics[`${rule} | ${attack} | honestNamed`] = 99;
    before.metrics['old-rule | * | rocAuc'] = 0.8;
    const diff = diffBaseline(before, now);
    const xml = renderJunit(results, { diff });
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toMatch(new RegExp(`<testsuite name="baseline" tests="${diff.changes.length}" failures="${diff.regressions}"`));
    const baseline = cases(xml.slice(xml.indexOf('name="baseline"')));
    expect(baseline.length).toBe(diff.changes.length);
    expect(baseline.filter((c) => c.includes('<failure')).length).toBe(diff.regressions);
    expect(baseline.find((c) => c.includes('old-rule'))).toContain('type="MetricRemoved"');
    expect(baseline.find((c) => c.includes('honestNamed'))).not.toContain('<failure');
  });

  it('is deterministic', () => {
    expect(renderJunit(suiteResults(results.gates.map((g) => ({ ...g, scenarios: null }))))).toBe(renderJunit(results));
  });
});
