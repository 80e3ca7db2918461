/**
 * What every import adapter provides. An adapter is opened first (a cheap head
 * scan: symbol, tick and lot, the origin time, the log header), then run once
 * over all its rows, writing events as it goes.
 */
import type { Capability } from '../../detect/index.js';
import type { SkippedRows } from './data-format-error.js';
import type { ImportEvents, SymbolSpec } from './import-events.js';

export interface ImportOptions {
  /** `BASE/QUOTE`, or a name like `BTCUSDT` whose quote is a known suffix; default from the data or the file name. */
  symbol?: string | undefined;
  /** Declared price step, overriding the head scan. */
  tick?: string | undefined;
  /** Declared quantity step, overriding the head scan. */
  lot?: string | undefined;
  /** Skip rows that do not parse (counted, with examples) instead of failing. */
  skipBadRows: boolean;
}

/** Header fields every imported log carries, besides the writer's format and version. */
export interface ImportHeader {
  /** What the stream carries; never accounts, sources, transfers or keys (real public data has none). */
  capabilities: Capability[];
  source: { format: string; files: string[] };
  /** Unix ms of t = 0. */
  origin: number;
  /** True when the data has no clock and t counts messages instead of milliseconds. */
  timeIsSequence: boolean;
  symbol: string;
  tickSize: string;
  lotSize: string;
  /** Where tick and lot came from (declared, or the head scan). */
  grid: { tick: string; lot: string };
  /** Things a reader of the log must know (synthetic ids, what L2 changes became, ...). */
  notes: string[];
  [field: string]: unknown;
}

export interface ImportReport {
  /** Data rows (or messages) read, header rows not counted, skipped rows counted. */
  rows: number;
  skipped: SkippedRows;
  /** Replay checks made while importing (comparisons, loads, gaps ...), by name. */
  checks: Record<string, number>;
  /** Examples of check failures, if any. */
  problems: string[];
}

export interface Importer {
  readonly header: ImportHeader;
  readonly spec: SymbolSpec;
  run(events: ImportEvents): Promise<ImportReport>;
}

export interface ImportFormat {
  name: string;
  summary: string;
  /** The files argument, for help: `<trades.csv[.gz]...>`. */
  files: string;
  open(files: readonly string[], options: ImportOptions): Promise<Importer>;
}
