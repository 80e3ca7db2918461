/**
 * The results of a suite: every run's per-rule metrics, and what is derived
 * from them (rule x scenario aggregates, per-rule separability of attack runs
 * from organic runs, gate outcomes, the verdict). Everything derived is a pure
 * function of the runs, so a merge of shards rebuilds exactly what an
 * unsharded run computes, and `-j1` equals `-j2`.
 *
 * Scenario "names" here are suite labels: the scenario's name, plus the grid
 * point in brackets when the suite varies the scenario's parameters.
 */
import type { Alert } from '../detect/index.js';
import { type RuleAggregate, aggregateRule } from './aggregate.js';
import type { Bar } from './market-summary.js';
import type { RuleRunMetrics } from './metrics.js';
import { type RuleSeparability, separabilityByRule } from './sweep.js';
import { type Gate, type GateResult, evaluateGates, verdictOf } from './gates.js';
import type { RunImpact } from './impact.js';
import { type PolicyAggregate, policyAggregates } from './suite-policies.js';

/** Bump when results.json changes shape. */
export const SUITE_RESULTS_SCHEMA_VERSION = 1;

/** A scenario of the matrix. */
export interface SuiteScenario {
  /** Label: the scenario's name, plus `[path=value,...]` for a grid point. */
  name: string;
  /** The scenario's own `name`. */
  scenario: string;
  /** SHA-256 of the scenario file's bytes: a changed file is a changed suite. */
  fileSha256: string;
  /** Grid point applied to the scenario (field path → value), empty when none. */
  overrides: Record<string, unknown>;
  /** Whether its runs hold an attack incident (from the truth of its first run). */
  attack: boolean;
}

/** A rule of the matrix: a built-in or user detector with one parameter set. */
export interface SuiteRule {
  /** Label: the detector's name, plus `[param=value,...]` for a grid point. */
  name: string;
  detector: string;
  /** Parameters that differ from the detector's defaults. */
  params: Record<string, unknown>;
}

/** One simulation: a scenario at a seed, every rule listening to the same stream. */
export interface SuiteRun {
  scenario: string;
  seed: number;
  /** The run holds an attack incident. */
  attack: boolean;
  events: number;
  /** SHA-256 of the run's event stream (JSON Lines, as `surveil run` writes it without header). */
  eventsSha256: string;
  /** One entry per rule, in matrix rule order. */
  metrics: RuleRunMetrics[];
  /** With response policies in the suite: the run's impact without a policy (`none`), then under each policy (closed loop, same seed). */
  impacts: { policy: string; impact: RunImpact }[];
}

/** A response policy of the matrix. */
export interface SuitePolicy {
  name: string;
  description: string;
  /** SHA-256 of the policy file's bytes. */
  fileSha256: string;
}

/** An alert as the report draws it on a price chart. */
export interface SeriesAlert {
  t: number;
  rule: string;
  score: number;
  /** Accounts named (count only). */
  named: number;
}

/** One scenario's market at its first seed, for the charts: coin bars, alerts, incidents. */
export interface ScenarioSeries {
  scenario: string;
  seed: number;
  symbol: string;
  /** Price ticks to quote: a tick is `tickSize` quote per coin (decimal string). */
  tickSize: string;
  barMs: number;
  /** When the story starts (warm-up before it). */
  storyStart: number;
  bars: Bar[];
  alerts: SeriesAlert[];
  incidents: { kind: 'attack' | 'organic'; start: number; end: number; harmPoint: number | null }[];
}

/** One rule in one scenario, over the scenario's seeds. */
export interface CellAggregate extends RuleAggregate {
  scenario: string;
}

/** One rule over the whole matrix. */
export interface RuleSummary {
  rule: string;
  /** Pooled over the attack scenarios' runs. */
  attacks: RuleAggregate;
  /** Pooled over the organic (no-attack) scenarios' runs: honest harm, false alarms. */
  organic: RuleAggregate;
  /** Attack runs against organic runs, by the rule's run score. */
  separability: RuleSeparability;
}

export interface SuiteResults {
  schemaVersion: number;
  suite: { name: string; description: string; fileSha256: string };
  matrix: { scenarios: SuiteScenario[]; seeds: number[]; rules: SuiteRule[]; policies: SuitePolicy[] };
  /** The slice this run computed, or null for a whole suite (and for a merge). */
  shard: { index: number; count: number } | null;
  /** Ordered by scenario (matrix order), then seed. */
  runs: SuiteRun[];
  /** Rule x scenario, rule-major in matrix order. */
  cells: CellAggregate[];
  rules: RuleSummary[];
  /** Response policies side by side (`none` first): per scenario, then pooled over attack and organic scenarios. Empty without policies. */
  policies: PolicyAggregate[];
  gates: GateResult[];
  verdict: 'pass' | 'warn' | 'fail';
  series: ScenarioSeries[];
}

/** What a run of the matrix computed, before aggregation. */
export interface SuiteInput {
  suite: SuiteResults['suite'];
  matrix: SuiteResults['matrix'];
  shard: SuiteResults['shard'];
  runs: SuiteRun[];
  series: ScenarioSeries[];
  gates: readonly Gate[];
}

/**
 * Aggregates the runs: cells, per-rule summaries with separability, gates and
 * the verdict. Runs are first put in matrix order (scenario, then seed), so the
 * order they finished in does not matter.
 */
export function buildSuiteResults(input: SuiteInput): SuiteResults {
  const scenarioOrder = new Map(input.matrix.scenarios.map((s, i) => [s.name, i]));
  const runs = [...input.runs].sort(
    (a, b) => (scenarioOrder.get(a.scenario) ?? 0) - (scenarioOrder.get(b.scenario) ?? 0) || a.seed - b.seed,
  );
  const series = [...input.series].sort((a, b) => (scenarioOrder.get(a.scenario) ?? 0) - (scenarioOrder.get(b.scenario) ?? 0));
  const ruleNames = input.matrix.rules.map((r) => r.name);
  const metricsOf = (rs: readonly SuiteRun[], rule: string, i: number): RuleRunMetrics[] =>
    rs.map((r) => {
      const m = r.metrics[i];
      if (m === undefined || m.rule !== rule) throw new Error(`run ${r.scenario}#${r.seed} has no metrics for rule ${rule}`);
      return m;
    });
  const cells: CellAggregate[] = [];
  ruleNames.forEach((rule, i) => {
    for (const s of input.matrix.scenarios) {
      const mine = runs.filter((r) => r.scenario === s.name);
      if (mine.length === 0) continue;
      cells.push({ scenario: s.name, ...aggregateRule(rule, metricsOf(mine, rule, i), { path: ['suite', s.name] }) });
    }
  });
  const attackRuns = runs.filter((r) => r.attack);
  const organicRuns = runs.filter((r) => !r.attack);
  const separabilities = separabilityByRule(
    runs.map((r) => ({ attack: r.attack, scores: Object.fromEntries(r.metrics.map((m) => [m.rule, m.runScore])) })),
    ruleNames,
  );
  const rules: RuleSummary[] = ruleNames.map((rule, i) => ({
    rule,
    attacks: aggregateRule(rule, metricsOf(attackRuns, rule, i), { path: ['suite', 'attacks'] }),
    organic: aggregateRule(rule, metricsOf(organicRuns, rule, i), { path: ['suite', 'organic'] }),
    separability: separabilities[i]!,
  }));
  const policies = policyAggregates(
    input.matrix.policies.map((p) => p.name),
    input.matrix.scenarios.map((s) => s.name),
    runs,
  );
  const gates = evaluateGates(input.gates, { matrix: input.matrix, runs, rules });
  return {
    schemaVersion: SUITE_RESULTS_SCHEMA_VERSION,
    suite: input.suite,
    matrix: input.matrix,
    shard: input.shard,
    runs,
    cells,
    rules,
    policies,
    gates,
    verdict: verdictOf(gates),
    series,
  };
}

/** Alerts of one run as the chart draws them (the first seed's run of each scenario). */
export function seriesAlerts(alerts: readonly Alert[], symbol: string): SeriesAlert[] {
  return alerts.filter((a) => a.symbol === symbol || a.symbol === null).map((a) => ({ t: a.t, rule: a.rule, score: a.score, named: a.accounts.length }));
}
