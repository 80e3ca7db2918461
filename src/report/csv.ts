/**
 * metrics.csv: long format, one row per (rule, scenario, metric), columns
 * `rule,scenario,metric,value,low,high,n`. Rows: rules in matrix order; for
 * each rule its cells in scenario order, then the rule-level rows with
 * scenario `*`: `rocAuc` and `prAuc` (n = runs), then the pooled summaries
 * `attacks.<metric>` (over the attack scenarios' runs) and `organic.<metric>`
 * (over the organic ones). Metrics per aggregate: metric-rows.ts.
 * Response policies follow, with rule `policy:<name>` (`none`, the runs
 * without a policy, first): per scenario, then pooled over attack scenarios
 * (`*attack`) and organic ones (`*organic`): `runs`, every impact field
 * (mean with 95% interval over seeds, n = runs), `proceedsPrevented` and
 * `victimLossPrevented` against `none` at the same seed, and `quoteDecimals`.
 * Amounts are integer units of the quote asset (value / 10^quoteDecimals is
 * the amount in the asset). Numbers are
 * written in full precision (JavaScript's shortest round-trip form); a
 * missing value or bound is an empty field.
 */
import { stringify } from 'csv-stringify/sync';
import { ALL_SCENARIOS, IMPACT_FIELDS, type MeanInterval, type SuiteResults } from '../evaluate/index.js';
import { aggregateRows, type MetricRow } from './metric-rows.js';

export const METRICS_CSV_COLUMNS = ['rule', 'scenario', 'metric', 'value', 'low', 'high', 'n'] as const;

const num = (x: number | null) => (x === null || !Number.isFinite(x) ? '' : String(x));

/** The metrics CSV (module header). */
export function metricsCsv(results: SuiteResults): string {
  const rows: string[][] = [];
  const push = (rule: string, scenario: string, m: MetricRow, prefix = '') =>
    rows.push([rule, scenario, `${prefix}${m.metric}`, num(m.value), num(m.low), num(m.high), String(m.n)]);
  const byRule = new Map(results.rules.map((r) => [r.rule, r]));
  for (const { name: rule } of results.matrix.rules) {
    for (const s of results.matrix.scenarios) {
      const cell = results.cells.find((c) => c.rule === rule && c.scenario === s.name);
      if (cell !== undefined) for (const m of aggregateRows(cell)) push(rule, s.name, m);
    }
    const r = byRule.get(rule);
    if (r === undefined) continue;
    const n = r.separability.positives + r.separability.negatives;
    rows.push([rule, ALL_SCENARIOS, 'rocAuc', num(r.separability.rocAuc), '', '', String(n)]);
    rows.push([rule, ALL_SCENARIOS, 'prAuc', num(r.separability.prAuc), '', '', String(n)]);
    for (const m of aggregateRows(r.attacks)) push(rule, ALL_SCENARIOS, m, 'attacks.');
    for (const m of aggregateRows(r.organic)) push(rule, ALL_SCENARIOS, m, 'organic.');
  }
  // Response policies: rule `policy:<name>` (`none` first), per scenario then the pooled rows.
  const mean = (rule: string, scenario: string, metric: string, m: MeanInterval) =>
    rows.push([rule, scenario, metric, num(m.mean), num(m.low), num(m.high), String(m.n)]);
  for (const a of results.policies) {
    const rule = `policy:${a.policy}`;
    rows.push([rule, a.scenario, 'runs', String(a.runs), '', '', String(a.runs)]);
    for (const f of IMPACT_FIELDS) mean(rule, a.scenario, f, a.impact[f]);
    mean(rule, a.scenario, 'proceedsPrevented', a.proceedsPrevented);
    mean(rule, a.scenario, 'victimLossPrevented', a.victimLossPrevented);
    rows.push([rule, a.scenario, 'quoteDecimals', String(a.quoteDecimals), '', '', String(a.runs)]);
  }
  return stringify(rows, { header: true, columns: [...METRICS_CSV_COLUMNS], record_delimiter: '\n' });
}
