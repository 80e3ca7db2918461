/** The terminal table of `surveil eval`: one row per rule, aggregated over the runs. */
import type { RuleAggregate, RuleRunMetrics } from '../evaluate/index.js';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(0)}%`);
const secs = (ms: number | null | undefined) => (ms === null || ms === undefined ? '-' : `${(ms / 1000).toFixed(1)}s`);

/**
 * Attack columns (detected, before harm, latency, attacker and victims) are
 * pooled over attack incidents; "organic alerts/run" counts alerts inside
 * organic episodes' windows, the organic-harm side of the same rule.
 */
export function evalTable(aggregates: readonly RuleAggregate[], perRun: readonly (readonly RuleRunMetrics[])[]): string {
  const runs = perRun.length;
  const organicPerRun = (rule: string) => {
    const total = perRun.reduce((sum, ms) => sum + (ms.find((m) => m.rule === rule)?.alerts.insideOrganic ?? 0), 0);
    return runs === 0 ? '-' : (total / runs).toFixed(2);
  };
  const header = ['rule', 'detected', 'before harm', 'latency p50', 'attacker named', 'victims recall', 'victims prec.', 'honest named/run', 'organic alerts/run', 'alerts/day'];
  const rows = aggregates.map((a) => [
    a.rule,
    `${pct(a.detection.rate)} (+${pct(a.detectionSymbolOnly.rate)} sym)`,
    pct(a.beforeHarm.rate),
    secs(a.latencyMedianMs),
    pct(a.attackerNamed.rate),
    pct(a.accounts.victim.recall.ratio),
    pct(a.accounts.victim.precision.ratio),
    a.honestNamed.mean === null ? '-' : a.honestNamed.mean.toFixed(2),
    organicPerRun(a.rule),
    a.alertsPerMarketDay.mean === null ? '-' : a.alertsPerMarketDay.mean.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return `${[`${runs} run(s)`, line(header), ...rows.map(line)].join('\n')}\n`;
}
