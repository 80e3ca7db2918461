import { join } from 'node:path';
import type { Argv } from 'yargs';
import { stableStringify } from '../../io/index.js';
import { EXIT } from '../errors.js';
import { compareSuite, parseJobs, parseShard } from '../suite/compare-suite.js';
import { writeOutputs } from '../suite/outputs.js';
import { summaryTable } from '../suite/summary-table.js';

/** `.surveil/runs/<suite>-<UTC time>` (the CLI is the only place with a clock). */
export function defaultRunDir(suite: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return join('.surveil', 'runs', `${suite}-${stamp}`);
}

/** `surveil compare <suite> [-j N] [--shard i/n] [--out DIR] [--json]`. */
export function compareCommand(y: Argv, setExit: (code: number) => void): Argv {
  return y.command(
    'compare <suite>',
    'run a suite (scenarios x seeds x rules) and write results, metrics and reports',
    (c) =>
      c
        .positional('suite', { type: 'string', demandOption: true, describe: 'suite YAML file, e.g. scenarios/suites/smoke.yaml' })
        .option('jobs', { alias: 'j', type: 'number', describe: 'worker threads (default: all cores)' })
        .option('shard', { type: 'string', describe: 'run only slice i of n (e.g. 1/4); combine the slices with surveil merge' })
        .option('out', { type: 'string', describe: 'output folder (default .surveil/runs/<suite>-<time>)' })
        .option('json', { type: 'boolean', default: false, describe: 'print results.json instead of the summary' }),
    async (args) => {
      const jobs = parseJobs(args.jobs);
      const shard = parseShard(args.shard);
      const { results, alerts, manifest } = await compareSuite(args.suite, { jobs, shard, argv: process.argv.slice(2) });
      const dir = args.out ?? defaultRunDir(results.suite.name);
      const files = await writeOutputs(dir, results, alerts, manifest);
      if (args.json) process.stdout.write(`${stableStringify(results)}\n`);
      else {
        process.stdout.write(summaryTable(results));
        process.stdout.write(`\nreport   ${files['report.html']}\nresults  ${files['results.json']}\n`);
        if (shard !== null) process.stdout.write(`shard ${shard.index}/${shard.count}: combine the shards with surveil merge <dirs...> --out DIR\n`);
      }
      // A shard cannot fail gates on its own slice: the merge judges the whole.
      if (shard === null && results.verdict === 'fail') setExit(EXIT.failed);
    },
  );
}
