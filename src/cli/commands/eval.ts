import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Argv } from 'yargs';
import { type DetectorDefinition, DetectorRegistry, definitionProblem, type RuleConfig } from '../../detect/index.js';
import { aggregateRule, runMetrics, type RuleRunMetrics } from '../../evaluate/index.js';
import { alertsCsv, stableStringify, writeFileAtomic } from '../../io/index.js';
import { loadScenario, parseDuration } from '../../scenario/index.js';
import { InputError } from '../errors.js';
import { evaluateRunDir, evaluateScenario, type EvaluatedRun } from '../evaluate-run.js';
import { evaluateImported, importedLog, importedTable } from '../evaluate-imported.js';
import { evalTable } from '../eval-table.js';
import { runPolicyEval } from './eval-policy.js';

export const RESULTS_SCHEMA_VERSION = 1;

/** `--seeds 1-100` or `--seeds 1,2,5`. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (m === null) throw new InputError(`--seeds ${text}: write seeds like 1-100 or 1,2,5`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (hi < lo || hi - lo > 100_000) throw new InputError(`--seeds ${text}: ${part} is not a range from low to high`);
    for (let s = lo; s <= hi; s++) seeds.push(s);
  }
  return seeds;
}

/** Loads user rules: each module's default export, or its `detectors` array, is a detector definition. */
export async function loadDetectorModules(registry: DetectorRegistry, files: readonly string[]): Promise<void> {
  for (const file of files) {
    if (!existsSync(file)) throw new InputError(`--detector-module ${file}: file not found`);
    const mod = (await import(pathToFileURL(resolve(file)).href)) as { default?: unknown; detectors?: unknown };
    const defs = Array.isArray(mod.detectors) ? mod.detectors : [mod.default];
    for (const d of defs) {
      const problem = definitionProblem(d);
      if (problem !== null) throw new InputError(`--detector-module ${file}: the export ${problem}`);
      registry.add(d as DetectorDefinition);
    }
  }
}

export function pickRules(registry: DetectorRegistry, names: string | undefined): RuleConfig[] {
  const wanted = names === undefined ? registry.names() : names.split(',').map((n) => n.trim()).filter(Boolean);
  return wanted.map((name) => {
    const definition = registry.get(name);
    if (definition === undefined) throw new InputError(`--detectors: no detector "${name}" (known: ${registry.names().join(', ')})`);
    return { name, definition };
  });
}

/**
 * `surveil eval <scenario.yaml | run-dir> [--seed N | --seeds 1-100] [--detectors a,b]
 * [--detector-module file.mjs] [--out DIR] [--json]`.
 */
export function evalCommand(y: Argv): Argv {
  return y.command(
    'eval <target>',
    'run detection rules over a scenario (simulated now) or a run folder, and measure them against the ground truth',
    (c) =>
      c
        .positional('target', { type: 'string', demandOption: true, describe: 'scenario YAML file, or a folder written by surveil run' })
        .option('seed', { type: 'number', describe: "one seed (default: the scenario's own)" })
        .option('seeds', { type: 'string', describe: 'many seeds, e.g. 1-100 or 1,2,5: metrics aggregated with 95% intervals' })
        .option('detectors', { type: 'string', describe: 'comma-separated rule names (default: all registered)' })
        .option('detector-module', { type: 'string', array: true, default: [] as string[], describe: 'JS module exporting a detector definition (repeatable)' })
        .option('suppress', { type: 'string', default: '5m', describe: 'repeat alerts on the same subject within this are suppressed' })
        .option('out', { type: 'string', describe: 'write results.json and alerts.csv here' })
        .option('json', { type: 'boolean', default: false, describe: 'print results.json instead of the table' })
        .option('policy', { type: 'string', describe: 'response policy YAML: run each seed without and with it (closed loop) and print the impact side by side' })
        .conflicts('seed', 'seeds'),
    async (args) => {
      const registry = new DetectorRegistry();
      await loadDetectorModules(registry, args['detector-module']);
      const rules = pickRules(registry, args.detectors);
      const suppressMs = parseDuration(args.suppress);
      if (suppressMs === undefined) throw new InputError(`--suppress ${args.suppress}: not a duration (e.g. 5m)`);
      if (!existsSync(args.target)) throw new InputError(`${args.target}: file or folder not found`);
      if (args.policy !== undefined) {
        await runPolicyEval(args.target, args.policy, registry, args, suppressMs);
        return;
      }
      const runs: EvaluatedRun[] = [];
      if (statSync(args.target).isDirectory()) {
        if (args.seeds !== undefined || args.seed !== undefined) throw new InputError('--seed/--seeds apply to a scenario file, not to a run folder');
        // A folder written by `surveil import`: real data, no truth, so alerts and applicability only.
        const imported = await importedLog(args.target);
        if (imported !== undefined) {
          const r = await evaluateImported(imported, rules, suppressMs);
          const results = {
            schemaVersion: RESULTS_SCHEMA_VERSION,
            target: args.target,
            imported: true,
            rules: rules.map((x) => x.name),
            runs: [{ run: r.run, events: r.events, alerts: r.alerts.length, statuses: r.statuses }],
          };
          if (args.out !== undefined) {
            await writeFileAtomic(join(args.out, 'results.json'), `${stableStringify(results)}\n`);
            await writeFileAtomic(join(args.out, 'alerts.csv'), alertsCsv(r.alerts.map((alert) => ({ run: r.run, alert }))));
          }
          process.stdout.write(args.json ? `${stableStringify(results)}\n` : importedTable(r));
          return;
        }
        runs.push(await evaluateRunDir(args.target, rules, suppressMs));
      } else {
        const scenario = loadScenario(args.target);
        const seeds = args.seeds !== undefined ? parseSeeds(args.seeds) : [args.seed ?? scenario.seed];
        for (const seed of seeds) {
          runs.push(evaluateScenario(scenario, seed, rules, suppressMs));
          if (process.stderr.isTTY && !process.env['CI']) process.stderr.write(`\r${runs.length}/${seeds.length} runs`);
        }
        if (process.stderr.isTTY && !process.env['CI']) process.stderr.write('\n');
      }
      const names = rules.map((r) => r.name);
      const perRun: { run: string; metrics: RuleRunMetrics[] }[] = runs.map((r) => ({ run: r.run, metrics: runMetrics(r, names) }));
      const aggregates = names.map((name) =>
        aggregateRule(
          name,
          perRun.map((p) => p.metrics.find((m) => m.rule === name)!),
        ),
      );
      const results = {
        schemaVersion: RESULTS_SCHEMA_VERSION,
        target: args.target,
        rules: names,
        seeds: runs.map((r) => r.seed),
        aggregates,
        runs: runs.map((r, i) => ({ run: r.run, seed: r.seed, events: r.events, alerts: r.alerts.length, statuses: r.statuses, metrics: perRun[i]!.metrics })),
      };
      if (args.out !== undefined) {
        await writeFileAtomic(join(args.out, 'results.json'), `${stableStringify(results)}\n`);
        await writeFileAtomic(join(args.out, 'alerts.csv'), alertsCsv(runs.flatMap((r) => r.alerts.map((alert) => ({ run: r.run, alert })))));
      }
      if (args.json) process.stdout.write(`${stableStringify(results)}\n`);
      else {
        const notApplicable = runs[0]!.statuses.filter((s) => !s.applicable);
        process.stdout.write(evalTable(aggregates, perRun.map((p) => p.metrics)));
        for (const s of notApplicable) process.stdout.write(`not applicable: ${s.name} (the stream has no ${s.missing.join(', ')})\n`);
        if (args.out !== undefined) process.stdout.write(`results  ${join(args.out, 'results.json')}\n`);
      }
    },
  );
}
