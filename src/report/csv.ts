/**
 * metrics.csv: long format, one row per (rule, scenario, metric), columns
 * `rule,scenario,metric,value,low,high,n`. Rows: rules in matrix order; for
 * each rule its cells in scenario order, then the rule-level rows with
 * scenario `*`: `rocAuc` and `prAuc` (n = runs), then the pooled summaries
 * `attacks.<metric>` (over the attack scenarios' runs) and `organic.<metric>`
 * (over the organic ones). Metrics per aggregate: metric-rows.ts. Numbers are
 * written in full precision (JavaScript's shortest round-trip form); a
 * missing value or bound is an empty field.
 */
import { stringify } from 'csv-stringify/sync';
import { ALL_SCENARIOS, type SuiteResults } from '../evaluate/index.js';
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
  return stringify(rows, { header: true, columns: [...METRICS_CSV_COLUMNS], record_delimiter: '\n' });
}
