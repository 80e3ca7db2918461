/**
 * Real-data throughput on the 212 Binance pump-event files of
 * ../shared/realdata/binance-pump-trades/events (1.18M rows):
 *
 * - `import`: rows per second of wall time through the pump-trades adapter
 *   end to end (gunzip, csv-parse, exact decimal parsing, duplicate removal),
 *   into compact tapes, one file per worker thread on every core;
 * - `rules`: trades per second through all trade-level rules together
 *   (rush-orders and price-volume in one runner), the tapes already in memory.
 *
 * Beside each wall-time rate, the rate per CPU-second of this process
 * (user + system): on a shared machine the wall-time figure mostly measures
 * the other tenants, the CPU figure what the code costs.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { replayTape, ruleConfig, TRADE_LEVEL_RULES } from '../src/evaluate/index.js';
import { loadPumpTapes } from '../src/io/index.js';
import { availableParallelism } from 'node:os';
import { median } from './measure.js';

export interface RealdataBenchResult {
  bench: 'realdata';
  files: number;
  rows: number;
  trades: number;
  importSeconds: number;
  importRowsPerSec: number;
  /** Worker threads reading files (one file per worker at a time). */
  importJobs: number;
  importCpuSeconds: number;
  importRowsPerCpuSec: number;
  rules: string[];
  alerts: number;
  runs: number;
  rulesSeconds: number;
  rulesTradesPerSec: number;
  rulesCpuSeconds: number;
  rulesTradesPerCpuSec: number;
}

/** CPU seconds (user + system) used by this process so far. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export async function benchRealdata(eventsDir: string, runs: number, now: () => number, jobs = availableParallelism()): Promise<RealdataBenchResult> {
  const files = readdirSync(eventsDir).filter((f) => f.endsWith('.csv.gz') || f.endsWith('.csv')).sort();
  const t0 = now();
  const c0 = cpu();
  // One file per worker thread, as `surveil realdata pumps` reads them.
  const { tapes, stats } = await loadPumpTapes(files.map((f) => join(eventsDir, f)), jobs);
  const importSeconds = (now() - t0) / 1000;
  // process.cpuUsage() is the whole process's, worker threads included.
  const importCpu = cpu() - c0;
  const rules = TRADE_LEVEL_RULES.map((rule) => ruleConfig({ rule, label: rule, params: {} }));
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let alerts = 0;
  for (let r = 0; r < runs; r++) {
    alerts = 0;
    const t1 = now();
    const c1 = cpu();
    for (const tape of tapes) alerts += replayTape(tape, rules).length;
    seconds.push((now() - t1) / 1000);
    cpuSeconds.push(cpu() - c1);
  }
  const s = median(seconds);
  const cs = median(cpuSeconds);
  return {
    bench: 'realdata',
    files: files.length,
    rows: stats.rows,
    trades: stats.kept,
    importSeconds: Number(importSeconds.toFixed(3)),
    importRowsPerSec: Math.round(stats.rows / importSeconds),
    importJobs: jobs,
    importCpuSeconds: Number(importCpu.toFixed(3)),
    importRowsPerCpuSec: Math.round(stats.rows / importCpu),
    rules: rules.map((r) => r.name),
    alerts,
    runs,
    rulesSeconds: Number(s.toFixed(3)),
    rulesTradesPerSec: Math.round(stats.kept / s),
    rulesCpuSeconds: Number(cs.toFixed(3)),
    rulesTradesPerCpuSec: Math.round(stats.kept / cs),
  };
}
