/**
 * One import: open the adapter (head scan), stream every row into an event log
 * under a temporary name, and commit it only when the whole input read. On any
 * error the log is aborted, so the output folder never holds a half-written
 * log (and a folder this import created is removed again if it stayed empty).
 */
import { existsSync } from 'node:fs';
import { readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  IMPORT_FORMATS,
  ImportEvents,
  type ImportFormatName,
  type ImportHeader,
  type ImportOptions,
  type ImportReport,
  openEventLog,
  stableStringify,
  writeFileAtomic,
} from '../io/index.js';
import { InputError } from './errors.js';

export interface ImportOutcome {
  format: string;
  header: ImportHeader;
  report: ImportReport;
  events: number;
  byType: Record<string, number>;
  log: string;
  bytes: number;
  sha256: string;
}

/** Writes `<out>/events.jsonl` and `<out>/import.json`. */
export async function runImport(format: string, files: readonly string[], out: string, options: ImportOptions): Promise<ImportOutcome> {
  if (!(format in IMPORT_FORMATS)) throw new InputError(`unknown format ${JSON.stringify(format)} (known: ${Object.keys(IMPORT_FORMATS).join(', ')})`);
  const adapter = IMPORT_FORMATS[format as ImportFormatName];
  if (adapter === null) throw new InputError(`format ${format} is reserved but not wired in this build`);
  for (const f of files) if (!existsSync(f)) throw new InputError(`${f}: file not found`);
  const importer = await adapter.open(files, options);
  const createdDir = !existsSync(out);
  const path = join(out, 'events.jsonl');
  const log = await openEventLog(path, { header: importer.header });
  let report: ImportReport;
  let events: ImportEvents;
  try {
    events = new ImportEvents(log, importer.spec);
    events.listing();
    report = await importer.run(events);
  } catch (e) {
    await log.abort();
    if (createdDir) await removeIfEmpty(out);
    throw e;
  }
  const summary = await log.close();
  const outcome: ImportOutcome = {
    format,
    header: importer.header,
    report,
    events: summary.events,
    byType: Object.fromEntries([...events.byType].sort(([a], [b]) => (a < b ? -1 : 1))),
    log: summary.path,
    bytes: summary.bytes,
    sha256: summary.sha256,
  };
  await writeFileAtomic(join(out, 'import.json'), `${stableStringify(importJson(outcome))}\n`);
  return outcome;
}

/** The machine-readable summary written beside the log. */
export function importJson(o: ImportOutcome): Record<string, unknown> {
  return {
    format: o.format,
    header: o.header,
    rows: o.report.rows,
    skipped: { rows: o.report.skipped.count, problems: o.report.skipped.problems(), examples: o.report.skipped.examples.map((e) => e.message) },
    checks: o.report.checks,
    problems: o.report.problems,
    events: o.events,
    eventsByType: o.byType,
    sha256: o.sha256,
  };
}

async function removeIfEmpty(dir: string): Promise<void> {
  try {
    if ((await readdir(dir)).length === 0) await rmdir(dir);
  } catch {
    // Best effort: the error being reported matters more than an empty folder.
  }
}
