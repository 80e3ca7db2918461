/**
 * One rule's scores in one run: alert volume, episodes caught, and accounts
 * named by role. Victims are counted apart from honest accounts (DESIGN.md,
 * "Evaluation vocabulary"): naming a victim is neither a hit on the attacker
 * nor harm to an honest user.
 *
 * Notation, for rule r in a run: A = the rule's alerts; W_i, A_i as in
 * match.ts (window [start_i, end_i + grace] on i's symbol); N_i = distinct
 * accounts named by A_i; R_i = accounts involved in incident i with role R
 * (their role in `i.accounts`); the run role of an account is its role in
 * `truth.accounts`. Sums over "attacks" run over attack incidents only.
 *
 * - **accounts[R]** for R ∈ {attacker, victim, involved = attacker ∪ victim}:
 *   hits = Σ_attacks |N_i ∩ R_i|, named = Σ_attacks |N_i|,
 *   involved = Σ_attacks |R_i|; precision = hits / named,
 *   recall = hits / involved, F1 = 2PR / (P + R). Counted as (incident,
 *   account) pairs, so an account named in two incidents' windows counts in
 *   both, and a victim of one incident named in another incident's window is
 *   a miss there. null when the denominator is 0.
 * - **roles[R]** for every role: accounts = accounts with run role R;
 *   named = those named by any alert of the rule anywhere in the run;
 *   involved = Σ_all incidents |R_i|; involvedNamed = Σ_all incidents |N_i ∩ R_i|.
 * - **attackerNamed** (beneficiary found): some account with run role
 *   attacker is named anywhere in the run; null when the run has none.
 * - **honestNamed**: distinct accounts with an honest run role (whale,
 *   follower, maker, background) named anywhere in the run;
 *   **honestNamedInOrganic**: distinct accounts named in the window of some
 *   organic incident whose role there (their incident role, else their run
 *   role) is honest.
 * - **unknownNamed**: distinct named accounts the truth gives no role.
 * - **alerts**: total = |A|; story = alerts with t ≥ storyStart;
 *   perMarketDay = total / (endTime / 1 day); storyPerMarketDay =
 *   story / ((endTime − storyStart) / 1 day) (null for an empty span);
 *   insideIncidents = alerts in the window of at least one incident (attack or
 *   organic; insideAttacks and insideOrganic may overlap when windows do);
 *   outsideIncidents = total − insideIncidents; symbolOnly = alerts naming no
 *   account, namingAccounts = the rest.
 * - **runScore** = max score over A, 0 when A is empty: one number per rule
 *   per run, for separability across runs (sweep.ts).
 * - **detection**: counts over the attack incidents of match.ts.
 */
import { DAY, type GroundTruth, type Role } from '../core/index.js';
import type { Alert } from '../detect/index.js';
import { type MatchOptions, alertInIncident } from './incident-window.js';
import { type AttackMatch, type OrganicMatch, alertsInIncident, matchRule } from './match.js';
import { f1, ratio } from './ratio.js';
import { ROLES, incidentRoles, isHonest, roleIndex } from './roles.js';

/** The run's time span: sim ms from 0 to `endTime`, the warm-up ending at `storyStart`. */
export interface RunSpan {
  storyStart: number;
  endTime: number;
}

/** What one run gives the evaluation. */
export interface RunInput {
  truth: GroundTruth;
  alerts: readonly Alert[];
  span: RunSpan;
}

export interface AlertVolume {
  total: number;
  story: number;
  perMarketDay: number | null;
  storyPerMarketDay: number | null;
  namingAccounts: number;
  symbolOnly: number;
  insideIncidents: number;
  insideAttacks: number;
  insideOrganic: number;
  outsideIncidents: number;
}

/** Precision, recall and F1 of naming one role's accounts, over attack incidents. */
export interface RoleScore {
  hits: number;
  named: number;
  involved: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface RoleTally {
  accounts: number;
  named: number;
  involved: number;
  involvedNamed: number;
}

export interface DetectionCounts {
  attacks: number;
  detected: number;
  detectedSymbolOnly: number;
  /** Attack incidents with a harm point. */
  withHarmPoint: number;
  beforeHarm: number;
  symbolOnlyBeforeHarm: number;
}

export interface RuleRunMetrics {
  rule: string;
  runScore: number;
  alerts: AlertVolume;
  detection: DetectionCounts;
  accounts: { attacker: RoleScore; victim: RoleScore; involved: RoleScore };
  roles: Record<Role, RoleTally>;
  attackerNamed: boolean | null;
  honestNamed: number;
  honestNamedInOrganic: number;
  unknownNamed: number;
  incidents: { attacks: AttackMatch[]; organic: OrganicMatch[] };
}

/** One account's best score from a rule, for the account-level sweep. */
export interface AccountScore {
  account: number;
  role: Role;
  /** Attacker or victim: an account the rule should name. */
  target: boolean;
  /** Highest score of an alert naming it; null when never named. */
  score: number | null;
}

function perDay(count: number, ms: number): number | null {
  return ms > 0 ? count / (ms / DAY) : null;
}

function checkSpan(span: RunSpan): void {
  const { storyStart, endTime } = span;
  if (!(storyStart >= 0 && endTime >= storyStart) || !Number.isFinite(endTime)) {
    throw new RangeError(`run span needs 0 <= storyStart <= endTime, got ${storyStart}, ${endTime}`);
  }
}

function alertVolume(input: RunInput, mine: readonly Alert[], options: MatchOptions): AlertVolume {
  const { truth, span } = input;
  let story = 0;
  let symbolOnly = 0;
  let inside = 0;
  let insideAttacks = 0;
  let insideOrganic = 0;
  for (const a of mine) {
    if (a.t >= span.storyStart) story += 1;
    if (a.accounts.length === 0) symbolOnly += 1;
    let att = false;
    let org = false;
    for (const i of truth.incidents) {
      if (!alertInIncident(a, i, options)) continue;
      if (i.kind === 'attack') att = true;
      else org = true;
    }
    if (att || org) inside += 1;
    if (att) insideAttacks += 1;
    if (org) insideOrganic += 1;
  }
  return {
    total: mine.length,
    story,
    perMarketDay: perDay(mine.length, span.endTime),
    storyPerMarketDay: perDay(story, span.endTime - span.storyStart),
    namingAccounts: mine.length - symbolOnly,
    symbolOnly,
    insideIncidents: inside,
    insideAttacks,
    insideOrganic,
    outsideIncidents: mine.length - inside,
  };
}

function roleScore(hits: number, named: number, involved: number): RoleScore {
  const precision = ratio(hits, named);
  const recall = ratio(hits, involved);
  return { hits, named, involved, precision, recall, f1: f1(precision, recall) };
}

/**
 * One rule's metrics in one run (definitions in this file's header). Alerts
 * of other rules are ignored, so the whole run's alert list may be passed.
 */
export function ruleRunMetrics(input: RunInput, rule: string, options: MatchOptions = {}): RuleRunMetrics {
  checkSpan(input.span);
  const { truth } = input;
  const mine = input.alerts.filter((a) => a.rule === rule);
  const runRoles = roleIndex(truth);
  const matches = matchRule(truth, mine, rule, options);

  // Roles: accounts by run role, named anywhere, involved and named in windows.
  const roles = {} as Record<Role, RoleTally>;
  for (const r of ROLES) roles[r] = { accounts: 0, named: 0, involved: 0, involvedNamed: 0 };
  for (const a of truth.accounts) roles[a.role].accounts += 1;
  const namedAnywhere = new Set<number>();
  for (const a of mine) for (const acc of a.accounts) namedAnywhere.add(acc);
  let honestNamed = 0;
  let unknownNamed = 0;
  let attackerNamed = false;
  for (const acc of namedAnywhere) {
    const role = runRoles.get(acc);
    if (role === undefined) {
      unknownNamed += 1;
      continue;
    }
    roles[role].named += 1;
    if (isHonest(role)) honestNamed += 1;
    if (role === 'attacker') attackerNamed = true;
  }
  for (const i of truth.incidents) for (const a of i.accounts) roles[a.role].involved += 1;
  for (const m of [...matches.attacks, ...matches.organic]) {
    for (const r of ROLES) roles[r].involvedNamed += m.named.involved[r];
  }

  // Accounts over attack incidents, as (incident, account) pairs.
  let named = 0;
  let attackerHits = 0;
  let victimHits = 0;
  let attackers = 0;
  let victims = 0;
  for (const m of matches.attacks) {
    named += m.named.accounts;
    attackerHits += m.named.involved.attacker;
    victimHits += m.named.involved.victim;
  }
  for (const i of truth.incidents) {
    if (i.kind !== 'attack') continue;
    for (const a of i.accounts) {
      if (a.role === 'attacker') attackers += 1;
      if (a.role === 'victim') victims += 1;
    }
  }

  // Honest accounts named inside organic windows (distinct over the union).
  const honestInOrganic = new Set<number>();
  for (const i of truth.incidents) {
    if (i.kind !== 'organic') continue;
    const inc = incidentRoles(i);
    for (const a of alertsInIncident(mine, i, options)) {
      for (const acc of a.accounts) if (isHonest(inc.get(acc) ?? runRoles.get(acc))) honestInOrganic.add(acc);
    }
  }

  const attacks = matches.attacks;
  let runScore = 0;
  for (const a of mine) if (a.score > runScore) runScore = a.score;
  return {
    rule,
    runScore,
    alerts: alertVolume(input, mine, options),
    detection: {
      attacks: attacks.length,
      detected: attacks.filter((m) => m.detected).length,
      detectedSymbolOnly: attacks.filter((m) => m.detectedSymbolOnly).length,
      withHarmPoint: attacks.filter((m) => m.harmPoint !== null).length,
      beforeHarm: attacks.filter((m) => m.beforeHarm === true).length,
      symbolOnlyBeforeHarm: attacks.filter((m) => m.symbolOnlyBeforeHarm === true).length,
    },
    accounts: {
      attacker: roleScore(attackerHits, named, attackers),
      victim: roleScore(victimHits, named, victims),
      involved: roleScore(attackerHits + victimHits, named, attackers + victims),
    },
    roles,
    attackerNamed: roles.attacker.accounts === 0 ? null : attackerNamed,
    honestNamed,
    honestNamedInOrganic: honestInOrganic.size,
    unknownNamed,
    incidents: { attacks: matches.attacks, organic: matches.organic },
  };
}

/** {@link ruleRunMetrics} for each rule, in the order given (rules without alerts included). */
export function runMetrics(input: RunInput, rules: readonly string[], options: MatchOptions = {}): RuleRunMetrics[] {
  return rules.map((r) => ruleRunMetrics(input, r, options));
}

/**
 * Per account, the rule's highest score naming it, anywhere in the run: every
 * account whose run role is attacker or victim (target; score null when never
 * named) and every honest account the rule named. Accounts the truth gives no
 * role are left out. Ascending by account id. Input to `accountSweep`.
 */
export function accountScores(truth: GroundTruth, alerts: readonly Alert[], rule: string): AccountScore[] {
  const best = new Map<number, number>();
  for (const a of alerts) {
    if (a.rule !== rule) continue;
    for (const acc of a.accounts) best.set(acc, Math.max(best.get(acc) ?? -Infinity, a.score));
  }
  const out: AccountScore[] = [];
  for (const a of [...truth.accounts].sort((x, y) => x.account - y.account)) {
    const target = a.role === 'attacker' || a.role === 'victim';
    const score = best.get(a.account) ?? null;
    if (target || score !== null) out.push({ account: a.account, role: a.role, target, score });
  }
  return out;
}
