/**
 * Writes sample reports for a person to look at (e.g. to screenshot the HTML
 * with a headless browser). Skipped unless REPORT_SAMPLE_DIR names a folder:
 *
 *   REPORT_SAMPLE_DIR=/tmp/report-sample npx vitest run test/report/sample-output.test.ts
 *   chromium --headless --no-sandbox --screenshot=/tmp/report.png --window-size=1400,3000 file:///tmp/report-sample/report.html
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { baselineOf, diffBaseline } from '../../src/evaluate/index.js';
import { metricsCsv, renderHtml, renderJunit, renderMarkdown } from '../../src/report/index.js';
import { scaledResults, suiteResults } from './fixture.js';
import { policyResults } from './fixture-policies.js';

const dir = process.env['REPORT_SAMPLE_DIR'];

it.skipIf(dir === undefined)('writes sample reports', () => {
  const out = dir!;
  mkdirSync(out, { recursive: true });
  const results = suiteResults();
  // A baseline that differs a little, so the changed-metrics sections show.
  const now = baselineOf(results);
  const before = { ...now, metrics: { ...now.metrics } };
  const keys = Object.keys(before.metrics);
  before.metrics[keys[0]!] = 1;
  before.metrics[keys[5]!] = 0.2;
  delete before.metrics[keys[20]!];
  before.metrics['retired-rule | * | rocAuc'] = 0.9;
  const diff = diffBaseline(before, now);
  writeFileSync(join(out, 'report.md'), renderMarkdown(results, { htmlPath: 'report.html', diff }));
  writeFileSync(join(out, 'report.html'), renderHtml(results, { diff }));
  writeFileSync(join(out, 'junit.xml'), renderJunit(results, { diff }));
  writeFileSync(join(out, 'metrics.csv'), metricsCsv(results));
  writeFileSync(join(out, 'policies.html'), renderHtml(policyResults()));
  writeFileSync(join(out, 'policies.md'), renderMarkdown(policyResults(), { htmlPath: 'policies.html' }));
  writeFileSync(join(out, 'large.html'), renderHtml(scaledResults(5, 20)));
  writeFileSync(join(out, 'large.md'), renderMarkdown(scaledResults(40, 3), { htmlPath: 'large.html' }));
});
