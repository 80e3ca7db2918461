/**
 * Rules over an imported folder (written by `surveil import`): real data has no
 * ground truth, so there is nothing to measure. What can be said is which
 * rules could run on what the data carries (the log header's capabilities),
 * and what they raised.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert, Capability, RuleConfig, RuleStatus } from '../detect/index.js';
import { DetectorRunner } from '../detect/index.js';
import { readEventLog, readEventLogHeader } from '../io/index.js';

export interface ImportedRun {
  /** `import:<format>` */
  run: string;
  log: string;
  header: Record<string, unknown>;
  alerts: Alert[];
  statuses: RuleStatus[];
  events: number;
}

/** The event log of a folder written by `surveil import`, or undefined for any other folder. */
export async function importedLog(dir: string): Promise<string | undefined> {
  if (existsSync(join(dir, 'truth.json'))) return undefined;
  const log = ['events.jsonl', 'events.jsonl.gz'].map((f) => join(dir, f)).find((f) => existsSync(f));
  if (log === undefined) return undefined;
  const header = await readEventLogHeader(log);
  return typeof header['source'] === 'object' && header['source'] !== null ? log : undefined;
}

export async function evaluateImported(log: string, rules: readonly RuleConfig[], suppressMs: number): Promise<ImportedRun> {
  // Imported logs come from outside: validate every event against the schema.
  const reader = readEventLog(log, { validate: true });
  const header = await reader.header();
  // An import always declares what it carries; a missing list means nothing is promised.
  const capabilities = Array.isArray(header['capabilities']) ? (header['capabilities'] as Capability[]) : [];
  const runner = new DetectorRunner(rules, capabilities, suppressMs);
  let events = 0;
  for await (const e of reader) {
    events++;
    runner.onEvent(e);
  }
  const source = header['source'] as { format?: unknown };
  return { run: `import:${String(source.format)}`, log, header, alerts: runner.alerts, statuses: runner.statuses(), events };
}

/** Rule by rule: applicable or not (and what is missing), alerts raised; then the first alerts. */
export function importedTable(r: ImportedRun, maxAlerts = 20): string {
  const origin = typeof r.header['origin'] === 'number' ? r.header['origin'] : 0;
  const bySequence = r.header['timeIsSequence'] === true;
  const lines = [`${r.events} events from ${r.log}; no ground truth (real data): alerts only, no metrics`];
  if (bySequence) lines.push('the data has no timestamps: t counts messages (timeIsSequence), so rule windows are in messages, not milliseconds');
  const width = Math.max(4, ...r.statuses.map((s) => s.name.length));
  lines.push(`${'rule'.padEnd(width)}  alerts  status`);
  for (const s of r.statuses) {
    lines.push(`${s.name.padEnd(width)}  ${String(s.raised).padStart(6)}  ${s.applicable ? 'ran' : `not applicable (the stream has no ${s.missing.join(', ')})`}`);
  }
  for (const a of r.alerts.slice(0, maxAlerts)) {
    const when = bySequence ? `message ${a.t}` : new Date(origin + a.t).toISOString();
    lines.push(`alert  ${when}  ${a.rule}  ${a.symbol ?? '-'}  score ${a.score.toFixed(2)}  ${a.explanation}`);
  }
  if (r.alerts.length > maxAlerts) lines.push(`... ${r.alerts.length - maxAlerts} more alerts (--out writes them all to alerts.csv)`);
  return `${lines.join('\n')}\n`;
}
