import { beforeAll, describe, expect, it } from 'vitest';
import { baselineOf, diffBaseline, type BaselineDiff, type SuiteResults } from '../../src/evaluate/index.js';
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from '../../src/report/index.js';
import { HOSTILE_LABEL, scaledResults, suiteResults } from './fixture.js';

let results: SuiteResults;
let diff: BaselineDiff;

beforeAll(() => {
  results = suiteResults();
  // A baseline that differs from the results in a regression, an improvement and a removed key.
  const now = baselineOf(results);
  const [ruleA] = results.matrix.rules.map((r) => r.name);
  const attack = results.matrix.scenarios.find((s) => s.attack)!.name;
  const before = { ...now, metrics: { ...now.metrics } };
  before.metrics[`${ruleA} | ${attack} | detection`] = (now.metrics[`${ruleA} | ${attack} | detection`] ?? 0) === 1 ? 0.5 : 1;
  before.metrics[`${ruleA} | ${attack} | honestNamed`] = 7;
  before.metrics['gone-rule | * | rocAuc'] = 0.9;
  diff = diffBaseline(before, now);
}, 300_000);

describe('renderMarkdown', () => {
  it('starts with the verdict and lists failed gates, errors first', () => {
    const md = renderMarkdown(results);
    expect(md.startsWith(`## ${results.verdict === 'fail' ? '❌ FAIL' : results.verdict === 'warn' ? '⚠️ WARN' : '✅ PASS'}`)).toBe(true);
    const failed = results.gates.filter((g) => !g.pass);
    expect(failed.length).toBeGreaterThan(0);
    const firstLines = md.slice(0, md.indexOf('### Rules'));
    for (const g of failed) expect(firstLines).toContain(g.name.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    const errorAt = firstLines.indexOf('**error**');
    const warnAt = firstLines.indexOf('**warn**');
    if (errorAt >= 0 && warnAt >= 0) expect(errorAt).toBeLessThan(warnAt);
  });

  it('has the rule x scenario table with a row per rule and a column per scenario', () => {
    const md = renderMarkdown(results);
    const table = md.slice(md.indexOf('### Rules × scenarios'), md.indexOf('<sub>'));
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
    expect(rows.length).toBe(1 + results.matrix.rules.length);
    expect(rows[0]!.split(' | ').length).toBe(results.matrix.scenarios.length + 2);
    for (const r of results.matrix.rules) expect(rows.some((l) => l.startsWith(`| ${r.name.replace(/[-_*]/g, (c) => (c === '-' ? '-' : `\\${c}`))} |`))).toBe(true);
    // Attack cells read "detected · before harm · honest", organic cells "honest · alerts/day".
    for (const row of rows.slice(1)) {
      expect(row).toMatch(/\| \d+%( \(symbol-only \d+%\))? · \d+% · [\d.]+ honest \|/);
      expect(row).toMatch(/\| [\d.]+ honest · [\d.]+\/d \|/);
    }
    expect(rows.some((r) => r.includes('symbol-only'))).toBe(true);
  });

  it('folds the rest in <details>', () => {
    const md = renderMarkdown(results);
    const opened = md.match(/<details>/g)?.length ?? 0;
    expect(opened).toBeGreaterThanOrEqual(4);
    expect(md.match(/<\/details>/g)?.length).toBe(opened);
    expect(md).toContain('Per-rule separability');
    expect(md).toContain('Per-scenario detail with 95% intervals');
    expect(md).toContain('Seeds and runs');
    expect(md.indexOf('<details>')).toBeGreaterThan(md.indexOf('### Rules × scenarios'));
  });

  it('escapes scenario labels and suite text', () => {
    const md = renderMarkdown(results, { diff });
    expect(md).not.toContain('<script');
    expect(md).not.toContain('<b>');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(HOSTILE_LABEL).toContain('<script>');
  });

  it('shows changed metrics only, regressions first, with the bless command', () => {
    const md = renderMarkdown(results, { diff, blessCommand: 'surveil baseline update suites/ci.yaml' });
    expect(md.indexOf(`Baseline: ${diff.regressions} regressed`)).toBeLessThan(md.indexOf('### Rules'));
    const section = md.slice(md.indexOf('### Changed against the baseline'));
    expect(section).toContain(`${diff.regressions} regressed, ${diff.improvements} improved`);
    expect(section.indexOf('**Regressions**')).toBeLessThan(section.indexOf('**Improvements**'));
    expect(section).toContain('gone-rule');
    expect(section).toMatch(/→/);
    expect(section).toContain('```sh\nsurveil baseline update suites/ci.yaml\n```');
    // Only the changed keys: rows in the section equal the changes (plus two header rows per table).
    const tables = section.slice(0, section.indexOf('If these changes')).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| rule |') && !l.startsWith('| ---'));
    expect(tables.length).toBe(diff.changes.length);
  });

  it('says so when nothing changed', () => {
    const same = diffBaseline(baselineOf(results), baselineOf(results));
    expect(renderMarkdown(results, { diff: same })).toContain('No metric changed');
  });

  it('points to the HTML report when given its path', () => {
    expect(renderMarkdown(results, { htmlPath: '.surveil/runs/x/report.html' })).toContain('`.surveil/runs/x/report.html`');
  });

  it('is deterministic', () => {
    const again = suiteResults();
    expect(renderMarkdown(again, { diff })).toBe(renderMarkdown(results, { diff }));
    const roundTripped = JSON.parse(JSON.stringify(results)) as SuiteResults;
    expect(renderMarkdown(roundTripped, { diff })).toBe(renderMarkdown(results, { diff }));
  });

  it('stays under the GitHub comment limit, truncating with a note and closing <details>', () => {
    const big = scaledResults(40, 3);
    const md = renderMarkdown(big, { htmlPath: 'report.html' });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT / 2);
    expect(md).toContain('**Truncated:**');
    expect(md.startsWith('## ')).toBe(true);
    expect(md.match(/<details>/g)?.length ?? 0).toBe(md.match(/<\/details>/g)?.length ?? 0);
  });
});
