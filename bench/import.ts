/**
 * Import benchmark: real files end to end through `surveil import`'s path
 * (read, gunzip, csv-parse or line split, replay through the book, events
 * written to a JSONL log and hashed, committed by rename), timed as a whole.
 * The figure is the median over runs of rows read per second (and events
 * written per second); the first run includes JIT warm-up, which the median
 * discards. CPU seconds (user + system of this process) are reported beside
 * the wall clock: on a shared machine they say more about the code than the
 * wall clock does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMPORT_FORMATS, type ImportFormatName, ImportEvents, openEventLog } from '../src/io/index.js';
import { median } from './measure.js';

export interface ImportBenchResult {
  bench: 'import';
  format: string;
  files: string[];
  runs: number;
  rows: number;
  events: number;
  seconds: number;
  cpuSeconds: number;
  rowsPerSec: number;
  rowsPerCpuSec: number;
  eventsPerSec: number;
  sha256: string;
}

/** The real file sets measured by default, relative to `../shared/realdata`. */
export const IMPORT_BENCH_SETS: { format: ImportFormatName; files: string[] }[] = [
  {
    format: 'lobster',
    files: [
      'lobster-samples/AMZN_2012-06-21_level1_fullday/AMZN_2012-06-21_34200000_57600000_message_1.csv',
      'lobster-samples/AMZN_2012-06-21_level1_fullday/AMZN_2012-06-21_34200000_57600000_orderbook_1.csv',
    ],
  },
  { format: 'binance-ws-capture', files: ['binance-spot-btcusdt-l2-ws-capture/btcusdt_20240808.gz'] },
  { format: 'bitfinex-l3', files: ['bitfinex-btcusd-l3-raw-book/L3_feed.json'] },
  // One import is one market, so the pump set is the coin with the most event rows: BRD's 10 pumps, 89,892 rows.
  {
    format: 'pump-trades',
    files: [
      '20181113T1700Z',
      '20181222T1700Z',
      '20181230T1700Z',
      '20191003T1459Z',
      '20200120T1600Z',
      '20200324T1600Z',
      '20201206T1800Z',
      '20210224T1700Z',
      '20210829T1700Z',
      '20211031T1500Z',
    ].map((at) => `binance-pump-trades/events/BRDBTC_${at}.csv.gz`),
  },
];

export async function benchImport(format: ImportFormatName, files: string[], runs: number, now: () => number): Promise<ImportBenchResult> {
  const adapter = IMPORT_FORMATS[format];
  if (adapter === null) throw new Error(`format ${format} is not wired`);
  const dir = await mkdtemp(join(tmpdir(), 'surveil-bench-import-'));
  const seconds: number[] = [];
  const cpu: number[] = [];
  let rows = 0;
  let events = 0;
  let sha256 = '';
  try {
    for (let r = 0; r < runs; r++) {
      const t0 = now();
      const c0 = process.cpuUsage();
      const importer = await adapter.open(files, { skipBadRows: false });
      const log = await openEventLog(join(dir, `events-${r}.jsonl`), { header: importer.header });
      const ev = new ImportEvents(log, importer.spec);
      ev.listing();
      const report = await importer.run(ev);
      const summary = await log.close();
      seconds.push((now() - t0) / 1000);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1e6);
      rows = report.rows;
      events = summary.events;
      sha256 = summary.sha256;
      await rm(summary.path);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const s = median(seconds);
  const c = median(cpu);
  return {
    bench: 'import',
    format,
    files,
    runs,
    rows,
    events,
    seconds: s,
    cpuSeconds: c,
    rowsPerSec: Math.round(rows / s),
    rowsPerCpuSec: Math.round(rows / c),
    eventsPerSec: Math.round(events / s),
    sha256,
  };
}
