/** alerts.csv: one row per alert, for spreadsheets and for reading alerts back. */
import { stringify } from 'csv-stringify/sync';
import type { Alert } from '../detect/index.js';

export const ALERT_COLUMNS = ['run', 't', 'seq', 'rule', 'symbol', 'score', 'accounts', 'evidence', 'explanation'] as const;

/** Rows for the alerts of one or more runs; `run` names the run (scenario and seed). */
export function alertsCsv(rows: readonly { run: string; alert: Alert }[]): string {
  return stringify(
    rows.map(({ run, alert: a }) => [run, a.t, a.seq, a.rule, a.symbol ?? '', a.score, a.accounts.join(' '), a.evidence.join(' '), a.explanation]),
    { header: true, columns: [...ALERT_COLUMNS] },
  );
}
