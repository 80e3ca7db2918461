/**
 * The files of a comparison, each written to a temporary name and renamed, so
 * an interrupted run never leaves a half-written result. Only manifest.json
 * holds timestamps and host facts; everything else is a pure function of the
 * suite's runs, byte for byte.
 */
import { join } from 'node:path';
import type { Alert } from '../../detect/index.js';
import type { BaselineDiff, SuiteResults } from '../../evaluate/index.js';
import { alertsCsv, stableStringify, writeFileAtomic } from '../../io/index.js';
import { metricsCsv, renderHtml, renderJunit, renderMarkdown } from '../../report/index.js';

export interface Manifest {
  tool: { name: 'surveil'; version: string; node: string };
  command: string[];
  suite: { name: string; file: string; sha256: string };
  scenarios: { name: string; file: string; sha256: string }[];
  seeds: number[];
  shard: { index: number; count: number } | null;
  jobs: number;
  startedAt: string;
  finishedAt: string;
  /** Shard folders a merge was built from. */
  mergedFrom?: string[];
}

export const OUTPUT_FILES = ['manifest.json', 'results.json', 'metrics.csv', 'alerts.csv', 'report.md', 'report.html', 'junit.xml'] as const;

export interface OutputOptions {
  diff?: BaselineDiff | null;
  blessCommand?: string;
}

/** Writes every output file into `dir`; returns the path of each. */
export async function writeOutputs(
  dir: string,
  results: SuiteResults,
  alerts: readonly { run: string; alert: Alert }[],
  manifest: Manifest,
  options: OutputOptions = {},
): Promise<Record<(typeof OUTPUT_FILES)[number], string>> {
  const path = (f: string) => join(dir, f);
  const renderOptions = { diff: options.diff ?? null, htmlPath: 'report.html', ...(options.blessCommand !== undefined ? { blessCommand: options.blessCommand } : {}) };
  const files: Record<(typeof OUTPUT_FILES)[number], string> = {
    'results.json': `${stableStringify(results)}\n`,
    'metrics.csv': metricsCsv(results),
    'alerts.csv': alertsCsv(alerts),
    'report.md': renderMarkdown(results, renderOptions),
    'report.html': renderHtml(results, renderOptions),
    'junit.xml': renderJunit(results, { diff: options.diff ?? null }),
    'manifest.json': `${JSON.stringify(manifest, null, 2)}\n`,
  };
  // The manifest last: its presence says the folder is complete.
  for (const f of OUTPUT_FILES.filter((x) => x !== 'manifest.json')) await writeFileAtomic(path(f), files[f]);
  await writeFileAtomic(path('manifest.json'), files['manifest.json']);
  return Object.fromEntries(OUTPUT_FILES.map((f) => [f, path(f)])) as Record<(typeof OUTPUT_FILES)[number], string>;
}
