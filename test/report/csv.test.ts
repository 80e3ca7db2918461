import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SuiteResults } from '../../src/evaluate/index.js';
import { METRICS_CSV_COLUMNS, metricsCsv } from '../../src/report/index.js';
import { HOSTILE_LABEL, suiteResults } from './fixture.js';

let results: SuiteResults;
let csv: string;
let rows: Record<string, string>[];

beforeAll(() => {
  results = suiteResults();
  csv = metricsCsv(results);
  rows = parse(csv, { columns: true }) as Record<string, string>[];
}, 300_000);

describe('metricsCsv', () => {
  it('has the header and one row per (rule, scenario, metric)', () => {
    expect(csv.split('\n')[0]).toBe(METRICS_CSV_COLUMNS.join(','));
    const keys = rows.map((r) => `${r['rule']}|${r['scenario']}|${r['metric']}`);
    expect(new Set(keys).size).toBe(keys.length);
    const perCell = rows.filter((r) => r['rule'] === results.cells[0]!.rule && r['scenario'] === results.cells[0]!.scenario).length;
    expect(perCell).toBeGreaterThan(15);
    // Cells, plus per rule: rocAuc, prAuc and the attack and organic pooled summaries.
    expect(rows.length).toBe(results.cells.length * perCell + results.rules.length * (2 + 2 * perCell));
  });

  it('writes the numbers of the results, with intervals and sample sizes', () => {
    const c = results.cells.find((x) => x.detection.n > 0)!;
    const row = rows.find((r) => r['rule'] === c.rule && r['scenario'] === c.scenario && r['metric'] === 'detection')!;
    expect(Number(row['value'])).toBe(c.detection.rate);
    expect(Number(row['low'])).toBe(c.detection.low);
    expect(Number(row['high'])).toBe(c.detection.high);
    expect(Number(row['n'])).toBe(c.detection.n);
    const r0 = results.rules[0]!;
    const auc = rows.find((r) => r['rule'] === r0.rule && r['scenario'] === '*' && r['metric'] === 'rocAuc')!;
    expect(Number(auc['value'])).toBe(r0.separability.rocAuc);
    expect(rows.some((r) => r['scenario'] === '*' && r['metric'] === 'attacks.detection')).toBe(true);
    expect(rows.some((r) => r['scenario'] === '*' && r['metric'] === 'organic.honestNamed')).toBe(true);
    // Missing values are empty fields, never "null" or "NaN".
    expect(csv).not.toMatch(/null|NaN|undefined/);
  });

  it('quotes labels that need it and keeps them intact', () => {
    expect(rows.some((r) => r['scenario'] === HOSTILE_LABEL)).toBe(true);
  });

  it('is in matrix order and deterministic', () => {
    const ruleOrder = [...new Set(rows.map((r) => r['rule']))];
    expect(ruleOrder).toEqual(results.matrix.rules.map((r) => r.name));
    expect(metricsCsv(suiteResults())).toBe(csv);
  });
});
