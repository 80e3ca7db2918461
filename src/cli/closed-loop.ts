/**
 * One closed-loop run: compile a scenario, run the rules inside the
 * simulation on the live stream, let a response policy act on their alerts
 * (or not, with `policy: null`: the baseline to compare against), and measure
 * the impact. The policy engine sees alerts and events only; the reviewer is
 * handed the truth's roles, as a modelled human who investigates.
 */
import { createHash } from 'node:crypto';
import { ALL_CAPABILITIES, type Alert, DetectorRegistry, DetectorRunner, type RuleConfig, type RuleStatus } from '../detect/index.js';
import { ImpactCollector, runImpact, type RunImpact } from '../evaluate/index.js';
import { policyRules, type ResponseAction, ResponseEngine, type ResponsePolicy, truthReviewer } from '../response/index.js';
import { compileScenario, type Scenario } from '../scenario/index.js';
import type { GroundTruth, MarketEvent } from '../core/index.js';

export interface ClosedLoopOptions {
  scenario: Scenario;
  seed: number;
  /** The response policy, or null for the same run without one. */
  policy: ResponsePolicy | null;
  /** Rules to run (default: the policy's trigger rules; with no policy, none). Must include the trigger rules. */
  rules?: readonly RuleConfig[];
  /** Resolves the policy's rule references (default: the built-in detectors). */
  registry?: DetectorRegistry;
  suppressMs?: number;
  /** Hash the event log (SHA-256 of one JSON line per event) for determinism checks. */
  hash?: boolean;
  /** Also receives every event. */
  onEvent?: (e: MarketEvent) => void;
}

export interface ClosedLoopRun {
  run: string;
  seed: number;
  truth: GroundTruth;
  alerts: Alert[];
  statuses: RuleStatus[];
  actions: ResponseAction[];
  /** Cases the policy engine opened (triggering alerts on one symbol, caseGap apart). */
  cases: number;
  impact: RunImpact;
  events: number;
  /** SHA-256 of the event stream as JSON lines, when asked for. */
  sha256: string | null;
  storyStart: number;
  endTime: number;
}

export function runClosedLoop(o: ClosedLoopOptions): ClosedLoopRun {
  const compiled = compileScenario(o.scenario, o.seed);
  const sim = compiled.sim;
  const registry = o.registry ?? new DetectorRegistry();
  const rules = o.rules ?? (o.policy === null ? [] : policyRules(o.policy, registry));
  const runner = new DetectorRunner(rules, ALL_CAPABILITIES, o.suppressMs);
  const collector = new ImpactCollector(compiled.storyStart);
  const hash = o.hash === true ? createHash('sha256') : null;
  let events = 0;
  sim.onEvent((e) => {
    events++;
    collector.onEvent(e);
    hash?.update(`${JSON.stringify(e)}\n`);
    o.onEvent?.(e);
  });
  let engine: ResponseEngine | null = null;
  if (o.policy !== null) {
    const labels = new Set(rules.map((r) => r.name));
    const missing = policyRules(o.policy, registry).filter((r) => !labels.has(r.name));
    if (missing.length > 0) throw new Error(`policy ${o.policy.name}: its trigger rules ${missing.map((r) => r.name).join(', ')} are not among the rules run`);
    // The reviewer reads roles from the truth recorder at review time: the only place the truth enters the loop.
    const reviewer = o.policy.review === undefined ? undefined : truthReviewer((a) => sim.truth.roleOf(a), o.policy.review.accuracy, o.seed);
    engine = new ResponseEngine(o.policy, { runner, reviewer });
    sim.addObserver(engine);
  } else {
    sim.addObserver({ onEvent: (e) => runner.onEvent(e) });
  }
  sim.run();
  const name = `${o.scenario.name}#${o.seed}`;
  const truth = sim.truth.toJSON(o.scenario.name, o.seed);
  collector.finish(compiled.endTime);
  const actions = engine?.log.entries ?? [];
  return {
    run: name,
    seed: o.seed,
    truth,
    alerts: runner.alerts,
    statuses: runner.statuses(),
    actions,
    cases: engine?.caseTotal ?? 0,
    impact: runImpact(name, truth, collector, engine === null ? null : actions),
    events,
    sha256: hash === null ? null : hash.digest('hex'),
    storyStart: compiled.storyStart,
    endTime: compiled.endTime,
  };
}
