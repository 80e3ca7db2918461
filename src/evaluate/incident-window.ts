/**
 * Which alerts belong to which incident. Shared by match.ts and metrics.ts so
 * both read windows the same way.
 */
import type { Incident } from '../core/index.js';
import type { Alert } from '../detect/index.js';

/** 10 simulated minutes: alerts lag the events they rest on. */
export const DEFAULT_GRACE_MS = 600_000;

/** How alerts are matched to incidents. */
export interface MatchOptions {
  /** Added to an incident's end to close its window, ms. Default {@link DEFAULT_GRACE_MS}. */
  graceMs?: number;
  /**
   * Whether an alert whose `symbol` is null (e.g. a rule on withdrawals) can
   * fall in an incident's window, matched on time (and, for detection, on the
   * accounts it names). Default false: DESIGN.md asks for an alert "on its
   * symbol".
   */
  symbollessAlertsMatch?: boolean;
}

/** An incident's window for scoring alerts: [start, end + grace], both inclusive, sim ms. */
export interface IncidentWindow {
  from: number;
  to: number;
}

export function incidentWindow(incident: Incident, options: MatchOptions = {}): IncidentWindow {
  const grace = options.graceMs ?? DEFAULT_GRACE_MS;
  if (!(grace >= 0) || !Number.isFinite(grace)) throw new RangeError(`graceMs must be finite and >= 0, got ${grace}`);
  return { from: incident.start, to: incident.end + grace };
}

/**
 * True when the alert is on the incident's symbol (or has no symbol and
 * `symbollessAlertsMatch` is set) and `start ≤ t ≤ end + grace`. Alerts in
 * the preparation phase (before `start`) do not count.
 */
export function alertInIncident(alert: Alert, incident: Incident, options: MatchOptions = {}): boolean {
  const onSymbol = alert.symbol === incident.symbol || (alert.symbol === null && options.symbollessAlertsMatch === true);
  if (!onSymbol) return false;
  const w = incidentWindow(incident, options);
  return alert.t >= w.from && alert.t <= w.to;
}

/** The distinct accounts named by some alert, ascending. */
export function namedAccounts(alerts: Iterable<Alert>): number[] {
  const s = new Set<number>();
  for (const a of alerts) for (const acc of a.accounts) s.add(acc);
  return [...s].sort((x, y) => x - y);
}
