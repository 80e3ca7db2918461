import { beforeAll, describe, expect, it } from 'vitest';
import { buildSuiteResults, type SuiteResults } from '../../src/evaluate/index.js';
import { metricsCsv, renderHtml, renderJunit, renderMarkdown } from '../../src/report/index.js';
import { suiteInput } from './fixture.js';
import { xmlProblems } from './xml-check.js';

let empty: SuiteResults;
let bare: SuiteResults;

beforeAll(() => {
  const input = suiteInput();
  // A shard that computed nothing: the matrix, no runs, no series, no gates.
  empty = buildSuiteResults({ ...input, shard: { index: 2, count: 3 }, runs: [], series: [], gates: [] });
  // A series with no trades, no alerts and no incidents; only attack runs (organic ones left out).
  const s = input.series[0]!;
  bare = buildSuiteResults({
    ...input,
    runs: input.runs.filter((r) => r.attack),
    series: [{ ...s, bars: [], alerts: [], incidents: [] }],
    gates: [],
  });
}, 300_000);

describe('renderers on thin results', () => {
  it('render a matrix with no runs, series or gates', () => {
    const md = renderMarkdown(empty);
    expect(md.startsWith('## ✅ PASS')).toBe(true);
    expect(md).toContain('shard 2/3');
    const html = renderHtml(empty);
    expect(html).toContain('The suite has no gates.');
    expect(html).toContain('No series in these results.');
    expect(xmlProblems(renderJunit(empty))).toEqual([]);
    expect(metricsCsv(empty).trim()).toContain('rocAuc');
  });

  it('render a series without trades or alerts, and rules whose separability is undefined', () => {
    expect(bare.rules.every((r) => r.separability.rocAuc === null)).toBe(true);
    const html = renderHtml(bare);
    expect(html).toContain('no trades in this window');
    expect(html).toContain('no alerts in this window');
    expect(html).toContain('AUC n/a');
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
    expect(renderMarkdown(bare)).not.toMatch(/NaN|undefined|Infinity/);
    expect(metricsCsv(bare)).not.toMatch(/NaN|undefined|Infinity|null/);
  });
});
