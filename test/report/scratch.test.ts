import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { renderMarkdown, renderHtml, renderJunit, metricsCsv } from '../../src/report/index.js';
import { baselineOf, diffBaseline } from '../../src/evaluate/index.js';
import { suiteResults, scaledResults } from './fixture.js';
it('scratch', () => {
  const r = suiteResults();
  const b = baselineOf(r);
  const before = { ...b, metrics: { ...b.metrics } };
  const keys = Object.keys(before.metrics);
  before.metrics[keys[0]!] = 1; before.metrics[keys[5]!] = 0.2; before.metrics[keys[12]!] = 0.9; delete before.metrics[keys[20]!]; before.metrics['x | y | detection'] = 1;
  const diff = diffBaseline(before, b);
  const d = '/tmp/wt-report-out';
  writeFileSync(`${d}/report.md`, renderMarkdown(r, { htmlPath: 'report.html', diff }));
  writeFileSync(`${d}/report.html`, renderHtml(r, { diff }));
  writeFileSync(`${d}/junit.xml`, renderJunit(r, { diff }));
  writeFileSync(`${d}/metrics.csv`, metricsCsv(r));
  writeFileSync(`${d}/big.html`, renderHtml(scaledResults(5, 20)));
});
