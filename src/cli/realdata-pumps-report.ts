/**
 * What `surveil realdata pumps` prints and writes: the table on stdout, the
 * report.md, and the false-alarm and miss lists as CSV. Formatting only; the
 * figures come from evaluate/.
 */
import type { EventScore, FalseAlarm, HeldOut, PumpFigures, Spread } from '../evaluate/index.js';

export interface RuleResult {
  rule: string;
  /** Label of the default parameter set in the grid. */
  defaultLabel: string;
  defaults: PumpFigures;
  heldOut: HeldOut;
  /** The same with the stretch bound on false alarms. */
  heldOutStretch: HeldOut;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('.000Z', 'Z');
const pct = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(d)}%`);
const sec = (ms: number | null | undefined) => (ms === null || ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);
const rate = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(3));
const range = (s: Spread, f: (x: number | null) => string) => `${f(s.mean)} [${f(s.low)}, ${f(s.high)}]`;

/** Rows of the summary table: one for each rule's defaults on all data, one for its held-out figures. */
export function summaryRows(results: readonly RuleResult[]): string[][] {
  const head = ['rule', 'figures', 'recall (visible)', 'delay p50', 'delay p90', 'FA/day excl. screened', 'FA/day raw', 'FA/day pre-pump', 'FA/day long windows / targets'];
  const rows = [head];
  for (const r of results) {
    const d = r.defaults;
    rows.push([
      r.rule,
      'defaults, all data',
      `${pct(d.recall.rate)} (${d.recall.successes}/${d.recall.n}) [${pct(d.recall.low)}, ${pct(d.recall.high)}]`,
      sec(d.delay.medianMs),
      sec(d.delay.p90Ms),
      `${rate(d.negatives.excludingScreened.rate)} [${rate(d.negatives.excludingScreened.low)}, ${rate(d.negatives.excludingScreened.high)}]`,
      `${rate(d.negatives.raw.rate)} (${d.negatives.raw.count})`,
      `${rate(d.prePump.rate)} (${d.prePump.count})`,
      d.longWindows === null ? '-' : `${rate(d.longWindows.rate)} (${d.longWindows.count})`,
    ]);
    for (const [h, bound] of [[r.heldOut, 'FA<=0.10'], [r.heldOutStretch, 'FA<=0.05']] as const) rows.push(heldOutRow(r.rule, h, bound));
  }
  return rows;
}

function heldOutRow(rule: string, h: HeldOut, bound: string): string[] {
  return [
      rule,
      `held out (${bound}), ${h.splits.length} splits`,
      range(h.recall, (x) => pct(x)),
      range(h.delayMedianMs, sec),
      range(h.delayP90Ms, sec),
      range(h.faPerDay, rate),
      range(h.faPerDayRaw, rate),
      range(h.prePumpFaPerDay, rate),
      `${h.splitsMeetingTarget}/${h.splits.length} splits meet`,
  ];
}

export function textTable(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export function markdownTable(rows: readonly string[][]): string {
  const line = (r: readonly string[]) => `| ${r.join(' | ')} |`;
  return [line(rows[0]!), line(rows[0]!.map(() => '---')), ...rows.slice(1).map(line)].join('\n');
}

const csvField = (v: string | number | boolean | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (rows: readonly (readonly (string | number | boolean | null)[])[]) => rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';

export interface LabelledAlarm extends FalseAlarm {
  rule: string;
  /** negatives, pre-pump, long-window */
  source: string;
}

export function falseAlarmsCsv(alarms: readonly LabelledAlarm[]): string {
  return csv([
    ['rule', 'source', 'file', 'coin', 'time_utc', 'unix_ms', 'screened_spike', 'score', 'explanation'],
    ...alarms.map((a) => [a.rule, a.source, a.case, a.coin, iso(a.unixMs), a.unixMs, a.screened, a.score.toFixed(3), a.explanation]),
  ]);
}

export interface Miss {
  rule: string;
  event: EventScore;
  /** Highest price in [T, T + 30 min] over the last price before T − 60 s. */
  riseOverPre: number | null;
  tradesFirstMinute: number;
}

export function missesCsv(misses: readonly Miss[]): string {
  return csv([
    ['rule', 'event_file', 'coin', 'announced_utc', 'peak_over_pre', 'trades_first_minute', 'early_alerts_T-5min_to_T-60s', 'pre_pump_false_alarms'],
    ...misses.map((m) => [
      m.rule,
      m.event.id,
      m.event.coin,
      iso(m.event.announcedMs),
      m.riseOverPre === null ? null : m.riseOverPre.toFixed(3),
      m.tradesFirstMinute,
      m.event.early,
      m.event.preAlarms.length,
    ]),
  ]);
}

export function topAlarmsText(alarms: readonly LabelledAlarm[], n: number): string {
  const top = [...alarms].filter((a) => a.source === 'negatives').sort((a, b) => b.score - a.score || a.unixMs - b.unixMs).slice(0, n);
  return top.map((a) => `${a.rule.padEnd(13)} ${iso(a.unixMs)} ${a.coin.padEnd(6)} score ${a.score.toFixed(2)}${a.screened ? ' (screened spike)' : ''}`).join('\n');
}

export function isoTime(ms: number): string {
  return iso(ms);
}
