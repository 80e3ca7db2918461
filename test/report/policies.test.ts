import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPACT_FIELDS, type SuiteResults } from '../../src/evaluate/index.js';
import { escapeHtml, escapeMarkdown, METRICS_CSV_COLUMNS, metricsCsv, renderHtml, renderMarkdown } from '../../src/report/index.js';
import { GITHUB_COMMENT_LIMIT } from '../../src/report/index.js';
import { scaledResults, suiteResults } from './fixture.js';
import { FREEZE, HOSTILE_POLICY, policyResults, withPolicies } from './fixture-policies.js';
import { xmlProblems } from './xml-check.js';

let results: SuiteResults;
let html: string;
let md: string;

beforeAll(() => {
  results = policyResults();
  html = renderHtml(results);
  md = renderMarkdown(results, { htmlPath: 'report.html' });
}, 300_000);

const section = (page: string) => page.slice(page.indexOf('<section id="policies">'), page.indexOf('</section>', page.indexOf('<section id="policies">')));
const chart = (page: string) => /<svg class="chart policies"[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '';
/** First cells of a table's body rows. */
const firstCells = (table: string) => [...table.matchAll(/<tr(?: class="[^"]*")?><td>([^<]*)<\/td>/g)].map((m) => m[1]!);

describe('response policies in the reports', () => {
  it('builds the fixture: none first, per scenario and pooled', () => {
    expect(results.policies.map((p) => p.policy)[0]).toBe('none');
    expect(results.policies.some((p) => p.policy === HOSTILE_POLICY && p.scenario === '*organic')).toBe(true);
  });

  it('renders an HTML section with the pooled table, none first, amounts as BTC decimals', () => {
    const s = section(html);
    expect(s).toContain('<h2>Response policies</h2>');
    expect(html.indexOf('id="heatmap"')).toBeLessThan(html.indexOf('id="policies"'));
    const pooled = s.slice(s.indexOf('Pooled over'), s.indexOf('<details'));
    expect(firstCells(pooled)).toEqual(['none', FREEZE, escapeHtml(HOSTILE_POLICY)]);
    // none withdraws (36.16 + 30) / 2 BTC per attack run; freeze prevents all of it, the other policy 15.08 BTC.
    expect(pooled).toContain('33.08 BTC');
    expect(pooled).toContain('33.08 BTC (100%)');
    expect(pooled).toContain('15.08 BTC (46%)');
    expect(pooled).toContain('4.00 BTC'); // victims' net loss under the hostile policy
    expect(pooled).toContain('0.0123 · 0 BTC'); // quote unrecovered: attack · organic
    expect(pooled).toContain('4 · 3 h'); // honest restricted · hours per organic run
    expect(pooled).toContain('27 · 45 h'); // victims restricted · hours under freeze
    expect(pooled).not.toMatch(/\d{7,}/); // no raw satoshi
    // The per-scenario table is folded, one row per scenario x policy.
    const folded = s.slice(s.indexOf('<details'), s.indexOf('</details>'));
    expect(folded).toContain('<summary>Per scenario (policy × scenario)</summary>');
    expect(firstCells(folded).length).toBe(results.matrix.scenarios.length * 3);
  });

  it('shows policy gates with amounts in the quote asset', () => {
    const gates = html.slice(html.indexOf('id="gates"'), html.indexOf('</section>', html.indexOf('id="gates"')));
    expect(gates).toContain(`policy ${FREEZE}`);
    expect(gates).toContain('33.08 BTC');
    expect(gates).toContain('≥ 30.00 BTC');
    expect(gates).toContain('≤ 2');
    expect(gates).not.toContain('3000000000');
    expect(results.gates.find((g) => g.name === 'freeze stops 30 BTC a run')?.pass).toBe(true);
  });

  it('escapes policy names and descriptions everywhere', () => {
    expect(html).not.toContain('<b>keys</b>');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).toContain(escapeHtml(HOSTILE_POLICY));
    expect(html).toContain(escapeHtml('Revoke keys <script>alert(2)</script> & reverse "trades".'));
    for (const m of html.matchAll(/<[a-zA-Z][^>]*>/g)) expect(m[0]).toMatch(/^<[a-zA-Z][\w-]*(\s+[\w:-]+(="[^"<>]*")?)*\s*\/?>$/);
    expect(md).not.toContain('<b>keys</b>');
    expect(md).toContain(escapeMarkdown(HOSTILE_POLICY));
  });

  it('draws the trade-off chart: a point per policy with a tooltip, none at the origin, axes that say what they measure', () => {
    const svg = chart(html);
    expect(svg).not.toBe('');
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('attacker proceeds prevented per attack run (BTC)');
    expect(svg).toContain('restriction hours per organic run');
    const points = [...svg.matchAll(/<g class="policy-point">([\s\S]*?)<\/g>/g)].map((m) => m[1]!);
    expect(points.length).toBe(3);
    const tips = points.map((p) => /<title>([^<]*)<\/title>/.exec(p)![1]!);
    expect(tips.some((t) => t.startsWith('none: prevents 0 BTC'))).toBe(true);
    expect(tips.some((t) => t.startsWith(`${escapeHtml(HOSTILE_POLICY)}: prevents 15.08 BTC`))).toBe(true);
    expect(svg).not.toContain('<b>');
    // none sits where x = 0 hours (the frame's left edge) and y = 0 BTC (the zero axis line, or the bottom).
    const none = points.find((p) => p.includes('none: prevents'))!;
    const [cx, cy] = [Number(/cx="([^"]+)"/.exec(none)![1]), Number(/cy="([^"]+)"/.exec(none)![1])];
    const frame = /<rect x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)" class="frame"/.exec(svg)!.slice(1).map(Number);
    expect(cx).toBe(frame[0]);
    const zero = /<line x1="[^"]+" x2="[^"]+" y1="([^"]+)" y2="[^"]+" class="axis"/.exec(svg);
    expect(cy).toBe(zero === null ? frame[1]! + frame[3]! : Number(zero[1]));
  });

  it('adds a compact Markdown table after the rule x scenario table, the rest folded', () => {
    const at = md.indexOf('### Response policies');
    expect(at).toBeGreaterThan(md.indexOf('### Rules × scenarios'));
    const table = md.slice(at, md.indexOf('<sub>', at));
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
    expect(rows.length).toBe(4);
    expect(rows[1]!.startsWith('| none |')).toBe(true);
    expect(rows[2]).toContain('33.08 BTC (100%)');
    expect(md).toContain('<summary>Response policies in full, and per scenario</summary>');
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length);
  });

  it('writes policy rows to metrics.csv under the same header', () => {
    const csv = metricsCsv(results);
    expect(csv.split('\n')[0]).toBe(METRICS_CSV_COLUMNS.join(','));
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const policyRows = rows.filter((r) => r['rule']!.startsWith('policy:'));
    expect(policyRows.length).toBe(results.policies.length * (IMPACT_FIELDS.length + 4));
    expect([...new Set(policyRows.map((r) => r['rule']))]).toEqual(['policy:none', `policy:${FREEZE}`, `policy:${HOSTILE_POLICY}`]);
    const row = (policy: string, scenario: string, metric: string) => rows.find((r) => r['rule'] === `policy:${policy}` && r['scenario'] === scenario && r['metric'] === metric)!;
    expect(Number(row('none', '*attack', 'attackerProceedsWithdrawn')['value'])).toBe(3_308_000_000);
    expect(row('none', '*attack', 'attackerProceedsWithdrawn')['n']).toBe('2');
    expect(Number(row(FREEZE, '*attack', 'proceedsPrevented')['value'])).toBe(3_308_000_000);
    expect(Number(row(HOSTILE_POLICY, '*organic', 'honestRestrictionHours')['value'])).toBe(3);
    expect(row(HOSTILE_POLICY, '*organic', 'honestRestrictionHours')['low']).not.toBe('');
    expect(row(FREEZE, '*attack', 'quoteDecimals')['value']).toBe('8');
    expect(rows.some((r) => r['rule'] === 'policy:none' && r['scenario'] === results.matrix.scenarios[0]!.name)).toBe(true);
  });

  it('shows nothing about policies when the suite has none', () => {
    const plain = suiteResults();
    expect(renderHtml(plain)).not.toContain('id="policies"');
    expect(renderHtml(plain)).not.toContain('chart policies');
    expect(renderMarkdown(plain)).not.toContain('Response policies');
    expect(metricsCsv(plain)).not.toContain('policy:');
  });

  it('keeps a large suite with policies under the comment limit, and its HTML small', () => {
    const big = withPolicies(scaledResults(40, 3), []);
    expect(big.policies.length).toBe(3 * (80 + 2));
    const text = renderMarkdown(big, { htmlPath: 'report.html' });
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(text).toContain('### Response policies');
    expect(text.match(/<details>/g)?.length).toBe(text.match(/<\/details>/g)?.length);
    expect(renderHtml(withPolicies(scaledResults(5, 20), [])).length).toBeLessThan(1_500_000);
  });

  it('is deterministic', () => {
    const again = policyResults();
    expect(renderHtml(again)).toBe(html);
    expect(renderMarkdown(again, { htmlPath: 'report.html' })).toBe(md);
    expect(renderHtml(JSON.parse(JSON.stringify(results)) as SuiteResults)).toBe(html);
    expect(metricsCsv(again)).toBe(metricsCsv(results));
  });
});
