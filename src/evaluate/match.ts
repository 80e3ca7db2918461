/**
 * Episode scoring: for one rule, which incidents it caught, how fast, and
 * whom it named in each incident's window. Episodes, not windows or points:
 * an incident is caught or not (no point-adjust scoring), and its latency is
 * the delay to the first qualifying alert (CALIBRATION.md, "Evaluation
 * conventions").
 *
 * Definitions, for a rule r and an incident i with window
 * W_i = [start_i, end_i + grace] (grace 10 min by default):
 *
 * - A_i: the alerts of r on i's symbol with t in W_i (alerts during
 *   preparation, before `start`, are not in it).
 * - **detected** (attack incidents): some alert in A_i names at least one
 *   account involved in i (any role: attacker or victim).
 * - **detectedSymbolOnly**: some alert in A_i names no account. Rules that
 *   name nobody are scored at symbol level this way, apart from `detected`;
 *   an alert naming only uninvolved accounts counts for neither.
 * - **latencyMs** = t of the first alert qualifying for `detected` − start_i
 *   (null when not detected); `symbolOnlyLatencyMs` likewise.
 * - **beforeHarm** = detected and that first alert's t < harmPoint_i; null
 *   when i has no harm point (a missed incident with a harm point is false).
 * - **organicAlerts** (organic incidents) = |A_i|: false positives in the
 *   attack sense, and the organic-harm measure; **organicAccountsNamed** =
 *   distinct honest accounts named in A_i.
 *
 * An account's role inside i is its role in `i.accounts`; an account named
 * in W_i but not involved in i keeps its run role (`truth.accounts`), so a
 * victim of one incident named during another is neither involved there nor
 * honest.
 */
import type { GroundTruth, Incident, Role } from '../core/index.js';
import type { Alert } from '../detect/index.js';
import { type IncidentWindow, type MatchOptions, alertInIncident, incidentWindow, namedAccounts } from './incident-window.js';
import { incidentRoles, isHonest, roleIndex, zeroRoles } from './roles.js';

/** Whom a rule named in one incident's window (distinct accounts). */
export interface WindowNames {
  /** Distinct accounts named by the alerts in the window. */
  accounts: number;
  /** Of those, the ones involved in the incident, by their role in it. */
  involved: Record<Role, number>;
  /** Of those, the ones not involved in the incident. */
  uninvolved: number;
  /** Named accounts whose role (in the incident, else in the run) is honest. */
  honest: number;
}

export interface AttackMatch {
  rule: string;
  incident: string;
  symbol: string;
  window: IncidentWindow;
  harmPoint: number | null;
  /** |A_i|: the rule's alerts on the symbol inside the window. */
  alerts: number;
  detected: boolean;
  latencyMs: number | null;
  beforeHarm: boolean | null;
  detectedSymbolOnly: boolean;
  symbolOnlyLatencyMs: number | null;
  symbolOnlyBeforeHarm: boolean | null;
  /** An attacker account of this incident is named in its window (beneficiary found). */
  attackerNamed: boolean;
  named: WindowNames;
}

export interface OrganicMatch {
  rule: string;
  incident: string;
  symbol: string;
  window: IncidentWindow;
  /** |A_i|: the rule's alerts on the symbol inside the window. */
  organicAlerts: number;
  /** Distinct honest accounts named in the window (= named.honest). */
  organicAccountsNamed: number;
  named: WindowNames;
}

/** One rule against every incident of a run, in the truth's incident order. */
export interface RuleMatches {
  rule: string;
  attacks: AttackMatch[];
  organic: OrganicMatch[];
}

function windowNames(inWindow: readonly Alert[], inc: ReadonlyMap<number, Role>, run: ReadonlyMap<number, Role>): WindowNames {
  const involved = zeroRoles();
  let uninvolved = 0;
  let honest = 0;
  const accounts = namedAccounts(inWindow);
  for (const acc of accounts) {
    const role = inc.get(acc);
    if (role !== undefined) involved[role] += 1;
    else uninvolved += 1;
    if (isHonest(role ?? run.get(acc))) honest += 1;
  }
  return { accounts: accounts.length, involved, uninvolved, honest };
}

function byTime(a: Alert, b: Alert): number {
  return a.t - b.t || a.seq - b.seq;
}

/** The rule's alerts inside the incident's window, in (t, seq) order. */
export function alertsInIncident(alerts: readonly Alert[], incident: Incident, options: MatchOptions = {}): Alert[] {
  return alerts.filter((a) => alertInIncident(a, incident, options)).sort(byTime);
}

function matchAttack(rule: string, incident: Incident, inWindow: readonly Alert[], run: ReadonlyMap<number, Role>, options: MatchOptions): AttackMatch {
  const inc = incidentRoles(incident);
  const qualifying = inWindow.find((a) => a.accounts.some((acc) => inc.has(acc)));
  const symbolOnly = inWindow.find((a) => a.accounts.length === 0);
  const harm = incident.harmPoint;
  const before = (a: Alert | undefined): boolean | null => (harm === null ? null : a !== undefined && a.t < harm);
  return {
    rule,
    incident: incident.id,
    symbol: incident.symbol,
    window: incidentWindow(incident, options),
    harmPoint: harm,
    alerts: inWindow.length,
    detected: qualifying !== undefined,
    latencyMs: qualifying === undefined ? null : qualifying.t - incident.start,
    beforeHarm: before(qualifying),
    detectedSymbolOnly: symbolOnly !== undefined,
    symbolOnlyLatencyMs: symbolOnly === undefined ? null : symbolOnly.t - incident.start,
    symbolOnlyBeforeHarm: before(symbolOnly),
    attackerNamed: inWindow.some((a) => a.accounts.some((acc) => inc.get(acc) === 'attacker')),
    named: windowNames(inWindow, inc, run),
  };
}

function matchOrganic(rule: string, incident: Incident, inWindow: readonly Alert[], run: ReadonlyMap<number, Role>, options: MatchOptions): OrganicMatch {
  const named = windowNames(inWindow, incidentRoles(incident), run);
  return {
    rule,
    incident: incident.id,
    symbol: incident.symbol,
    window: incidentWindow(incident, options),
    organicAlerts: inWindow.length,
    organicAccountsNamed: named.honest,
    named,
  };
}

/**
 * Scores one rule against every incident of a run. Alerts of other rules are
 * ignored, so the whole run's alert list may be passed.
 */
export function matchRule(truth: GroundTruth, alerts: readonly Alert[], rule: string, options: MatchOptions = {}): RuleMatches {
  const mine = alerts.filter((a) => a.rule === rule);
  const run = roleIndex(truth);
  const attacks: AttackMatch[] = [];
  const organic: OrganicMatch[] = [];
  for (const incident of truth.incidents) {
    const inWindow = alertsInIncident(mine, incident, options);
    if (incident.kind === 'attack') attacks.push(matchAttack(rule, incident, inWindow, run, options));
    else organic.push(matchOrganic(rule, incident, inWindow, run, options));
  }
  return { rule, attacks, organic };
}
