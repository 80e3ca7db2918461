/**
 * Public face of io/: the edge that touches files. Event logs (JSONL, plain or
 * gzipped) are written atomically with their SHA-256 computed on the way, and
 * read back as a stream with file:line errors.
 */
export { openEventLog, EventLogWriter, EVENT_LOG_FORMAT } from './event-log-writer.js';
export type { EventLogHeader, EventLogSummary, EventLogWriterOptions } from './event-log-writer.js';
export { readEventLog, readEventLogHeader, EventLogReader, LogFormatError } from './event-log-reader.js';
export type { LogIssue, ReadEventLogOptions } from './event-log-reader.js';
export { sha256File, sha256EventLog, sha256OfLines } from './hash.js';
export { writeFileAtomic } from './atomic.js';
export { isGzipFile, openDecompressed } from './compression.js';
export { readFlow, parseFlow, FlowFormatError } from './flow-csv.js';
export { stableStringify } from './stable-json.js';
export { alertsCsv, ALERT_COLUMNS } from './alerts-csv.js';
export { DataFormatError, SkippedRows } from './adapters/data-format-error.js';
export { IMPORT_FORMATS, IMPORT_FORMAT_NAMES, type ImportFormatName } from './adapters/formats.js';
export type { ImportFormat, ImportHeader, ImportOptions, ImportReport, Importer } from './adapters/importer.js';
export { ImportEvents, EventArray, type EventOutput, type SymbolSpec } from './adapters/import-events.js';
export { readPumpTrades, readPumpTradeRows, loadPumpTape, type PumpTradeEventsOptions } from './adapters/pump-trades.js';
export {
  newPumpTradesStats,
  PUMP_TRADES_HEADER,
  type PumpTradeRow,
  type PumpTradesOptions,
  type PumpTradesStats,
} from './adapters/pump-trade-rows.js';
export { loadPumpTapes, type LoadedTapes } from './adapters/pump-tape-pool.js';
