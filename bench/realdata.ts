/**
 * Real-data throughput on the 212 Binance pump-event files of
 * ../shared/realdata/binance-pump-trades/events (1.18M rows):
 *
 * - `import`: rows per second of wall time through the pump-trades adapter
 *   end to end (gunzip, csv-parse, exact decimal parsing, duplicate removal),
 *   into compact tapes;
 * - `rules`: trades per second through all trade-level rules together
 *   (rush-orders and price-volume in one runner), the tapes already in memory.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TradeTape } from '../src/core/index.js';
import { replayTape, ruleConfig, TRADE_LEVEL_RULES } from '../src/evaluate/index.js';
import { loadPumpTape, newPumpTradesStats } from '../src/io/index.js';
import { median } from './measure.js';

export interface RealdataBenchResult {
  bench: 'realdata';
  files: number;
  rows: number;
  trades: number;
  importSeconds: number;
  importRowsPerSec: number;
  rules: string[];
  alerts: number;
  runs: number;
  rulesSeconds: number;
  rulesTradesPerSec: number;
}

export async function benchRealdata(eventsDir: string, runs: number, now: () => number): Promise<RealdataBenchResult> {
  const files = readdirSync(eventsDir).filter((f) => f.endsWith('.csv.gz') || f.endsWith('.csv')).sort();
  const stats = newPumpTradesStats();
  const tapes: TradeTape[] = [];
  const t0 = now();
  for (const f of files) tapes.push(await loadPumpTape(join(eventsDir, f), { stats }));
  const importSeconds = (now() - t0) / 1000;
  const rules = TRADE_LEVEL_RULES.map((rule) => ruleConfig({ rule, label: rule, params: {} }));
  const seconds: number[] = [];
  let alerts = 0;
  for (let r = 0; r < runs; r++) {
    alerts = 0;
    const t1 = now();
    for (const tape of tapes) alerts += replayTape(tape, rules).length;
    seconds.push((now() - t1) / 1000);
  }
  const s = median(seconds);
  return {
    bench: 'realdata',
    files: files.length,
    rows: stats.rows,
    trades: stats.kept,
    importSeconds: Number(importSeconds.toFixed(3)),
    importRowsPerSec: Math.round(stats.rows / importSeconds),
    rules: rules.map((r) => r.name),
    alerts,
    runs,
    rulesSeconds: Number(s.toFixed(3)),
    rulesTradesPerSec: Math.round(stats.kept / s),
  };
}
