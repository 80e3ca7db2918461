/**
 * `surveil merge`: shards of one suite back into one result. Each shard's
 * results.json holds its runs in full (per-rule metrics) and its alerts.csv
 * its alerts, so the merge recomputes everything an unsharded run computes,
 * from the same inputs, and writes the same bytes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Alert } from '../../detect/index.js';
import { buildSuiteResults, type Gate, type SuiteResults, SUITE_RESULTS_SCHEMA_VERSION } from '../../evaluate/index.js';
import { ALERT_COLUMNS, stableStringify } from '../../io/index.js';
import { InputError } from '../errors.js';

export interface LoadedShard {
  dir: string;
  results: SuiteResults;
  alerts: { run: string; alert: Alert }[];
}

export function readShard(dir: string): LoadedShard {
  const resultsFile = join(dir, 'results.json');
  const alertsFile = join(dir, 'alerts.csv');
  for (const f of [resultsFile, alertsFile]) if (!existsSync(f)) throw new InputError(`${dir}: no ${f.slice(dir.length + 1)} (is it a folder written by surveil compare?)`);
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
  if (results.schemaVersion !== SUITE_RESULTS_SCHEMA_VERSION) {
    throw new InputError(`${resultsFile}: results schema version ${results.schemaVersion}, this surveil reads ${SUITE_RESULTS_SCHEMA_VERSION}`);
  }
  const rows = parse(readFileSync(alertsFile, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<(typeof ALERT_COLUMNS)[number], string>[];
  const ids = (s: string) => (s === '' ? [] : s.split(' ').map(Number));
  const alerts = rows.map((r) => ({
    run: r.run,
    alert: {
      t: Number(r.t),
      seq: Number(r.seq),
      rule: r.rule,
      symbol: r.symbol === '' ? null : r.symbol,
      accounts: ids(r.accounts),
      score: Number(r.score),
      evidence: ids(r.evidence),
      explanation: r.explanation,
    },
  }));
  return { dir, results, alerts };
}

/** The whole suite from its shards; refuses shards of different suites, missing or repeated slices. */
export function mergeShards(shards: readonly LoadedShard[]): { results: SuiteResults; alerts: { run: string; alert: Alert }[] } {
  if (shards.length === 0) throw new InputError('merge needs at least one shard folder');
  const first = shards[0]!;
  const identity = (r: SuiteResults) => stableStringify({ suite: r.suite, matrix: r.matrix, gates: r.gates.map(gateOf) });
  for (const s of shards.slice(1)) {
    if (identity(s.results) !== identity(first.results)) throw new InputError(`${s.dir} is a shard of another suite (or of another version of it) than ${first.dir}`);
  }
  const count = first.results.shard?.count ?? 1;
  const seen = new Map<number, string>();
  for (const s of shards) {
    const shard = s.results.shard ?? { index: 1, count: 1 };
    if (shard.count !== count) throw new InputError(`${s.dir} is shard ${shard.index}/${shard.count}, but ${first.dir} is one of ${count}`);
    if (seen.has(shard.index)) throw new InputError(`${s.dir} and ${seen.get(shard.index)} are both shard ${shard.index}/${count}`);
    seen.set(shard.index, s.dir);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new InputError(`shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} missing`);
  const { matrix } = first.results;
  const byRun = new Map<string, SuiteResults['runs'][number]>(shards.flatMap((s) => s.results.runs.map((r) => [`${r.scenario}#${r.seed}`, r] as [string, SuiteResults['runs'][number]])));
  const alertsByRun = new Map<string, { run: string; alert: Alert }[]>();
  for (const s of shards) for (const a of s.alerts) alertsByRun.set(a.run, [...(alertsByRun.get(a.run) ?? []), a]);
  const runs = [];
  const alerts = [];
  for (const sc of matrix.scenarios) {
    for (const seed of matrix.seeds) {
      const id = `${sc.name}#${seed}`;
      const run = byRun.get(id);
      if (run === undefined) throw new InputError(`no shard holds run ${id}`);
      runs.push(run);
      alerts.push(...(alertsByRun.get(id) ?? []));
    }
  }
  const results = buildSuiteResults({
    suite: first.results.suite,
    matrix,
    shard: null,
    runs,
    series: shards.flatMap((s) => s.results.series),
    gates: first.results.gates.map(gateOf),
  });
  return { results, alerts };
}

/** A gate result's definition, with its scenarios as resolved (the same set the default resolves to). */
function gateOf(g: SuiteResults['gates'][number]): Gate {
  return { name: g.name, rule: g.rule, policy: g.policy, metric: g.metric, scenarios: g.scenarios, min: g.min, max: g.max, on: g.on, level: g.level };
}
