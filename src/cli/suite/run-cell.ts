/**
 * One cell of a suite: a scenario variant at a seed, simulated now, with every
 * rule of the matrix listening to the same stream. Returns the run's per-rule
 * metrics, its alerts, a fingerprint of the stream and, when asked, the coin's
 * bars for the report's chart.
 */
import { createHash } from 'node:crypto';
import { ALL_CAPABILITIES, type Alert, type DetectorRegistry, DetectorRunner, type RuleConfig } from '../../detect/index.js';
import {
  ImpactCollector,
  MarketSummaryBuilder,
  NO_POLICY,
  type ScenarioSeries,
  type SuiteRun,
  isAttackRun,
  runImpact,
  runMetrics,
  seriesAlerts,
} from '../../evaluate/index.js';
import { runClosedLoop } from '../closed-loop.js';
import type { PreparedSuite } from './prepare.js';
import { compileScenario, type Scenario } from '../../scenario/index.js';

export interface CellResult {
  run: SuiteRun;
  alerts: Alert[];
  series: ScenarioSeries | null;
}

/** Bars of one minute: fine enough to see a two-minute attack, few enough for a report. */
const BAR_MS = 60_000;
const CONTEXT_MS = 2 * 3_600_000;

/** The suite's response policies, for the closed-loop runs of a cell. */
export interface CellPolicies {
  policies: PreparedSuite['policies'];
  registry: DetectorRegistry;
}

export function runCell(
  label: string,
  scenario: Scenario,
  seed: number,
  rules: readonly RuleConfig[],
  suppressMs: number,
  withSeries: boolean,
  response: CellPolicies | null = null,
): CellResult {
  const compiled = compileScenario(scenario, seed);
  const withPolicies = response !== null && response.policies.length > 0;
  const collector = withPolicies ? new ImpactCollector(compiled.storyStart) : null;
  const runner = new DetectorRunner(rules, ALL_CAPABILITIES, suppressMs);
  const bars = withSeries ? new MarketSummaryBuilder(BAR_MS) : null;
  // The stream's fingerprint: SHA-256 of its events as JSON Lines, so two
  // machines (or -j1 and -j2) can show they simulated the same thing.
  const hash = createHash('sha256');
  let events = 0;
  compiled.sim.onEvent((e) => {
    events++;
    hash.update(`${JSON.stringify(e)}\n`);
    runner.onEvent(e);
    bars?.add(e);
    collector?.onEvent(e);
  });
  compiled.sim.run();
  const truth = compiled.sim.truth.toJSON(scenario.name, seed);
  const span = { storyStart: compiled.storyStart, endTime: compiled.endTime };
  const alerts = runner.alerts;
  const impacts: SuiteRun['impacts'] = [];
  if (collector !== null && response !== null) {
    collector.finish(compiled.endTime);
    impacts.push({ policy: NO_POLICY, impact: runImpact(`${label}#${seed}`, truth, collector) });
    // Each policy is its own closed-loop simulation of the same seed: identical up to the policy's first action.
    for (const p of response.policies) {
      const loop = runClosedLoop({ scenario, seed, policy: p.policy, rules: p.rules, registry: response.registry, suppressMs });
      impacts.push({ policy: p.policy.name, impact: { ...loop.impact, run: `${label}#${seed}` } });
    }
  }
  const run: SuiteRun = {
    scenario: label,
    seed,
    attack: isAttackRun(truth),
    events,
    eventsSha256: hash.digest('hex'),
    metrics: runMetrics({ truth, alerts, span }, rules.map((r) => r.name)),
    impacts,
  };
  let series: ScenarioSeries | null = null;
  if (bars !== null) {
    const symbol = compiled.coinSymbol;
    series = {
      scenario: label,
      seed,
      symbol,
      tickSize: compiled.drawn.market.coin.tickSize,
      barMs: BAR_MS,
      storyStart: compiled.storyStart,
      // The story and the two hours before it: the warm-up's days of quiet trading would only flatten the chart.
      bars: (bars.build().bars[symbol] ?? []).filter((b) => b.t >= compiled.storyStart - CONTEXT_MS),
      alerts: seriesAlerts(alerts, symbol).filter((a) => a.t >= compiled.storyStart - CONTEXT_MS),
      incidents: truth.incidents
        .filter((i) => i.symbol === symbol)
        .map((i) => ({ kind: i.kind, start: i.start, end: i.end, harmPoint: i.harmPoint })),
    };
  }
  return { run, alerts, series };
}
