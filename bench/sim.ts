/**
 * Simulation benchmarks on bench/scenarios/busy-day.yaml (one day of heavy
 * flow, about ten million events):
 *
 * - loop: the simulation with the exchange, agents and market data, events
 *   counted but not serialised, over the first `hours` of the day; events per
 *   second of wall time for the run alone (compiling the scenario excluded);
 * - run: `surveil run --json` over the whole day in a child process, as a user
 *   runs it (JSON Lines written and hashed), with the child's own events per
 *   second and its peak resident memory (getrusage maxRSS).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileScenario, loadScenario } from '../src/scenario/index.js';

export const BUSY_DAY = fileURLToPath(new URL('../../bench/scenarios/busy-day.yaml', import.meta.url));

export interface SimLoopResult {
  bench: 'sim-loop';
  scenario: string;
  simulatedHours: number;
  events: number;
  steps: number;
  seconds: number;
  eventsPerSec: number;
}

export function benchSimLoop(file: string, hours: number, now: () => number): SimLoopResult {
  const scenario = loadScenario(file);
  const run = compileScenario({ ...scenario, warmup: Math.min(scenario.warmup, hours * 3_600_000), duration: Math.max(1, hours * 3_600_000 - Math.min(scenario.warmup, hours * 3_600_000)) }, scenario.seed);
  let events = 0;
  run.sim.onEvent(() => {
    events++;
  });
  const t0 = now();
  const stats = run.sim.run();
  const seconds = (now() - t0) / 1000;
  return {
    bench: 'sim-loop',
    scenario: scenario.name,
    simulatedHours: hours,
    events,
    steps: stats.steps,
    seconds: Number(seconds.toFixed(3)),
    eventsPerSec: Math.round(events / seconds),
  };
}

export interface RunBenchResult {
  bench: 'run';
  scenario: string;
  events: number;
  seconds: number;
  eventsPerSec: number;
  peakRssMB: number;
  sha256: string;
}

/** Runs `surveil run <file> --json` in a child process and reports what it measured of itself. */
export function benchRun(mainJs: string, file: string): RunBenchResult {
  const dir = mkdtempSync(join(tmpdir(), 'surveil-bench-run-'));
  try {
    const r = spawnSync(process.execPath, [mainJs, 'run', file, '--out', join(dir, 'out'), '--json'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`surveil run failed (${r.status}): ${r.stderr}`);
    const line = JSON.parse(r.stdout.trim()) as { scenario: string; events: number; seconds: number; eventsPerSec: number; peakRssMB: number; sha256: string };
    return { bench: 'run', scenario: line.scenario, events: line.events, seconds: line.seconds, eventsPerSec: line.eventsPerSec, peakRssMB: line.peakRssMB, sha256: line.sha256 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
