import { appendFileSync, readFileSync } from 'node:fs';

import type { Argv } from 'yargs';
import { baselineOf, diffBaseline } from '../../evaluate/index.js';
import { EXIT } from '../errors.js';
import { readBaseline, defaultBaselinePath } from '../suite/baseline-file.js';
import { checkText, githubAnnotations } from '../suite/check-output.js';
import { compareSuite, parseJobs } from '../suite/compare-suite.js';
import { loadCompared } from '../suite/load-results.js';
import { writeOutputs } from '../suite/outputs.js';
import { prepareSuite } from '../suite/prepare.js';
import { summaryTable } from '../suite/summary-table.js';
import { defaultRunDir } from './compare.js';

/**
 * `surveil check <suite> [--baseline FILE] [-j N | --from DIR] [--out DIR]`: the CI gate.
 * Runs the suite, compares every metric with the committed baseline exactly,
 * and fails (exit 1) on a regression or an error-level gate.
 */
export function checkCommand(y: Argv, setExit: (code: number) => void): Argv {
  return y.command(
    'check <suite>',
    'run a suite and compare it exactly with a committed baseline: exit 1 on a regression or a failed gate',
    (c) =>
      c
        .positional('suite', { type: 'string', demandOption: true, describe: 'suite YAML file' })
        .option('baseline', { type: 'string', describe: 'baseline file (default data/baselines/<suite>.json)' })
        .option('jobs', { alias: 'j', type: 'number', describe: 'worker threads (default: all cores)' })
        .option('out', { type: 'string', describe: 'output folder (default .surveil/runs/<suite>-<time>)' })
        .option('from', { type: 'string', describe: 'check the results in this folder (from compare or merge) instead of running the suite' }),
    async (args) => {
      const { results, alerts, manifest } =
        args.from !== undefined
          ? loadCompared(args.from, await prepareSuite(args.suite))
          : await compareSuite(args.suite, { jobs: parseJobs(args.jobs), shard: null, argv: process.argv.slice(2) });
      const baselinePath = args.baseline ?? defaultBaselinePath(results.suite.name);
      const diff = diffBaseline(readBaseline(baselinePath), baselineOf(results));
      const blessCommand = `surveil baseline update ${args.suite}${args.baseline === undefined ? '' : ` --baseline ${args.baseline}`}`;
      const dir = args.out ?? defaultRunDir(results.suite.name);
      const files = await writeOutputs(dir, results, alerts, manifest, { diff, blessCommand });
      process.stdout.write(summaryTable(results));
      process.stdout.write(`\n${checkText(diff, results, blessCommand)}report   ${files['report.html']}\n`);
      if (process.env['GITHUB_ACTIONS'] === 'true') {
        process.stdout.write(githubAnnotations(diff, results));
        const summary = process.env['GITHUB_STEP_SUMMARY'];
        if (summary) appendFileSync(summary, readFileSync(files['report.md'], 'utf8'));
      }
      const failed = results.verdict === 'fail' || diff.regressions > 0;
      process.stdout.write(failed ? 'check: FAILED\n' : 'check: passed\n');
      if (failed) setExit(EXIT.failed);
    },
  );
}

