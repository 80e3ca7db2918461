import { beforeAll, describe, expect, it } from 'vitest';
import { baselineOf, diffBaseline, type ScenarioSeries, type SuiteResults } from '../../src/evaluate/index.js';
import { escapeHtml, renderHtml } from '../../src/report/index.js';
import { HOSTILE_LABEL, scaledResults, suiteResults } from './fixture.js';
import { xmlProblems } from './xml-check.js';

let results: SuiteResults;
let html: string;

beforeAll(() => {
  results = suiteResults();
  const now = baselineOf(results);
  const before = { ...now, metrics: { ...now.metrics, 'gone | * | rocAuc': 0.9 } };
  html = renderHtml(results, { diff: diffBaseline(before, now), blessCommand: 'surveil baseline update "<suite>"' });
}, 300_000);

const svgs = (text: string) => [...text.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);

describe('renderHtml', () => {
  it('is one document that requests nothing from anywhere', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i); // protocol-relative URLs
    expect(html).not.toMatch(/\bsrc\s*=/i);
    expect(html).not.toMatch(/\bhref\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import/i);
    expect(html.replace(/url\(\s*['"]?data:/gi, '')).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<(iframe|object|embed|img|image|use|foreignObject)\b/i);
  });

  it('escapes scenario labels, suite text and command strings everywhere, attributes too', () => {
    expect(HOSTILE_LABEL).toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<script');
    expect(html).toContain(escapeHtml(HOSTILE_LABEL));
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('surveil baseline update &quot;&lt;suite&gt;&quot;');
    // No attribute value holds a raw < or an unescaped quote breaking out of it.
    for (const m of html.matchAll(/<[a-zA-Z][^>]*>/g)) expect(m[0]).toMatch(/^<[a-zA-Z][\w-]*(\s+[\w:-]+(="[^"<>]*")?)*\s*\/?>$/);
  });

  it('leads with the verdict and the gates', () => {
    const verdictAt = html.indexOf(`class="verdict ${results.verdict}"`);
    expect(verdictAt).toBeGreaterThan(0);
    expect(verdictAt).toBeLessThan(html.indexOf('id="gates"'));
    expect(html.indexOf('id="gates"')).toBeLessThan(html.indexOf('id="markets"'));
    for (const g of results.gates) expect(html).toContain(escapeHtml(g.name));
    expect(html).toContain('id="baseline"');
  });

  it('draws every chart kind as well-formed inline SVG', () => {
    const all = svgs(html);
    expect(all.filter((s) => s.startsWith('<svg class="chart market"')).length).toBeGreaterThanOrEqual(results.series.length);
    expect(all.filter((s) => s.startsWith('<svg class="chart roc"')).length).toBe(1);
    expect(all.filter((s) => s.startsWith('<svg class="chart heatmap"')).length).toBe(1);
    for (const s of all) expect(xmlProblems(s), s.slice(0, 80)).toEqual([]);
  });

  it('marks alerts with tooltips, shades incidents, marks the harm point and the story start', () => {
    const market = svgs(html).filter((s) => s.startsWith('<svg class="chart market"'));
    const attack = market.find((s) => s.includes('class="incident"') && s.includes('attack incident'))!;
    expect(attack).toBeDefined();
    expect(attack).toMatch(/class="harm"/);
    expect(attack).toMatch(/class="story"/);
    expect(attack).toMatch(/<polyline[^>]*class="price"/);
    expect(attack).toMatch(/class="vol-buy"/);
    const alerts = [...attack.matchAll(/class="alert"><title>([^<]*)<\/title>/g)].map((m) => m[1]!);
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0]).toMatch(/score/);
    expect(market.some((s) => s.includes('organic incident'))).toBe(true);
  });

  it('draws a ROC line per rule with its AUC, and a heat-map cell per rule x scenario', () => {
    const roc = svgs(html).find((s) => s.startsWith('<svg class="chart roc"'))!;
    expect(roc.match(/class="roc"/g)?.length).toBe(results.rules.filter((r) => r.separability.rocAuc !== null).length);
    for (const r of results.rules) expect(roc).toContain(`${escapeHtml(r.rule)}: ROC AUC`);
    const heat = svgs(html).find((s) => s.startsWith('<svg class="chart heatmap"'))!;
    expect(heat.match(/class="cell"/g)?.length).toBe(results.matrix.rules.length * results.matrix.scenarios.length);
  });

  it('holds the full tables', () => {
    for (const s of results.matrix.scenarios) expect(html).toContain(`<h3>${escapeHtml(s.name)} <span class="tag`);
    expect(html).toContain('Seeds and runs');
    for (const r of results.runs) expect(html).toContain(r.eventsSha256.slice(0, 16));
  });

  it('is deterministic', () => {
    const again = renderHtml(suiteResults(), { diff: diffBaseline({ ...baselineOf(results), metrics: { ...baselineOf(results).metrics, 'gone | * | rocAuc': 0.9 } }, baselineOf(results)), blessCommand: 'surveil baseline update "<suite>"' });
    expect(again).toBe(html);
    expect(renderHtml(JSON.parse(JSON.stringify(results)) as SuiteResults)).toBe(renderHtml(results));
  });

  it('downsamples long series to at most 600 bars', () => {
    const s = results.series[0]!;
    const long: ScenarioSeries = {
      ...s,
      storyStart: 0,
      incidents: [],
      alerts: [],
      bars: Array.from({ length: 5000 }, (_, i) => ({ t: i * s.barMs, open: 100 + (i % 7), high: 110 + (i % 7), low: 90, close: 101, qty: 3, quote: 300, trades: 1, buyQty: 2 })),
    };
    const page = renderHtml({ ...results, series: [long] });
    const line = /<polyline points="([^"]*)" class="price"/.exec(page)!;
    const points = line[1]!.split(' ').length;
    expect(points).toBeLessThanOrEqual(600);
    expect(points).toBeGreaterThan(300);
    expect(page).toContain('Bars merged to 9-minute buckets.');
  });

  it('stays small for ~10 scenarios x 10 rules x 20 seeds', () => {
    const big = scaledResults(5, 20);
    expect(big.matrix.scenarios.length).toBe(10);
    expect(big.runs.length).toBe(200);
    const page = renderHtml(big);
    expect(page.length).toBeLessThan(1_500_000);
  });
});
