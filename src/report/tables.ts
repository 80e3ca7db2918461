/**
 * The report's tables as plain text, before any format: Markdown and HTML
 * render the same tables, each escaping cells its own way. Rows follow the
 * results' order (matrix order of rules and scenarios, then seeds), so output
 * is deterministic.
 */
import type { BaselineDiff, MetricChange, SuiteResults } from '../evaluate/index.js';
import { cellIndex, cellKey, headline } from './cells.js';
import { DASH, fmtDuration, fmtInterval, fmtNumber, fmtPoints, fmtQuote, fmtRate, fmtScore, fmtSigned } from './format.js';
import { fmtMetric, kindOfMetric } from './metric-rows.js';

export type Tone = 'good' | 'bad' | 'warn' | 'muted';

export interface Table {
  head: string[];
  /** Per column: numbers right-aligned. */
  align: ('left' | 'right')[];
  rows: string[][];
  /** Optional per-row tone (HTML colours the row; Markdown ignores it). */
  tones?: (Tone | null)[];
  /** Optional per-column group label: HTML spans runs of equal labels over the head; Markdown prefixes the head with it. */
  groups?: string[];
}

const withCi = (value: string, low: number | null, high: number | null, f: (x: number) => string) => {
  const ci = fmtInterval(low, high, f);
  return ci === '' ? value : `${value} ${ci}`;
};

/** The scenario kind shown next to a label. */
export const kindLabel = (attack: boolean) => (attack ? 'attack' : 'organic');

/** Rule x scenario headlines (cells.ts), plus run-level ROC AUC. */
export function mainTable(results: SuiteResults): Table {
  const cells = cellIndex(results);
  const scenarios = results.matrix.scenarios;
  const auc = new Map(results.rules.map((r) => [r.rule, r.separability.rocAuc]));
  return {
    head: ['rule', ...scenarios.map((s) => `${s.name} (${kindLabel(s.attack)})`), 'ROC AUC'],
    align: ['left', ...scenarios.map(() => 'right' as const), 'right'],
    rows: results.matrix.rules.map((r) => [
      r.name,
      ...scenarios.map((s) => headline(cells.get(cellKey(r.name, s.name)), s.attack).text),
      fmtScore(auc.get(r.name)),
    ]),
  };
}

/** Per rule: separability, and the pooled attack and organic summaries. */
export function ruleSummaryTable(results: SuiteResults): Table {
  return {
    head: ['rule', 'ROC AUC', 'PR AUC', 'attack runs / organic runs', 'detected', 'before harm', 'attacker named', 'victim recall', 'median latency', 'honest named / organic run', 'organic alerts / day'],
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    rows: results.rules.map((r) => {
      const a = r.attacks;
      const o = r.organic;
      return [
        r.rule,
        fmtScore(r.separability.rocAuc),
        fmtScore(r.separability.prAuc),
        `${r.separability.positives} / ${r.separability.negatives}`,
        withCi(fmtRate(a.detection.rate), a.detection.low, a.detection.high, fmtRate),
        withCi(fmtRate(a.beforeHarm.rate), a.beforeHarm.low, a.beforeHarm.high, fmtRate),
        withCi(fmtRate(a.attackerNamed.rate), a.attackerNamed.low, a.attackerNamed.high, fmtRate),
        withCi(fmtRate(a.accounts.victim.recall.ratio), a.accounts.victim.recall.low, a.accounts.victim.recall.high, fmtRate),
        fmtDuration(a.latencyMedianMs),
        withCi(fmtNumber(o.honestNamed.mean), o.honestNamed.low, o.honestNamed.high, fmtNumber),
        withCi(fmtNumber(o.storyAlertsPerMarketDay.mean), o.storyAlertsPerMarketDay.low, o.storyAlertsPerMarketDay.high, fmtNumber),
      ];
    }),
  };
}

/** Impact metrics that are amounts in integer quote units. */
const MONEY_METRICS = new Set([
  'attackerProceedsWithdrawn',
  'attackerTradingGain',
  'victimLossGross',
  'victimLossRecovered',
  'victimLossNet',
  'quoteReversed',
  'quoteUnrecovered',
  'proceedsPrevented',
  'victimLossPrevented',
]);

/** How a gate's value and bounds print: amounts of a policy gate in the quote asset, the rest by metric kind. */
function gateFormatter(results: SuiteResults, g: { policy: string | null; metric: string }): (x: number) => string {
  const quote = g.policy === null ? undefined : results.policies.find((p) => p.policy === g.policy) ?? results.policies[0];
  if (quote !== undefined && MONEY_METRICS.has(g.metric)) return (x) => fmtQuote(x, quote.quoteDecimals, quote.quoteAsset);
  const k = kindOfMetric(g.metric);
  return (x) => fmtMetric(k, x);
}

const boundText = (min: number | null, max: number | null, f: (x: number) => string) =>
  [min !== null ? `≥ ${f(min)}` : null, max !== null ? `≤ ${f(max)}` : null].filter((x) => x !== null).join(' and ') || DASH;

/** Gates: failed error-level first, then failed warn-level, then passing; suite order within each. */
/** What a gate measures: a rule, or a response policy. */
export const gateSubject = (g: { rule: string | null; policy: string | null }): string => g.rule ?? `policy ${g.policy ?? ''}`;

export function gatesTable(results: SuiteResults): Table {
  const rank = (g: SuiteResults['gates'][number]) => (g.pass ? 2 : g.level === 'error' ? 0 : 1);
  const gates = results.gates.map((g, i) => ({ g, i })).sort((a, b) => rank(a.g) - rank(b.g) || a.i - b.i).map((x) => x.g);
  return {
    head: ['result', 'level', 'gate', 'rule or policy', 'metric', 'value', 'needs', 'runs', 'scenarios'],
    align: ['left', 'left', 'left', 'left', 'left', 'right', 'left', 'right', 'left'],
    rows: gates.map((g) => {
      const f = gateFormatter(results, g);
      return [
        g.pass ? 'pass' : 'FAIL',
        g.level,
        g.name,
        gateSubject(g),
        g.on === 'value' ? g.metric : `${g.metric} (${g.on} end of 95% CI)`,
        g.value === null ? 'no data' : f(g.value),
        boundText(g.min, g.max, f),
        String(g.runs),
        g.scenarios.join(', '),
      ];
    }),
    tones: gates.map((g) => (g.pass ? 'good' : g.level === 'error' ? 'bad' : 'warn')),
  };
}

/** One scenario, every rule, with 95% intervals. Attack and organic scenarios show different columns. */
export function scenarioTable(results: SuiteResults, scenario: string, attack: boolean): Table {
  const cells = cellIndex(results);
  const rules = results.matrix.rules.map((r) => r.name);
  if (attack) {
    return {
      head: ['rule', 'detected', 'symbol-only', 'before harm', 'attacker named', 'victim recall', 'involved precision', 'latency (mean)', 'latency (median)', 'honest named / run', 'alerts / day'],
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      rows: rules.map((rule) => {
        const c = cells.get(cellKey(rule, scenario));
        if (c === undefined) return [rule, ...Array<string>(10).fill(DASH)];
        const v = c.accounts.victim.recall;
        const p = c.accounts.involved.precision;
        return [
          rule,
          withCi(`${fmtRate(c.detection.rate)} (${c.detection.successes}/${c.detection.n})`, c.detection.low, c.detection.high, fmtRate),
          fmtRate(c.detectionSymbolOnly.rate),
          withCi(`${fmtRate(c.beforeHarm.rate)} (${c.beforeHarm.successes}/${c.beforeHarm.n})`, c.beforeHarm.low, c.beforeHarm.high, fmtRate),
          withCi(`${fmtRate(c.attackerNamed.rate)} (${c.attackerNamed.successes}/${c.attackerNamed.n})`, c.attackerNamed.low, c.attackerNamed.high, fmtRate),
          withCi(`${fmtRate(v.ratio)} (${v.numerator}/${v.denominator})`, v.low, v.high, fmtRate),
          withCi(`${fmtRate(p.ratio)} (${p.numerator}/${p.denominator})`, p.low, p.high, fmtRate),
          withCi(fmtDuration(c.latencyMs.mean), c.latencyMs.low, c.latencyMs.high, fmtDuration),
          fmtDuration(c.latencyMedianMs),
          withCi(fmtNumber(c.honestNamed.mean), c.honestNamed.low, c.honestNamed.high, fmtNumber),
          withCi(fmtNumber(c.storyAlertsPerMarketDay.mean), c.storyAlertsPerMarketDay.low, c.storyAlertsPerMarketDay.high, fmtNumber),
        ];
      }),
    };
  }
  return {
    head: ['rule', 'honest named / run', 'honest named in the pump / run', 'honest named (all runs)', 'alerts / day', 'mean run score'],
    align: ['left', 'right', 'right', 'right', 'right', 'right'],
    rows: rules.map((rule) => {
      const c = cells.get(cellKey(rule, scenario));
      if (c === undefined) return [rule, ...Array<string>(5).fill(DASH)];
      return [
        rule,
        withCi(fmtNumber(c.honestNamed.mean), c.honestNamed.low, c.honestNamed.high, fmtNumber),
        withCi(fmtNumber(c.honestNamedInOrganic.mean), c.honestNamedInOrganic.low, c.honestNamedInOrganic.high, fmtNumber),
        String(c.honestNamedTotal),
        withCi(fmtNumber(c.storyAlertsPerMarketDay.mean), c.storyAlertsPerMarketDay.low, c.storyAlertsPerMarketDay.high, fmtNumber),
        withCi(fmtScore(c.runScore.mean), c.runScore.low, c.runScore.high, fmtScore),
      ];
    }),
  };
}

/** One row per run: scenario, seed, events, alerts by all rules, rules that detected, event hash. */
export function seedsTable(results: SuiteResults): Table {
  return {
    head: ['scenario', 'seed', 'kind', 'events', 'alerts (all rules)', 'rules detecting', 'events SHA-256'],
    align: ['left', 'right', 'left', 'right', 'right', 'left', 'left'],
    rows: results.runs.map((r) => {
      const detecting = r.metrics.filter((m) => m.detection.detected > 0).map((m) => m.rule);
      return [
        r.scenario,
        String(r.seed),
        kindLabel(r.attack),
        String(r.events),
        String(r.metrics.reduce((s, m) => s + m.alerts.total, 0)),
        r.attack ? detecting.join(', ') || 'none' : DASH,
        r.eventsSha256.slice(0, 16),
      ];
    }),
  };
}

/** Regressions (including removed metrics), then improvements, then added metrics; key order within each. */
export function orderedChanges(diff: BaselineDiff): { regressions: MetricChange[]; improvements: MetricChange[]; added: MetricChange[] } {
  return {
    regressions: diff.changes.filter((c) => c.kind === 'regressed' || c.kind === 'removed'),
    improvements: diff.changes.filter((c) => c.kind === 'improved'),
    added: diff.changes.filter((c) => c.kind === 'added'),
  };
}

export function fmtDelta(c: MetricChange): string {
  if (c.delta === null) return c.kind === 'removed' ? 'removed' : c.kind === 'added' ? 'new' : DASH;
  const kind = kindOfMetric(c.metric);
  if (kind === 'rate') return fmtPoints(c.delta);
  return fmtSigned(c.delta, (v) => fmtMetric(kind, v));
}

/** Changed metrics as rows: rule, scenario, metric, before → after, delta. */
export function changesTable(changes: readonly MetricChange[]): Table {
  return {
    head: ['rule', 'scenario', 'metric', 'before → after', 'change'],
    align: ['left', 'left', 'left', 'right', 'right'],
    rows: changes.map((c) => {
      const k = kindOfMetric(c.metric);
      return [c.rule, c.scenario === '*' ? '* (all scenarios)' : c.scenario, c.metric, `${fmtMetric(k, c.before)} → ${fmtMetric(k, c.after)}`, fmtDelta(c)];
    }),
    tones: changes.map((c) => (c.kind === 'regressed' || c.kind === 'removed' ? 'bad' : c.kind === 'improved' ? 'good' : 'muted')),
  };
}

/** One line on the baseline comparison, for the top of a report. */
export function baselineLine(diff: BaselineDiff): string {
  if (diff.changes.length === 0) return `Baseline: no metric changed (${diff.compared} compared).`;
  const added = diff.changes.filter((c) => c.kind === 'added').length;
  return `Baseline: ${diff.regressions} regressed, ${diff.improvements} improved${added > 0 ? `, ${added} new` : ''} (${diff.compared} compared)${diff.regressions > 0 ? ': the baseline check fails' : ': bless to update the baseline'}.`;
}
