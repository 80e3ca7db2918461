/**
 * Runs rules over one run and measures them against its ground truth: either a
 * scenario simulated now (rules listen to the stream as it is produced, nothing
 * is written), or a run folder written earlier by `surveil run` (its event log
 * is streamed back through the rules).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GroundTruth, truthSchema } from '../core/index.js';
import { ALL_CAPABILITIES, type Alert, type Capability, DetectorRunner, type RuleConfig, type RuleStatus } from '../detect/index.js';
import type { RunSpan } from '../evaluate/index.js';
import { readEventLog } from '../io/index.js';
import { compileScenario, type Scenario } from '../scenario/index.js';
import { InputError } from './errors.js';

export interface EvaluatedRun {
  /** `scenario#seed`. */
  run: string;
  scenario: string;
  seed: number;
  truth: GroundTruth;
  alerts: Alert[];
  statuses: RuleStatus[];
  span: RunSpan;
  events: number;
}

export function evaluateScenario(scenario: Scenario, seed: number, rules: readonly RuleConfig[], suppressMs: number): EvaluatedRun {
  const run = compileScenario(scenario, seed);
  const runner = new DetectorRunner(rules, ALL_CAPABILITIES, suppressMs);
  let events = 0;
  run.sim.onEvent((e) => {
    events++;
    runner.onEvent(e);
  });
  run.sim.run();
  return {
    run: `${scenario.name}#${seed}`,
    scenario: scenario.name,
    seed,
    truth: run.sim.truth.toJSON(scenario.name, seed),
    alerts: runner.alerts,
    statuses: runner.statuses(),
    span: { storyStart: run.storyStart, endTime: run.endTime },
    events,
  };
}

/** A folder written by `surveil run`: events.jsonl(.gz), truth.json, summary.json. */
export async function evaluateRunDir(dir: string, rules: readonly RuleConfig[], suppressMs: number): Promise<EvaluatedRun> {
  const log = ['events.jsonl', 'events.jsonl.gz'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (log === undefined) throw new InputError(`${dir}: no events.jsonl or events.jsonl.gz (is it a folder written by surveil run?)`);
  const truthFile = join(dir, 'truth.json');
  if (!existsSync(truthFile)) throw new InputError(`${dir}: no truth.json, so there is nothing to measure against`);
  const parsed = truthSchema.safeParse(JSON.parse(readFileSync(truthFile, 'utf8')));
  if (!parsed.success) throw new InputError(`${truthFile}: not a surveil ground truth (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  const truth = parsed.data;
  const reader = readEventLog(log);
  const header = await reader.header();
  const capabilities = Array.isArray(header['capabilities']) ? (header['capabilities'] as Capability[]) : ALL_CAPABILITIES;
  const runner = new DetectorRunner(rules, capabilities, suppressMs);
  let events = 0;
  let endTime = 0;
  for await (const e of reader) {
    events++;
    endTime = e.t;
    runner.onEvent(e);
  }
  const summaryFile = join(dir, 'summary.json');
  const summary = existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as { storyStart?: number; endTime?: number }) : {};
  return {
    run: `${truth.scenario}#${truth.seed}`,
    scenario: truth.scenario,
    seed: truth.seed,
    truth,
    alerts: runner.alerts,
    statuses: runner.statuses(),
    span: { storyStart: summary.storyStart ?? 0, endTime: summary.endTime ?? endTime },
    events,
  };
}
