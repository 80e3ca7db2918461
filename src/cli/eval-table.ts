/** The terminal table of `surveil eval`: one row per rule, aggregated over the runs. */
import type { RuleAggregate } from '../evaluate/index.js';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(0)}%`);
const secs = (ms: number | null | undefined) => (ms === null || ms === undefined ? '-' : `${(ms / 1000).toFixed(1)}s`);

export function evalTable(aggregates: readonly RuleAggregate[], runs: number): string {
  const header = ['rule', 'detected', 'before harm', 'latency p50', 'attacker named', 'victims recall', 'victims prec.', 'honest named/run', 'alerts/day'];
  const rows = aggregates.map((a) => [
    a.rule,
    `${pct(a.detection.rate)} (+${pct(a.detectionSymbolOnly.rate)} sym)`,
    pct(a.beforeHarm.rate),
    secs(a.latencyMedianMs),
    pct(a.attackerNamed.rate),
    pct(a.accounts.victim.recall.ratio),
    pct(a.accounts.victim.precision.ratio),
    a.honestNamed.mean === null ? '-' : a.honestNamed.mean.toFixed(2),
    a.alertsPerMarketDay.mean === null ? '-' : a.alertsPerMarketDay.mean.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return `${[`${runs} run(s)`, line(header), ...rows.map(line)].join('\n')}\n`;
}
