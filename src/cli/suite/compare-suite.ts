/**
 * `surveil compare` in one function, shared by compare, check and baseline
 * update: load the suite, run its cells (a shard of them, on `jobs` threads),
 * and aggregate the results.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import type { Alert } from '../../detect/index.js';
import { buildSuiteResults, type Gate, type SuiteResults } from '../../evaluate/index.js';
import { InputError } from '../errors.js';
import type { Manifest } from './outputs.js';
import { type PreparedSuite, prepareSuite, suiteCells } from './prepare.js';
import { runSuite } from './run-suite.js';

export interface ComparedSuite {
  results: SuiteResults;
  alerts: { run: string; alert: Alert }[];
  manifest: Manifest;
}

/** `--shard 2/4` → { index: 2, count: 4 }. */
export function parseShard(text: string | undefined): { index: number; count: number } | null {
  if (text === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || count < 1 || index < 1 || index > count) throw new InputError(`--shard ${text}: write i/n with 1 <= i <= n, e.g. 1/4`);
  return { index, count };
}

export function parseJobs(value: number | undefined): number {
  if (value === undefined) return availableParallelism();
  if (!Number.isInteger(value) || value < 1) throw new InputError(`--jobs ${value}: a positive whole number of worker threads`);
  return value;
}

/** A progress bar on stderr, only on a terminal and not under CI. */
export function progressBar(label: string): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY || process.env['CI']) return undefined;
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} runs${done === total ? '\n' : ''}`);
  };
}

const toolVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The suite's gates as evaluate/ takes them. */
export function suiteGates(prepared: PreparedSuite): Gate[] {
  return prepared.matrix.gates.map((g) => {
    const bound = [g.min !== undefined ? `>= ${g.min}` : null, g.max !== undefined ? `<= ${g.max}` : null].filter(Boolean).join(' ');
    return {
      name: g.name ?? `${g.rule ?? `policy ${g.policy}`} ${g.metric}${g.on === 'value' ? '' : ` (${g.on})`} ${bound}`,
      rule: g.rule ?? null,
      policy: g.policy ?? null,
      metric: g.metric,
      scenarios: g.scenarios ?? null,
      min: g.min ?? null,
      max: g.max ?? null,
      on: g.on,
      level: g.level,
    };
  });
}

/** The matrix part of the results: scenario labels with their hashes, seeds, rules. */
export function matrixOf(prepared: PreparedSuite): SuiteResults['matrix'] {
  const { matrix } = prepared;
  return {
    scenarios: matrix.scenarios.map((s) => ({
      name: s.label,
      scenario: s.scenario.name,
      fileSha256: s.fileSha256,
      overrides: s.overrides,
      attack: s.scenario.stories.some((story) => 'attack' in story),
    })),
    seeds: matrix.seeds,
    rules: matrix.rules.map((r) => ({ name: r.label, detector: r.detector, params: r.params })),
    policies: prepared.policies.map((p) => ({ name: p.policy.name, description: (p.policy.description ?? '').trim(), fileSha256: p.fileSha256 })),
  };
}

export async function compareSuite(file: string, options: { jobs: number; shard: { index: number; count: number } | null; argv: string[] }): Promise<ComparedSuite> {
  const startedAt = new Date().toISOString();
  const prepared = await prepareSuite(file);
  for (const warning of missingInputs(prepared)) process.stderr.write(`surveil: warning: ${warning}\n`);
  const cells = suiteCells(prepared.matrix, options.shard);
  const out = await runSuite(file, prepared, cells, { jobs: options.jobs, ...withProgress(progressBar(prepared.matrix.name)) });
  const { matrix } = prepared;
  const results = buildSuiteResults({
    suite: { name: matrix.name, description: matrix.description, fileSha256: matrix.fileSha256 },
    matrix: matrixOf(prepared),
    shard: options.shard,
    runs: out.runs,
    series: out.series,
    gates: suiteGates(prepared),
  });
  const manifest: Manifest = {
    tool: { name: 'surveil', version: toolVersion(), node: process.version },
    command: options.argv,
    suite: { name: matrix.name, file: relative(process.cwd(), file) || file, sha256: matrix.fileSha256 },
    scenarios: matrix.scenarios.map((s) => ({ name: s.label, file: relative(process.cwd(), s.file), sha256: s.fileSha256 })),
    seeds: matrix.seeds,
    shard: options.shard,
    jobs: options.jobs,
    startedAt,
    finishedAt: new Date().toISOString(),
  };
  return { results, alerts: out.alerts, manifest };
}

const withProgress = (p: ((done: number, total: number) => void) | undefined) => (p === undefined ? {} : { progress: p });

/** Rules that combine other rules' alerts (the composite) whose inputs are not in the matrix: they would see none. */
export function missingInputs(prepared: PreparedSuite): string[] {
  const labels = new Set(prepared.rules.map((r) => r.name));
  return prepared.rules.flatMap((r) => {
    const inputs = r.definition.inputs?.(r.definition.params.parse(r.params ?? {})) ?? [];
    const missing = inputs.filter((i) => !labels.has(i));
    return missing.length === 0 ? [] : [`${r.name} combines the alerts of ${missing.join(', ')}, which this suite does not run; add them (or \`all\`) to detectors`];
  });
}
