/**
 * JUnit XML for CI test panels. One `<testsuite name="gates">` with a
 * testcase per gate, and, when a baseline diff is given, one
 * `<testsuite name="baseline">` with a testcase per changed metric.
 *
 * - An error-level gate that fails is a `<failure>`: it fails the suite.
 * - A warn-level gate that fails is `<skipped message="...">`: CI panels
 *   (GitHub, GitLab, Jenkins) show skipped cases as visible but not failing,
 *   which is what a warning is. The detail goes in the message, and the
 *   gate's measurement is in `<system-out>` for every gate.
 * - A regressed or removed metric is a `<failure>`; improvements and new
 *   metrics pass, with before → after in `<system-out>` (they still need a
 *   bless, but they are not failures).
 *
 * No timestamps or durations (time="0"), so the file is deterministic.
 */
import type { GateResult, MetricChange, SuiteResults } from '../evaluate/index.js';
import { escapeXml } from './escape.js';
import { fmtMetric, kindOfMetric } from './metric-rows.js';
import type { JunitOptions } from './options.js';
import { fmtDelta } from './tables.js';

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; type: string; body: string };
  skipped?: string;
  out: string;
}

const attr = (name: string, value: string | number) => ` ${name}="${escapeXml(String(value))}"`;

function caseXml(c: Case): string {
  const lines = [`    <testcase${attr('classname', c.classname)}${attr('name', c.name)}${attr('time', 0)}>`];
  if (c.failure) lines.push(`      <failure${attr('message', c.failure.message)}${attr('type', c.failure.type)}>${escapeXml(c.failure.body)}</failure>`);
  if (c.skipped !== undefined) lines.push(`      <skipped${attr('message', c.skipped)}/>`);
  lines.push(`      <system-out>${escapeXml(c.out)}</system-out>`, '    </testcase>');
  return lines.join('\n');
}

function suiteXml(name: string, cases: readonly Case[]): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const head = `  <testsuite${attr('name', name)}${attr('tests', cases.length)}${attr('failures', failures)}${attr('errors', 0)}${attr('skipped', skipped)}${attr('time', 0)}>`;
  return [head, ...cases.map(caseXml), '  </testsuite>'].join('\n');
}

function gateCase(g: GateResult): Case {
  const value = g.value === null ? 'no data' : fmtMetric(kindOfMetric(g.metric), g.value);
  const out = `${g.level} gate on ${g.rule} ${g.metric} over ${g.runs} runs of ${g.scenarios.join(', ')}: ${g.detail} (value ${value})`;
  const c: Case = { classname: `gates.${g.rule}`, name: g.name, out };
  if (!g.pass && g.level === 'error') c.failure = { message: g.detail, type: 'GateFailed', body: out };
  if (!g.pass && g.level === 'warn') c.skipped = `warning: ${g.detail}`;
  return c;
}

function changeCase(ch: MetricChange): Case {
  const k = kindOfMetric(ch.metric);
  const text = `${ch.kind}: ${ch.key}: ${fmtMetric(k, ch.before)} → ${fmtMetric(k, ch.after)} (${fmtDelta(ch)})`;
  const c: Case = { classname: `baseline.${ch.rule}`, name: `${ch.scenario} | ${ch.metric}`, out: text };
  if (ch.kind === 'regressed' || ch.kind === 'removed') c.failure = { message: text, type: ch.kind === 'removed' ? 'MetricRemoved' : 'MetricRegressed', body: text };
  return c;
}

/** The JUnit XML report (module header). */
export function renderJunit(results: SuiteResults, options: JunitOptions = {}): string {
  const suites = [suiteXml('gates', results.gates.map(gateCase))];
  if (options.diff) suites.push(suiteXml('baseline', options.diff.changes.map(changeCase)));
  const cases = results.gates.length + (options.diff ? options.diff.changes.length : 0);
  const failures = results.gates.filter((g) => !g.pass && g.level === 'error').length + (options.diff ? options.diff.regressions : 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attr('name', `surveil: ${results.suite.name}`)}${attr('tests', cases)}${attr('failures', failures)}${attr('errors', 0)}${attr('time', 0)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
