/**
 * Gates: the accuracy a suite promises, checked on every run. A gate names a
 * rule, a metric, a bound (min and/or max) and a level; error-level failures
 * fail the suite, warn-level ones are reported. The metric is computed over the
 * runs of the gate's scenarios pooled together (by default the scenarios the
 * metric is about: attack scenarios for catching metrics, every scenario for
 * harm metrics), with the same aggregation as the report's tables, so a gate
 * and the cell it reads agree.
 */
import { type RuleAggregate, aggregateRule } from './aggregate.js';
import type { RuleRunMetrics } from './metrics.js';
import { separability } from './sweep.js';
import { type RunImpacts, policyAggregates } from './suite-policies.js';

/** What a gate can bound. `Higher` metrics are better when larger, `lower` ones when smaller. */
export const GATE_METRICS = {
  /** Share of attack incidents detected (an alert in the window naming an involved account). */
  detection: 'higher',
  /** Share of attack incidents with a harm point detected before it. */
  beforeHarm: 'higher',
  /** Share of attack runs whose attacker account was named. */
  attackerNamed: 'higher',
  /** Victims named / victims involved, pooled. */
  victimRecall: 'higher',
  /** Attackers and victims named / all accounts named in attack windows, pooled. */
  involvedPrecision: 'higher',
  /** Mean latency from incident start to the first qualifying alert, ms. */
  latencyMs: 'lower',
  /** Median of the same. */
  latencyMedianMs: 'lower',
  /** Distinct honest accounts named per run (mean). */
  honestNamed: 'lower',
  /** Honest accounts named inside organic incidents per run (mean). */
  honestNamedInOrganic: 'lower',
  /** Alerts per market-day after the warm-up (mean over runs). */
  alertsPerMarketDay: 'lower',
  /** Attack runs against organic runs by run score: ROC AUC. */
  rocAuc: 'higher',
  /** The same as average precision. */
  prAuc: 'higher',
  // Response policies (gates with `policy`): means over seeds of the closed-loop runs.
  /** Attacker proceeds actually withdrawn, quote units. */
  attackerProceedsWithdrawn: 'lower',
  /** Proceeds withdrawn without the policy minus with it, same seed, quote units. */
  proceedsPrevented: 'higher',
  /** Victims' loss (pre-attack prices) net of what reversals gave back, quote units. */
  victimLossNet: 'lower',
  /** Honest accounts under a restriction at some point. */
  honestRestricted: 'lower',
  /** Hours honest accounts spent restricted: the customer-harm measure. */
  honestRestrictionHours: 'lower',
  /** Hours victims' own funds were held. */
  victimRestrictionHours: 'lower',
  /** Hours the symbol was halted. */
  haltHours: 'lower',
} as const;

/** Metrics that measure a response policy (a gate on one names the policy). */
export const POLICY_GATE_METRICS: ReadonlySet<GateMetric> = new Set([
  'attackerProceedsWithdrawn',
  'proceedsPrevented',
  'victimLossNet',
  'honestRestricted',
  'honestRestrictionHours',
  'victimRestrictionHours',
  'haltHours',
]);

export type GateMetric = keyof typeof GATE_METRICS;

export interface Gate {
  name: string;
  /** The rule measured; null for a policy gate. */
  rule: string | null;
  /** The response policy measured (`none` for the runs without one); null for a rule gate. */
  policy: string | null;
  metric: GateMetric;
  /** Scenario labels pooled; null for the metric's default set. */
  scenarios: readonly string[] | null;
  min: number | null;
  max: number | null;
  /** Compare the estimate, or the low or high end of its 95% interval. */
  on: 'value' | 'low' | 'high';
  level: 'error' | 'warn';
}

export interface GateResult {
  name: string;
  rule: string | null;
  policy: string | null;
  metric: GateMetric;
  scenarios: string[];
  min: number | null;
  max: number | null;
  on: 'value' | 'low' | 'high';
  level: 'error' | 'warn';
  /** The number compared; null when the runs hold no data for it (the gate then fails). */
  value: number | null;
  runs: number;
  pass: boolean;
  /** One line: what was measured against what. */
  detail: string;
}

/** What gates read: the matrix, the runs and (for rule lookups) the rule order. */
export interface GateContext {
  matrix: { scenarios: readonly { name: string; attack: boolean }[]; rules: readonly { name: string }[] };
  runs: readonly (RunImpacts & { metrics: readonly RuleRunMetrics[] })[];
  rules: readonly { rule: string }[];
}

/** Metrics about catching attacks default to the attack scenarios; the rest to all of them. */
const ATTACK_METRICS: ReadonlySet<GateMetric> = new Set([
  'detection',
  'beforeHarm',
  'attackerNamed',
  'victimRecall',
  'involvedPrecision',
  'latencyMs',
  'latencyMedianMs',
  'attackerProceedsWithdrawn',
  'proceedsPrevented',
  'victimLossNet',
]);

type Estimate = { value: number | null; low: number | null; high: number | null };

function estimate(metric: GateMetric, a: RuleAggregate, ms: readonly { attack: boolean; m: RuleRunMetrics }[]): Estimate {
  const p = (x: { rate: number | null; low: number | null; high: number | null }): Estimate => ({ value: x.rate, low: x.low, high: x.high });
  const r = (x: { ratio: number | null; low: number | null; high: number | null }): Estimate => ({ value: x.ratio, low: x.low, high: x.high });
  const m = (x: { mean: number | null; low: number | null; high: number | null }): Estimate => ({ value: x.mean, low: x.low, high: x.high });
  switch (metric) {
    case 'detection':
      return p(a.detection);
    case 'beforeHarm':
      return p(a.beforeHarm);
    case 'attackerNamed':
      return p(a.attackerNamed);
    case 'victimRecall':
      return r(a.accounts.victim.recall);
    case 'involvedPrecision':
      return r(a.accounts.involved.precision);
    case 'latencyMs':
      return m(a.latencyMs);
    case 'latencyMedianMs':
      return { value: a.latencyMedianMs, low: null, high: null };
    case 'honestNamed':
      return m(a.honestNamed);
    case 'honestNamedInOrganic':
      return m(a.honestNamedInOrganic);
    case 'alertsPerMarketDay':
      return m(a.storyAlertsPerMarketDay);
    default:
      return { value: null, low: null, high: null };
    case 'rocAuc':
    case 'prAuc': {
      const s = separability(ms.map((x) => ({ positive: x.attack, score: x.m.runScore })));
      const v = metric === 'rocAuc' ? s.rocAuc : s.prAuc;
      return { value: v, low: null, high: null };
    }
  }
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(4));

/** Checks every gate against the runs. */
export function evaluateGates(gates: readonly Gate[], ctx: GateContext): GateResult[] {
  return gates.map((g) => {
    const scenarios =
      g.scenarios !== null
        ? [...g.scenarios]
        : ctx.matrix.scenarios.filter((s) => !ATTACK_METRICS.has(g.metric) || s.attack).map((s) => s.name);
    const wanted = new Set(scenarios);
    if (g.policy !== null) return policyGate(g, scenarios, ctx.runs.filter((r) => wanted.has(r.scenario)));
    const ruleIndex = ctx.matrix.rules.findIndex((r) => r.name === g.rule);
    const picked = ctx.runs
      .filter((r) => wanted.has(r.scenario))
      .map((r) => ({ attack: r.attack, m: r.metrics[ruleIndex]! }))
      .filter((x) => x.m !== undefined);
    const base = { name: g.name, rule: g.rule, policy: null, metric: g.metric, scenarios, min: g.min, max: g.max, on: g.on, level: g.level, runs: picked.length };
    if (ruleIndex < 0) return { ...base, value: null, pass: false, detail: `no rule ${g.rule} in the matrix` };
    const agg = aggregateRule(
      g.rule!,
      picked.map((x) => x.m),
      { path: ['gate', g.name] },
    );
    const est = estimate(g.metric, agg, picked);
    const value = g.on === 'value' ? est.value : g.on === 'low' ? est.low : est.high;
    return judge(g, base, value, picked.length);
  });
}

function judge(g: Gate, base: Omit<GateResult, 'value' | 'pass' | 'detail'>, value: number | null, runs: number, show: (x: number) => string = fmt): GateResult {
  const what = g.on === 'value' ? g.metric : `${g.on} end of the 95% interval of ${g.metric}`;
  if (value === null) return { ...base, value, pass: false, detail: `${what}: no data in ${runs} runs` };
  const okMin = g.min === null || value >= g.min;
  const okMax = g.max === null || value <= g.max;
  const bound = [g.min !== null ? `>= ${show(g.min)}` : null, g.max !== null ? `<= ${show(g.max)}` : null].filter(Boolean).join(' and ');
  return { ...base, value, pass: okMin && okMax, detail: `${what} = ${show(value)} over ${runs} runs, needs ${bound}` };
}

/** A gate on a response policy: the impact metric's mean over the chosen scenarios' seeds (the runs pooled). */
function policyGate(g: Gate, scenarios: string[], runs: readonly RunImpacts[]): GateResult {
  const base = { name: g.name, rule: null, policy: g.policy, metric: g.metric, scenarios, min: g.min, max: g.max, on: g.on, level: g.level, runs: 0 };
  if (!POLICY_GATE_METRICS.has(g.metric)) return { ...base, value: null, pass: false, detail: `${g.metric} is not a policy metric` };
  const agg = policyAggregates([g.policy!], ['gate'], runs.map((r) => ({ ...r, scenario: 'gate' }))).find((a) => a.policy === g.policy && a.scenario === 'gate');
  if (agg === undefined) return { ...base, value: null, pass: false, detail: `no runs of policy ${g.policy} in ${scenarios.join(', ')}` };
  const m = g.metric === 'proceedsPrevented' ? agg.proceedsPrevented : agg.impact[g.metric as Exclude<keyof typeof agg.impact, 'runs'>];
  const value = g.on === 'value' ? m.mean : g.on === 'low' ? m.low : m.high;
  // Money is in the quote asset's smallest unit (as the bounds are written); the detail shows both.
  const money = g.metric === 'attackerProceedsWithdrawn' || g.metric === 'proceedsPrevented' || g.metric === 'victimLossNet';
  const show = money ? (x: number) => `${fmt(x)} (${fmt(x / 10 ** agg.quoteDecimals)} ${agg.quoteAsset})` : fmt;
  return judge(g, { ...base, runs: agg.runs }, value, agg.runs, show);
}

/** fail when an error-level gate fails, warn when only warn-level ones do. */
export function verdictOf(gates: readonly GateResult[]): 'pass' | 'warn' | 'fail' {
  if (gates.some((g) => !g.pass && g.level === 'error')) return 'fail';
  if (gates.some((g) => !g.pass)) return 'warn';
  return 'pass';
}
