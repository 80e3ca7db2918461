/**
 * Detector throughput: all built-in rules together on one recorded stream.
 * The stream (the first hours of the busy-day load scenario) is simulated and
 * kept in memory first; only feeding it through the rules is timed. The figure
 * is trade events per second of wall time (the target counts trades), with all
 * events per second beside it.
 */
import type { MarketEvent } from '../src/core/index.js';
import { ALL_CAPABILITIES, BUILT_IN_DETECTORS, DetectorRunner, type DetectorDefinition } from '../src/detect/index.js';
import { compileScenario, loadScenario } from '../src/scenario/index.js';
import { median } from './measure.js';

export interface DetectBenchResult {
  bench: 'detect';
  /** `full`: every event of the run; `trades`: only its trades (and listings), as in real trade data. */
  stream: 'full' | 'trades';
  rules: number;
  events: number;
  trades: number;
  alerts: number;
  runs: number;
  seconds: number;
  tradesPerSec: number;
  eventsPerSec: number;
}

export function recordStream(file: string, hours: number): MarketEvent[] {
  const scenario = loadScenario(file);
  const span = hours * 3_600_000;
  const warmup = Math.min(scenario.warmup, span / 2);
  const run = compileScenario({ ...scenario, warmup, duration: span - warmup }, scenario.seed);
  const events: MarketEvent[] = [];
  run.sim.onEvent((e) => {
    events.push(e);
  });
  run.sim.run();
  return events;
}

/** The same stream reduced to what real trade data has: listings and trades, renumbered. */
export function tradesOnly(events: readonly MarketEvent[]): MarketEvent[] {
  let seq = 0;
  return events
    .filter((e) => e.type === 'trade' || e.type === 'symbol-listed' || e.type === 'asset-listed')
    .map((e) => ({ ...e, seq: seq++ }));
}

export function benchDetect(events: readonly MarketEvent[], stream: 'full' | 'trades', runs: number, now: () => number): DetectBenchResult {
  const rules = Object.entries(BUILT_IN_DETECTORS).map(([name, definition]) => ({ name, definition: definition as DetectorDefinition }));
  let trades = 0;
  for (const e of events) if (e.type === 'trade') trades++;
  const seconds: number[] = [];
  let alerts = 0;
  for (let r = 0; r < runs; r++) {
    const runner = new DetectorRunner(rules, ALL_CAPABILITIES);
    const t0 = now();
    for (let i = 0; i < events.length; i++) runner.onEvent(events[i]!);
    seconds.push((now() - t0) / 1000);
    alerts = runner.alerts.length;
  }
  const s = median(seconds);
  return {
    bench: 'detect',
    stream,
    rules: rules.length,
    events: events.length,
    trades,
    alerts,
    runs,
    seconds: Number(s.toFixed(3)),
    tradesPerSec: Math.round(trades / s),
    eventsPerSec: Math.round(events.length / s),
  };
}
