import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { EXIT, InputError } from '../errors.js';
import { mergeShards, readShard } from '../suite/merge-shards.js';
import { type Manifest, writeOutputs } from '../suite/outputs.js';
import { summaryTable } from '../suite/summary-table.js';
import { defaultRunDir } from './compare.js';

/** `surveil merge <dirs...> [--out DIR]`: shards of one suite into the result of an unsharded run. */
export function mergeCommand(y: Argv, setExit: (code: number) => void): Argv {
  return y.command(
    'merge <dirs..>',
    'combine the folders of surveil compare --shard i/n into one result, identical to an unsharded run',
    (c) =>
      c
        .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'shard output folders' })
        .option('out', { type: 'string', describe: 'output folder (default .surveil/runs/<suite>-<time>)' }),
    async (args) => {
      const startedAt = new Date().toISOString();
      const shards = args.dirs.map(readShard);
      const { results, alerts } = mergeShards(shards);
      const first = shards[0]!;
      const manifestFile = join(first.dir, 'manifest.json');
      if (!existsSync(manifestFile)) throw new InputError(`${first.dir}: no manifest.json (an interrupted run?)`);
      const firstManifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
      const manifest: Manifest = {
        ...firstManifest,
        command: process.argv.slice(2),
        shard: null,
        startedAt,
        finishedAt: new Date().toISOString(),
        mergedFrom: args.dirs,
      };
      const dir = args.out ?? defaultRunDir(results.suite.name);
      const files = await writeOutputs(dir, results, alerts, manifest);
      process.stdout.write(summaryTable(results));
      process.stdout.write(`\nmerged ${shards.length} shard(s)\nreport   ${files['report.html']}\nresults  ${files['results.json']}\n`);
      if (results.verdict === 'fail') setExit(EXIT.failed);
    },
  );
}
