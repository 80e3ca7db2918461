/**
 * Response policies side by side, as tables: the run with no policy (`none`)
 * first, then each policy of the suite in matrix order. The pooled table reads
 * attacker proceeds withdrawn and prevented, victims' loss and what happened to
 * victims over the attack scenarios, and honest accounts restricted over the
 * organic ones (the customer-harm measure); the per-scenario table holds every
 * policy x scenario. Amounts are integer quote units in the results, shown as
 * decimals of the quote asset (format.ts `fmtQuote`).
 */
import { ATTACK_SCENARIOS, NO_POLICY, ORGANIC_SCENARIOS, type MeanInterval, type PolicyAggregate, type SuiteResults } from '../evaluate/index.js';
import { DASH, fmtHours, fmtInterval, fmtNumber, fmtQuote, fmtRate } from './format.js';
import type { Table } from './tables.js';

/** `none`, then the suite's policies in matrix order. */
export function policyNames(results: SuiteResults): string[] {
  return results.matrix.policies.length === 0 ? [] : [NO_POLICY, ...results.matrix.policies.map((p) => p.name)];
}

/** The aggregate of a policy over a scenario label (or `*attack` / `*organic`), if any. */
export function policyAggregate(results: SuiteResults, policy: string, scenario: string): PolicyAggregate | undefined {
  return results.policies.find((p) => p.policy === policy && p.scenario === scenario);
}

/** Quote asset and decimals of the suite's amounts (from the first aggregate). */
export function quoteOf(results: SuiteResults): { asset: string; decimals: number } {
  const a = results.policies[0];
  return { asset: a?.quoteAsset ?? '', decimals: a?.quoteDecimals ?? 0 };
}

/** A value with its interval; none when the interval is a single point (every seed the same). */
const withCi = (value: string, m: MeanInterval, f: (x: number) => string) => {
  const ci = m.low !== null && m.low === m.high ? '' : fmtInterval(m.low, m.high, f);
  return ci === '' ? value : `${value} ${ci}`;
};

/**
 * Amounts withdrawn and hours cannot be negative, but a t interval over few
 * seeds can reach below 0: shown from 0 (metrics.csv keeps the interval as is).
 */
const atLeast0 = (m: MeanInterval): MeanInterval => ({ ...m, low: m.low === null ? null : Math.max(0, m.low) });

/** An amount with its interval: `25.28 BTC [16.83–33.74]`. */
function money(m: MeanInterval, a: PolicyAggregate, ci = true): string {
  const f = (x: number) => fmtQuote(x, a.quoteDecimals);
  const v = fmtQuote(m.mean, a.quoteDecimals, a.quoteAsset);
  return ci ? withCi(v, m, f) : v;
}

const count = (m: MeanInterval | undefined) => (m === undefined ? DASH : fmtNumber(m.mean));
const hours = (m: MeanInterval | undefined) => (m === undefined ? DASH : fmtHours(m.mean));
/** Accounts and their hours under restriction: `27.1 · 45.2 h`. */
const restricted = (n: MeanInterval | undefined, h: MeanInterval | undefined) => (n === undefined ? DASH : `${fmtNumber(n.mean)} · ${fmtHours(h?.mean)}`);
/** Attack-pool value · organic-pool value. */
const pair = (a: string, o: string) => `${a} · ${o}`;

/** Prevented against `none`: amount and share of none's mean (`25.28 BTC (100%) [16.83–33.74]`); a dash for `none` itself. */
function prevented(policy: string, a: PolicyAggregate | undefined, none: PolicyAggregate | undefined, ci = true): string {
  if (policy === NO_POLICY || a === undefined) return DASH;
  const base = none?.impact.attackerProceedsWithdrawn.mean ?? null;
  const share = base !== null && base > 0 && a.proceedsPrevented.mean !== null ? ` (${fmtRate(a.proceedsPrevented.mean / base)})` : '';
  const v = `${fmtQuote(a.proceedsPrevented.mean, a.quoteDecimals, a.quoteAsset)}${share}`;
  return ci ? withCi(v, a.proceedsPrevented, (x) => fmtQuote(x, a.quoteDecimals)) : v;
}

/** Pooled over attack and organic scenarios, one row per policy (`none` first). */
export function policyTable(results: SuiteResults): Table {
  const noneAttack = policyAggregate(results, NO_POLICY, ATTACK_SCENARIOS);
  return {
    head: [
      'policy',
      'proceeds withdrawn',
      'prevented vs none',
      "victims' net loss",
      'victims protected (key revoked)',
      'victims restricted (funds held) · h',
      'honest restricted · h',
      'honest restricted · restriction hours',
      'trades reversed',
      'quote unrecovered',
      'halt hours',
    ],
    groups: ['', ...Array<string>(6).fill('attack runs'), 'organic runs', ...Array<string>(3).fill('attack · organic runs')],
    align: ['left', ...Array<'right'>(10).fill('right')],
    rows: policyNames(results).map((policy) => {
      const a = policyAggregate(results, policy, ATTACK_SCENARIOS);
      const o = policyAggregate(results, policy, ORGANIC_SCENARIOS);
      const ai = a?.impact;
      const oi = o?.impact;
      const q = a ?? o;
      const quote = (x: PolicyAggregate | undefined) => (x === undefined ? DASH : fmtQuote(x.impact.quoteUnrecovered.mean, x.quoteDecimals));
      return [
        policy,
        a === undefined ? DASH : money(atLeast0(a.impact.attackerProceedsWithdrawn), a),
        prevented(policy, a, noneAttack),
        a === undefined ? DASH : money(a.impact.victimLossNet, a),
        count(ai?.victimsProtected),
        restricted(ai?.victimsRestricted, ai?.victimRestrictionHours),
        restricted(ai?.honestRestricted, ai?.honestRestrictionHours),
        oi === undefined ? DASH : withCi(restricted(oi.honestRestricted, oi.honestRestrictionHours), atLeast0(oi.honestRestrictionHours), fmtNumber),
        pair(count(ai?.tradesReversed), count(oi?.tradesReversed)),
        `${pair(quote(a), quote(o))}${q === undefined ? '' : ` ${q.quoteAsset}`}`,
        pair(hours(ai?.haltHours), hours(oi?.haltHours)),
      ];
    }),
  };
}

/** The Markdown version of {@link policyTable}: the trade-off in six columns, means only. */
export function policyCompactTable(results: SuiteResults): Table {
  const noneAttack = policyAggregate(results, NO_POLICY, ATTACK_SCENARIOS);
  return {
    head: ['policy', 'proceeds withdrawn / attack run', 'prevented vs none', "victims' net loss / attack run", 'victims protected · restricted', 'honest restricted · hours / organic run'],
    align: ['left', 'right', 'right', 'right', 'right', 'right'],
    rows: policyNames(results).map((policy) => {
      const a = policyAggregate(results, policy, ATTACK_SCENARIOS);
      const o = policyAggregate(results, policy, ORGANIC_SCENARIOS);
      return [
        policy,
        a === undefined ? DASH : money(a.impact.attackerProceedsWithdrawn, a, false),
        prevented(policy, a, noneAttack, false),
        a === undefined ? DASH : money(a.impact.victimLossNet, a, false),
        a === undefined ? DASH : `${fmtNumber(a.impact.victimsProtected.mean)} · ${fmtNumber(a.impact.victimsRestricted.mean)}`,
        restricted(o?.impact.honestRestricted, o?.impact.honestRestrictionHours),
      ];
    }),
  };
}

/** Policy x scenario: scenarios in matrix order, `none` first within each; means per run over the scenario's seeds. */
export function policyScenarioTable(results: SuiteResults): Table {
  const names = policyNames(results);
  const rows: string[][] = [];
  for (const s of results.matrix.scenarios) {
    const none = policyAggregate(results, NO_POLICY, s.name);
    for (const policy of names) {
      const a = policyAggregate(results, policy, s.name);
      if (a === undefined) {
        rows.push([s.name, policy, ...Array<string>(8).fill(DASH)]);
        continue;
      }
      const i = a.impact;
      rows.push([
        s.name,
        policy,
        money(atLeast0(i.attackerProceedsWithdrawn), a),
        prevented(policy, a, none),
        money(i.victimLossNet, a, false),
        `${fmtNumber(i.victimsProtected.mean)} · ${restricted(i.victimsRestricted, i.victimRestrictionHours)}`,
        withCi(restricted(i.honestRestricted, i.honestRestrictionHours), atLeast0(i.honestRestrictionHours), fmtNumber),
        fmtNumber(i.tradesReversed.mean),
        fmtQuote(i.quoteUnrecovered.mean, a.quoteDecimals, a.quoteAsset),
        fmtHours(i.haltHours.mean),
      ]);
    }
  }
  return {
    head: [
      'scenario',
      'policy',
      'proceeds withdrawn / run',
      'prevented vs none',
      "victims' net loss / run",
      'victims protected · restricted · hours',
      'honest restricted · hours',
      'trades reversed',
      'quote unrecovered',
      'halt hours',
    ],
    align: ['left', 'left', ...Array<'right'>(8).fill('right')],
    rows,
  };
}

/** The policies of the suite: name, description, file hash. */
export function policyListTable(results: SuiteResults): Table {
  return {
    head: ['policy', 'file SHA-256', 'what it does'],
    align: ['left', 'left', 'left'],
    rows: results.matrix.policies.map((p) => [p.name, p.fileSha256.slice(0, 16), p.description.trim().replace(/\s+/g, ' ') || DASH]),
  };
}
