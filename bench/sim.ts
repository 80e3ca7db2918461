/**
 * Simulation benchmarks on bench/scenarios/busy-day.yaml (one day of heavy
 * flow, about ten million events):
 *
 * - loop: the simulation with the exchange, agents and market data, events
 *   counted but not serialised, over the first `hours` of the day; events per
 *   second of wall time for the run alone (compiling the scenario excluded).
 *   The first run in a fresh process is the headline (`eventsPerSec`): it is
 *   what a user's run gets, JIT warm-up included. The same loop is then run
 *   again `warmRuns` times in the same process and the median reported
 *   (`warmEventsPerSec`): the steady state once the code is compiled. The
 *   first run's minor page faults are reported too: on a virtual machine a
 *   first touch of a memory page costs microseconds, so memory growth is
 *   time;
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
import { median } from './measure.js';

export const BUSY_DAY = fileURLToPath(new URL('../../bench/scenarios/busy-day.yaml', import.meta.url));

export interface SimLoopResult {
  bench: 'sim-loop';
  scenario: string;
  simulatedHours: number;
  events: number;
  steps: number;
  /** The first run in this process (JIT warm-up included). */
  seconds: number;
  eventsPerSec: number;
  /** Median of the runs after the first. */
  warmRuns: number;
  warmSeconds: number | null;
  warmEventsPerSec: number | null;
  /** Minor page faults during the first run. */
  minorPageFaults: number;
}

interface LoopRun {
  events: number;
  steps: number;
  seconds: number;
  faults: number;
}

function runLoop(file: string, hours: number, now: () => number): LoopRun & { name: string } {
  const scenario = loadScenario(file);
  const warmup = Math.min(scenario.warmup, hours * 3_600_000);
  const run = compileScenario({ ...scenario, warmup, duration: Math.max(1, hours * 3_600_000 - warmup) }, scenario.seed);
  let events = 0;
  run.sim.onEvent(() => {
    events++;
  });
  const faults0 = process.resourceUsage().minorPageFault;
  const t0 = now();
  const stats = run.sim.run();
  const seconds = (now() - t0) / 1000;
  return { name: scenario.name, events, steps: stats.steps, seconds, faults: process.resourceUsage().minorPageFault - faults0 };
}

export function benchSimLoop(file: string, hours: number, warmRuns: number, now: () => number): SimLoopResult {
  const first = runLoop(file, hours, now);
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    const r = runLoop(file, hours, now);
    if (r.events !== first.events) throw new Error(`sim-loop: run ${i + 2} made ${r.events} events, the first ${first.events} (not deterministic)`);
    warm.push(r.seconds);
  }
  const warmSeconds = warm.length > 0 ? median(warm) : null;
  return {
    bench: 'sim-loop',
    scenario: first.name,
    simulatedHours: hours,
    events: first.events,
    steps: first.steps,
    seconds: Number(first.seconds.toFixed(3)),
    eventsPerSec: Math.round(first.events / first.seconds),
    warmRuns,
    warmSeconds: warmSeconds === null ? null : Number(warmSeconds.toFixed(3)),
    warmEventsPerSec: warmSeconds === null ? null : Math.round(first.events / warmSeconds),
    minorPageFaults: first.faults,
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
