import { existsSync } from 'node:fs';
import type { Argv } from 'yargs';
import { baselineOf, diffBaseline } from '../../evaluate/index.js';
import { defaultBaselinePath, readBaseline, writeBaseline } from '../suite/baseline-file.js';
import { compareSuite, parseJobs } from '../suite/compare-suite.js';
import { loadCompared } from '../suite/load-results.js';
import { prepareSuite } from '../suite/prepare.js';

/**
 * `surveil baseline update <suite> [--baseline FILE]`: the explicit bless
 * step. Runs the suite and writes its metrics as the new baseline, listing
 * what changed against the old one. Nothing else ever writes a baseline.
 */
export function baselineCommand(y: Argv): Argv {
  return y.command('baseline', 'manage committed baselines (surveil baseline update <suite>)', (c) =>
    c.demandCommand(1, 'name an action: update').command(
      'update <suite>',
      'run a suite and write its metrics as the baseline that surveil check compares with',
      (u) =>
        u
          .positional('suite', { type: 'string', demandOption: true, describe: 'suite YAML file' })
          .option('baseline', { type: 'string', describe: 'baseline file (default data/baselines/<suite>.json)' })
          .option('jobs', { alias: 'j', type: 'number', describe: 'worker threads (default: all cores)' })
          .option('from', { type: 'string', describe: 'bless the results in this folder (from compare, merge or check) instead of running the suite' }),
      async (args) => {
        const { results } =
          args.from !== undefined
            ? loadCompared(args.from, await prepareSuite(args.suite))
            : await compareSuite(args.suite, { jobs: parseJobs(args.jobs), shard: null, argv: process.argv.slice(2) });
        const path = args.baseline ?? defaultBaselinePath(results.suite.name);
        const next = baselineOf(results);
        if (existsSync(path)) {
          const diff = diffBaseline(readBaseline(path), next);
          process.stdout.write(`${diff.changes.length} of ${diff.compared} metric(s) changed (${diff.improvements} improved, ${diff.regressions} regressed)\n`);
        }
        await writeBaseline(path, next);
        process.stdout.write(`baseline written: ${path} (${Object.keys(next.metrics).length} metrics); commit it\n`);
      },
    ),
  );
}
