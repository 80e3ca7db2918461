import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import {
  heldOut,
  highIn,
  HIT_AFTER_MS,
  percentile,
  HIT_BEFORE_MS,
  pumpFigures,
  pumpGrid,
  ruleConfig,
  scoreRules,
  TRADE_LEVEL_RULES,
  type GridEntry,
  type ScoredCases,
} from '../../evaluate/index.js';
import { stableStringify, writeFileAtomic } from '../../io/index.js';
import { InputError } from '../errors.js';
import { loadPumpData, type PumpData } from '../realdata-pumps-data.js';
import { natsdCheck, type NatsdResult } from '../realdata-natsd.js';
import {
  falseAlarmsCsv,
  isoTime,
  markdownTable,
  missesCsv,
  summaryRows,
  textTable,
  topAlarmsText,
  type LabelledAlarm,
  type Miss,
  type RuleResult,
} from '../realdata-pumps-report.js';

export const REALDATA_RESULTS_SCHEMA_VERSION = 1;
/** The objective's bound: false alarms per market-day on the negatives, excluding screened spikes. */
const MAX_FA_PER_DAY = 0.1;
/** The stretch bound, reported beside it. */
const STRETCH_FA_PER_DAY = 0.05;

/** ../shared/realdata beside the project, as the team lays it out. */
const defaultRealdata = fileURLToPath(new URL('../../../../../shared/realdata/', import.meta.url));

const showProgress = () => process.stderr.isTTY === true && !process.env['CI'];
const progress = (note: string) => {
  if (showProgress()) process.stderr.write(`\r${note}\x1b[K`);
};

/** True when the parameters, defaults filled in, are the rule's defaults. */
function isDefault(rule: string, params: Record<string, unknown>): boolean {
  const def = ruleConfig({ rule, label: '', params }).definition;
  return stableStringify(def.params.parse(params)) === stableStringify(def.params.parse({}));
}

function labelledAlarms(rule: string, s: ScoredCases): LabelledAlarm[] {
  return [
    ...s.negatives.flatMap((n) => n.alarms.map((a) => ({ ...a, rule, source: 'negatives' }))),
    ...s.events.flatMap((e) => e.preAlarms.map((a) => ({ ...a, rule, source: 'pre-pump' }))),
    ...s.longWindows.flatMap((l) => l.alarms.map((a) => ({ ...a, rule, source: 'long-window' }))),
  ];
}

/** Every visible event with its size (peak over the last price before T − 60 s) and first-minute trades. */
function eventShapes(rule: string, s: ScoredCases, data: PumpData): Miss[] {
  const tapes = new Map(data.events.map((e) => [e.id, e.tape]));
  return s.events
    .filter((e) => e.visible)
    .map((e) => {
      const tape = tapes.get(e.id)!;
      const T = e.announcedMs;
      let pre = 0;
      let inFirstMinute = 0;
      for (let i = 0; i < tape.length; i++) {
        const t = tape.t[i]!;
        if (t < T - HIT_BEFORE_MS) pre = tape.price[i]!;
        else if (t < T + 60_000 && t >= T) inFirstMinute++;
      }
      const peak = highIn(tape, T, T + HIT_AFTER_MS);
      return { rule, event: e, riseOverPre: pre > 0 ? peak / pre : null, tradesFirstMinute: inFirstMinute };
    });
}

/** One line on what the misses have in common, against the caught pumps. */
function missSummary(rule: string, shapes: readonly Miss[]): string {
  const med = (xs: readonly Miss[]) => percentile(xs.map((m) => m.riseOverPre).filter((x): x is number => x !== null), 0.5);
  const missed = shapes.filter((m) => !m.event.detected);
  const caught = shapes.filter((m) => m.event.detected);
  const f = (x: number | null) => (x === null ? '-' : `x${x.toFixed(2)}`);
  const small = missed.filter((m) => (m.riseOverPre ?? 0) < 1.1).length;
  const early = missed.filter((m) => m.event.early > 0).length;
  return `${rule}: ${missed.length} misses; peak over the price before T - 60 s: median ${f(med(missed))} (caught: ${f(med(caught))}); ${small} rose < 10%; ${early} had an alert in [T - 5 min, T - 60 s) (a pre-pump before the credited window).`;
}

/**
 * `surveil realdata pumps [--realdata DIR] [--out DIR] [--splits N] [--seed N] [--grid full|defaults] [--coins A,B] [--json]`:
 * the trade-level pump rules over the real Binance pump trades, scored with
 * held-out parameter choice (see evaluate/pump-heldout.ts).
 */
export function realdataCommand(y: Argv): Argv {
  return y.command('realdata <dataset>', 'run the rules over real market data (../shared/realdata) and score them', (c) =>
    c
      .positional('dataset', { choices: ['pumps'] as const, demandOption: true, describe: 'pumps: Binance trades around 212 Telegram pumps, with ordinary days' })
      .option('realdata', { type: 'string', default: defaultRealdata, describe: 'the realdata folder (holds binance-pump-trades/, lamorgia-pump-list/, natsd-organic-spikes/)' })
      .option('out', { type: 'string', default: '.surveil/realdata/pumps', describe: 'write results.json, false-alarms.csv, misses.csv, report.md here' })
      .option('splits', { type: 'number', default: 20, describe: 'random train/test splits by coin for the held-out figures' })
      .option('seed', { type: 'number', default: 1, describe: 'seed of the splits and bootstraps' })
      .option('grid', { choices: ['full', 'defaults'] as const, default: 'full' as const, describe: 'parameter sets searched on each train half; defaults: each rule\'s defaults only (a quick run)' })
      .option('coins', { type: 'string', describe: 'only these coins, e.g. ADX,NAV (a quick run; figures are not comparable)' })
      .option('json', { type: 'boolean', default: false, describe: 'print results.json instead of the table' }),
    async (args) => {
      if (!Number.isInteger(args.splits) || args.splits < 1) throw new InputError(`--splits must be a positive integer, got ${args.splits}`);
      if (!Number.isSafeInteger(args.seed)) throw new InputError(`--seed must be an integer, got ${args.seed}`);
      if (!existsSync(join(args.realdata, 'binance-pump-trades'))) throw new InputError(`--realdata ${args.realdata}: no binance-pump-trades/ folder in it`);
      const coins = args.coins === undefined ? null : new Set(args.coins.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean));

      const data = await loadPumpData(args.realdata, { coins, progress: (n) => progress(`reading: ${n}`) });
      if (data.events.length === 0) throw new InputError(`no pump events${coins === null ? '' : ` for --coins ${args.coins}`}`);
      const grid = args.grid === 'full' ? pumpGrid() : TRADE_LEVEL_RULES.map((rule) => ({ rule, label: 'defaults', params: {} }));
      const entries: GridEntry[] = grid.map((p, i) => {
        progress(`replaying: ${i + 1}/${grid.length} ${p.rule} ${p.label}`);
        return { ...p, scored: scoreRules(data, [ruleConfig(p)]) };
      });
      if (showProgress()) process.stderr.write('\r\x1b[K');

      const results: RuleResult[] = [];
      const alarms: LabelledAlarm[] = [];
      const missed: Miss[] = [];
      const missNotes: string[] = [];
      for (const rule of TRADE_LEVEL_RULES) {
        const mine = entries.filter((e) => e.rule === rule);
        let def = mine.find((e) => isDefault(rule, e.params));
        if (def === undefined) {
          const p = { rule, label: 'defaults', params: {} };
          def = { ...p, scored: scoreRules(data, [ruleConfig(p)]) };
        }
        results.push({
          rule,
          defaultLabel: def.label,
          defaults: pumpFigures(def.scored, null, { seed: args.seed, path: [rule, 'defaults'] }),
          heldOut: heldOut(mine, args.seed, args.splits, { maxFaPerDay: MAX_FA_PER_DAY }),
          heldOutStretch: heldOut(mine, args.seed, args.splits, { maxFaPerDay: STRETCH_FA_PER_DAY, targetRecall: 0.92 }),
        });
        alarms.push(...labelledAlarms(rule, def.scored));
        const shapes = eventShapes(rule, def.scored, data);
        missed.push(...shapes.filter((m) => !m.event.detected));
        missNotes.push(missSummary(rule, shapes));
      }
      const natsd: NatsdResult | null = coins === null ? natsdCheck(args.realdata) : null;

      const rows = summaryRows(results);
      const out = {
        schemaVersion: REALDATA_RESULTS_SCHEMA_VERSION,
        dataset: 'pumps',
        seed: args.seed,
        splits: args.splits,
        gridMode: args.grid,
        coins: coins === null ? null : [...coins].sort(),
        objective: { maxFaPerDayExcludingScreened: MAX_FA_PER_DAY, stretchMaxFaPerDay: STRETCH_FA_PER_DAY, pick: 'max held-in recall, then fewer false alarms, then shorter median delay' },
        data: {
          files: data.files,
          rows: data.stats.rows,
          duplicateRowsDropped: data.stats.duplicates,
          trades: data.stats.kept,
          events: data.events.length,
          visibleEvents: data.events.filter((e) => e.visible).length,
          negativeFiles: data.negatives.length,
          negativeMarketDays: data.negatives.reduce((a, n) => a + n.marketDays, 0),
          longWindows: data.longWindows.map((l) => ({ file: l.id, knownPumpsUtc: l.pumpsMs.map(isoTime) })),
        },
        rules: Object.fromEntries(results.map((r) => [r.rule, r])),
        grid: entries.map((e) => ({ rule: e.rule, label: e.label, params: e.params, figures: pumpFigures(e.scored, null, { resamples: 0 }) })),
        longWindowPumps: Object.fromEntries(
          results.map((r) => {
            const def = entries.find((e) => e.rule === r.rule && e.label === r.defaultLabel);
            return [r.rule, (def?.scored.longWindows ?? []).map((l) => ({ file: l.id, pumps: l.pumps.map((p) => ({ utc: isoTime(p.unixMs), delayMs: p.delayMs })) }))];
          }),
        ),
        natsd,
        misses: missNotes,
      };
      const top = topAlarmsText(alarms, 10);
      const md = [
        '# Real pumps: trade-level rules on Binance pump trades',
        '',
        `Seed ${args.seed}, ${args.splits} splits by coin; objective: most pumps caught with at most ${MAX_FA_PER_DAY} false alarms per market-day (negatives, screened spikes excluded) on the train half.`,
        `Data: ${data.events.length} events (${out.data.visibleEvents} visible), ${data.negatives.length} negative files (${out.data.negativeMarketDays.toFixed(1)} market-days), ${data.longWindows.length} long windows; ${data.stats.rows} rows, ${data.stats.duplicates} duplicate rows dropped.`,
        '',
        'Held-out rows: mean over splits [2.5%, 97.5% of the split values]. Defaults rows: Wilson interval for recall, exact Poisson for false alarms.',
        '',
        markdownTable(rows),
        '',
        '## Misses (default parameters; misses.csv)',
        '',
        ...missNotes.map((n) => `- ${n}`),
        '',
        '## Top false alarms on the negatives (default parameters)',
        '',
        '```',
        top,
        '```',
        '',
        natsd === null ? '' : `## Organic spikes (natsd)\n\n${natsd.summary}\n`,
      ].join('\n');
      await writeFileAtomic(join(args.out, 'results.json'), `${stableStringify(out)}\n`);
      await writeFileAtomic(join(args.out, 'false-alarms.csv'), falseAlarmsCsv(alarms));
      await writeFileAtomic(join(args.out, 'misses.csv'), missesCsv(missed));
      await writeFileAtomic(join(args.out, 'report.md'), md);
      if (args.json) {
        process.stdout.write(`${stableStringify(out)}\n`);
        return;
      }
      process.stdout.write(`${textTable(rows)}\n\n${missNotes.join('\n')}\n\ntop false alarms on the negatives (defaults):\n${top}\n`);
      if (natsd !== null) process.stdout.write(`\n${natsd.summary}\n`);
      process.stdout.write(`\nwritten to ${args.out}/ (results.json, false-alarms.csv, misses.csv, report.md)\n`);
    },
  );
}
