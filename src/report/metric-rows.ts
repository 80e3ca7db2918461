/**
 * The catalogue of numbers a report shows for one rule aggregate (a
 * rule x scenario cell, or a rule pooled over attack or organic scenarios):
 * one row per metric with its interval and sample size, and the kind that
 * decides how it is formatted. CSV, tables and diffs all read it, so a metric
 * has one name everywhere.
 */
import type { MeanInterval, ProportionInterval, RuleAggregate } from '../evaluate/index.js';
import { fmtDuration, fmtNumber, fmtRate, fmtScore } from './format.js';

export type MetricKind = 'rate' | 'ms' | 'count' | 'score';

export interface MetricRow {
  metric: string;
  value: number | null;
  low: number | null;
  high: number | null;
  /** Trials (proportions), denominator units (pooled ratios) or values (means). */
  n: number;
  kind: MetricKind;
}

const prop = (metric: string, p: ProportionInterval): MetricRow => ({ metric, value: p.rate, low: p.low, high: p.high, n: p.n, kind: 'rate' });
const mean = (metric: string, m: MeanInterval, kind: MetricKind): MetricRow => ({ metric, value: m.mean, low: m.low, high: m.high, n: m.n, kind });

/** Every metric of an aggregate, in a fixed order. */
export function aggregateRows(a: RuleAggregate): MetricRow[] {
  const rows: MetricRow[] = [
    { metric: 'runs', value: a.runs, low: null, high: null, n: a.runs, kind: 'count' },
    prop('detection', a.detection),
    prop('detectionSymbolOnly', a.detectionSymbolOnly),
    prop('beforeHarm', a.beforeHarm),
    prop('attackerNamed', a.attackerNamed),
    mean('latencyMs', a.latencyMs, 'ms'),
    { metric: 'latencyMedianMs', value: a.latencyMedianMs, low: null, high: null, n: a.latencyMs.n, kind: 'ms' },
  ];
  for (const role of ['attacker', 'victim', 'involved'] as const) {
    const s = a.accounts[role];
    rows.push({ metric: `${role}Precision`, value: s.precision.ratio, low: s.precision.low, high: s.precision.high, n: s.precision.denominator, kind: 'rate' });
    rows.push({ metric: `${role}Recall`, value: s.recall.ratio, low: s.recall.low, high: s.recall.high, n: s.recall.denominator, kind: 'rate' });
    rows.push({ metric: `${role}F1`, value: s.f1, low: null, high: null, n: s.recall.denominator, kind: 'rate' });
  }
  rows.push(
    mean('honestNamed', a.honestNamed, 'count'),
    { metric: 'honestNamedTotal', value: a.honestNamedTotal, low: null, high: null, n: a.runs, kind: 'count' },
    mean('honestNamedInOrganic', a.honestNamedInOrganic, 'count'),
    { metric: 'honestNamedInOrganicTotal', value: a.honestNamedInOrganicTotal, low: null, high: null, n: a.runs, kind: 'count' },
    mean('alertsPerMarketDay', a.alertsPerMarketDay, 'count'),
    mean('storyAlertsPerMarketDay', a.storyAlertsPerMarketDay, 'count'),
    mean('runScore', a.runScore, 'score'),
  );
  return rows;
}

/** How a metric named in a baseline diff or gate is formatted. */
export function kindOfMetric(metric: string): MetricKind {
  if (/(^|\.)(latencyMs|latencyMedianMs)$/.test(metric)) return 'ms';
  if (/(rocAuc|prAuc|runScore)$/.test(metric)) return 'score';
  if (/(detection|detectionSymbolOnly|beforeHarm|attackerNamed|Recall|Precision|F1)$/.test(metric)) return 'rate';
  return 'count';
}

export function fmtMetric(kind: MetricKind, x: number | null): string {
  switch (kind) {
    case 'rate':
      return fmtRate(x);
    case 'ms':
      return fmtDuration(x);
    case 'score':
      return fmtScore(x);
    case 'count':
      return fmtNumber(x);
  }
}
