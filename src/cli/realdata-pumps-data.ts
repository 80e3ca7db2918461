/**
 * Loading ../shared/realdata/binance-pump-trades for `surveil realdata pumps`:
 * the index files (events.csv, negatives.csv, negatives_spike_screen.csv,
 * ../lamorgia-pump-list/pump_telegram.csv) and every trade file as a compact
 * tape (parsed once, kept in memory: ~4M trades, ~100 MB). The layout and its
 * caveats are in that folder's PROVENANCE.md.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { LongWindowCase, NegativeCase, PumpEventCase, Spike } from '../evaluate/index.js';
import { DataFormatError, loadPumpTapes, type PumpTradesStats } from '../io/index.js';
import { InputError } from './errors.js';

/**
 * The pump in long_windows/DLTBTC_20210128T1900Z that no list names
 * (PROVENANCE.md: "an unlisted pump on 2021-01-30 at 17:00 UTC, price x2.7
 * within 30 min"): known from the trades, so its time is not a false alarm.
 */
const UNLISTED_PUMPS: Record<string, string[]> = { DLT: ['2021-01-30 17:00:00'] };

export interface PumpData {
  events: PumpEventCase[];
  negatives: NegativeCase[];
  longWindows: LongWindowCase[];
  /** Rows read, duplicates dropped, over every trade file. */
  stats: PumpTradesStats;
  files: number;
}

type Row = Record<string, string>;

function readIndex(path: string): Row[] {
  if (!existsSync(path)) throw new InputError(`${path}: file not found (is --realdata the realdata folder?)`);
  return parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true }) as Row[];
}

/** "2019-07-05 17:00:00" (UTC) to unix ms. */
function utcMs(file: string, row: number, column: string | null, text: string | undefined): number {
  const ms = Date.parse(`${(text ?? '').trim().replace(' ', 'T')}Z`);
  if (!Number.isFinite(ms)) throw new DataFormatError(file, row, column, `"${text}" is not a UTC time`);
  return ms;
}

/** The coin of a file name such as `ADXBTC_20190705T1700Z.csv.gz`. */
const coinOfFile = (name: string) => name.replace(/BTC_\d{8}T\d{4}Z.*$/, '');

export interface LoadOptions {
  /** Only these coins (for quick runs); null for all. */
  coins: ReadonlySet<string> | null;
  /** Called after each trade file with a short progress note. */
  progress?: (note: string) => void;
  /** Worker threads reading trade files (default: all cores). */
  jobs?: number;
}

export async function loadPumpData(realdata: string, opts: LoadOptions): Promise<PumpData> {
  const dir = join(realdata, 'binance-pump-trades');
  const keep = (coin: string) => opts.coins === null || opts.coins.has(coin);
  // First the index files, noting which trade file each case needs; then every
  // trade file at once, on all cores (tapes come back in the order asked).
  const wanted: string[] = [];
  const slot = (rel: string) => wanted.push(join(dir, rel)) - 1;

  const eventsCsv = join(dir, 'events.csv');
  const eventRows: (Omit<PumpEventCase, 'tape'> & { slot: number })[] = [];
  for (const [i, r] of readIndex(eventsCsv).entries()) {
    const coin = r.symbol ?? '';
    if (!keep(coin)) continue;
    const announcedMs = Number(r.announced_ms);
    if (!Number.isSafeInteger(announcedMs)) throw new DataFormatError(eventsCsv, i + 2, 'announced_ms', `"${r.announced_ms}" is not unix ms`);
    const id = r.event_file ?? '';
    eventRows.push({ id, coin, announcedMs, visible: r.visible_pump_at_announce === 'yes', slot: slot(id) });
  }

  const screenCsv = join(dir, 'negatives_spike_screen.csv');
  const spikes = new Map<string, Spike[]>();
  for (const [i, r] of readIndex(screenCsv).entries()) {
    const list = spikes.get(r.file ?? '') ?? [];
    list.push({ onsetMs: utcMs(screenCsv, i + 2, 'onset_utc', r.onset_utc), peakMs: utcMs(screenCsv, i + 2, 'peak_utc', r.peak_utc) });
    spikes.set(r.file ?? '', list);
  }
  const negativesCsv = join(dir, 'negatives.csv');
  const negativeRows: (Omit<NegativeCase, 'tape'> & { slot: number })[] = [];
  for (const [i, r] of readIndex(negativesCsv).entries()) {
    const coin = r.symbol ?? '';
    if (!keep(coin)) continue;
    const marketDays = Number(r.market_days);
    if (!(marketDays > 0)) throw new DataFormatError(negativesCsv, i + 2, 'market_days', `"${r.market_days}" is not a positive number`);
    const id = r.file ?? '';
    negativeRows.push({ id, coin, marketDays, spikes: spikes.get(id) ?? [], slot: slot(id) });
  }

  // Known pumps per coin: every listed pump on any exchange (as negatives/ was cut), plus the unlisted ones above.
  const listCsv = join(realdata, 'lamorgia-pump-list', 'pump_telegram.csv');
  const pumps = new Map<string, number[]>();
  for (const [i, r] of readIndex(listCsv).entries()) {
    const list = pumps.get(r.symbol ?? '') ?? [];
    list.push(utcMs(listCsv, i + 2, 'date', `${r.date} ${r.hour}:00`));
    pumps.set(r.symbol ?? '', list);
  }
  for (const e of eventRows) pumps.set(e.coin, [...(pumps.get(e.coin) ?? []), e.announcedMs]);
  for (const [coin, times] of Object.entries(UNLISTED_PUMPS)) {
    pumps.set(coin, [...(pumps.get(coin) ?? []), ...times.map((t) => utcMs('UNLISTED_PUMPS', 1, null, t))]);
  }
  const longDir = join(dir, 'long_windows');
  const longRows = readdirSync(longDir)
    .sort()
    .filter((name) => keep(coinOfFile(name)))
    .map((name) => ({ name, coin: coinOfFile(name), slot: slot(join('long_windows', name)) }));

  const { tapes, stats } = await loadPumpTapes(wanted, opts.jobs ?? availableParallelism(), (n) =>
    opts.progress?.(`${n}/${wanted.length} files`),
  );
  const events: PumpEventCase[] = eventRows.map(({ slot: i, ...e }) => ({ ...e, tape: tapes[i]! }));
  const negatives: NegativeCase[] = negativeRows.map(({ slot: i, ...n }) => ({ ...n, tape: tapes[i]! }));
  const longWindows: LongWindowCase[] = longRows.map(({ name, coin, slot: i }) => {
    const t = tapes[i]!;
    const first = t.t[0]!;
    const last = t.t[t.length - 1]!;
    const inside = [...new Set(pumps.get(coin) ?? [])].filter((p) => p >= first && p <= last).sort((a, b) => a - b);
    return { id: `long_windows/${name}`, coin, tape: t, pumpsMs: inside };
  });
  return { events, negatives, longWindows, stats, files: wanted.length };
}
