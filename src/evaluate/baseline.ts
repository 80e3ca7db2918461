/**
 * Baselines: a suite's metrics, flattened to `rule | scenario | metric` keys,
 * committed so CI can compare a new run with them exactly. Runs are
 * deterministic, so any difference is a real change: each is classified by the
 * metric's direction (GATE_METRICS) as an improvement or a regression, and a
 * key that disappeared counts as a regression (the suite measures less than it
 * did). A baseline changes only when someone blesses it (`surveil baseline
 * update`), never by itself.
 */
import { GATE_METRICS, type GateMetric } from './gates.js';
import type { SuiteResults } from './suite-results.js';

export const BASELINE_FORMAT = 'surveil-baseline';
export const BASELINE_VERSION = 1;

export interface Baseline {
  format: typeof BASELINE_FORMAT;
  version: number;
  suite: string;
  /** `rule | scenario | metric` → value (null: no data, e.g. no attack to be late for). */
  metrics: Record<string, number | null>;
}

/** Metrics a baseline pins per cell (rule x scenario); ROC and PR AUC are pinned per rule. */
const CELL_METRICS = [
  'detection',
  'beforeHarm',
  'attackerNamed',
  'victimRecall',
  'latencyMs',
  'honestNamed',
  'honestNamedInOrganic',
  'alertsPerMarketDay',
] as const satisfies readonly GateMetric[];

/** Impact fields a baseline pins per policy and scenario. */
const POLICY_BASELINE_FIELDS = ['attackerProceedsWithdrawn', 'victimLossNet', 'honestRestricted', 'honestRestrictionHours', 'victimRestrictionHours', 'haltHours'] as const;

export const metricKey = (rule: string, scenario: string, metric: GateMetric) => `${rule} | ${scenario} | ${metric}`;
/** The scenario column of rule-level metrics. */
export const ALL_SCENARIOS = '*';

/** The metrics of a suite's results as a baseline. */
export function baselineOf(results: SuiteResults): Baseline {
  const metrics: Record<string, number | null> = {};
  for (const c of results.cells) {
    const v: Record<(typeof CELL_METRICS)[number], number | null> = {
      detection: c.detection.rate,
      beforeHarm: c.beforeHarm.rate,
      attackerNamed: c.attackerNamed.rate,
      victimRecall: c.accounts.victim.recall.ratio,
      latencyMs: c.latencyMs.mean,
      honestNamed: c.honestNamed.mean,
      honestNamedInOrganic: c.honestNamedInOrganic.mean,
      alertsPerMarketDay: c.storyAlertsPerMarketDay.mean,
    };
    for (const m of CELL_METRICS) metrics[metricKey(c.rule, c.scenario, m)] = v[m];
  }
  for (const r of results.rules) {
    metrics[metricKey(r.rule, ALL_SCENARIOS, 'rocAuc')] = r.separability.rocAuc;
    metrics[metricKey(r.rule, ALL_SCENARIOS, 'prAuc')] = r.separability.prAuc;
  }
  // Response policies: what each saved and whom it hurt, per scenario (keys `policy:<name> | scenario | metric`).
  for (const p of results.policies) {
    const subject = `policy:${p.policy}`;
    metrics[metricKey(subject, p.scenario, 'proceedsPrevented')] = p.proceedsPrevented.mean;
    for (const m of POLICY_BASELINE_FIELDS) metrics[metricKey(subject, p.scenario, m)] = p.impact[m].mean;
  }
  return { format: BASELINE_FORMAT, version: BASELINE_VERSION, suite: results.suite.name, metrics };
}

export type ChangeKind = 'improved' | 'regressed' | 'added' | 'removed';

export interface MetricChange {
  key: string;
  rule: string;
  scenario: string;
  metric: string;
  before: number | null;
  after: number | null;
  /** after − before when both are numbers. */
  delta: number | null;
  kind: ChangeKind;
}

export interface BaselineDiff {
  compared: number;
  changes: MetricChange[];
  regressions: number;
  improvements: number;
}

/**
 * Which way a change goes. null → number is an improvement for a
 * higher-is-better metric when the number exists at all (e.g. a detection now
 * measured); for lower-is-better metrics a new number where there was none is
 * a regression only when it is above 0.
 */
function direction(metric: string, before: number | null, after: number | null): 'improved' | 'regressed' {
  const better = GATE_METRICS[metric as GateMetric] ?? 'higher';
  if (before === null) return better === 'higher' || after === 0 ? 'improved' : 'regressed';
  if (after === null) return better === 'higher' ? 'regressed' : 'improved';
  const up = after > before;
  return (better === 'higher') === up ? 'improved' : 'regressed';
}

/** Every key whose value differs, exactly; keys in sorted order. */
export function diffBaseline(before: Baseline, after: Baseline): BaselineDiff {
  const keys = [...new Set([...Object.keys(before.metrics), ...Object.keys(after.metrics)])].sort();
  const changes: MetricChange[] = [];
  for (const key of keys) {
    const [rule = '', scenario = '', metric = ''] = key.split(' | ');
    const inBefore = Object.hasOwn(before.metrics, key);
    const inAfter = Object.hasOwn(after.metrics, key);
    const b = inBefore ? before.metrics[key]! : null;
    const a = inAfter ? after.metrics[key]! : null;
    if (inBefore && inAfter && a === b) continue;
    const kind: ChangeKind = !inBefore ? 'added' : !inAfter ? 'removed' : direction(metric, b, a);
    changes.push({ key, rule, scenario, metric, before: b, after: a, delta: a !== null && b !== null ? a - b : null, kind });
  }
  return {
    compared: keys.length,
    changes,
    regressions: changes.filter((c) => c.kind === 'regressed' || c.kind === 'removed').length,
    improvements: changes.filter((c) => c.kind === 'improved').length,
  };
}
