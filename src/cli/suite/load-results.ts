/**
 * A finished comparison folder as input to check or baseline update
 * (`--from DIR`), instead of running the suite again: for CI that runs the
 * suite in shards and merges them first. The runs are taken as they are; the
 * gates are the suite file's current ones (editing a gate needs no re-run),
 * but the matrix (scenarios, seeds, rules) must be the one the folder ran.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSuiteResults } from '../../evaluate/index.js';
import { stableStringify } from '../../io/index.js';
import { InputError } from '../errors.js';
import { type ComparedSuite, matrixOf, suiteGates } from './compare-suite.js';
import { readShard } from './merge-shards.js';
import type { Manifest } from './outputs.js';
import type { PreparedSuite } from './prepare.js';

export function loadCompared(dir: string, prepared: PreparedSuite): ComparedSuite {
  const { results, alerts } = readShard(dir);
  if (results.shard !== null) throw new InputError(`${dir} holds shard ${results.shard.index}/${results.shard.count}: merge the shards first (surveil merge)`);
  const { matrix } = prepared;
  if (results.suite.name !== matrix.name) throw new InputError(`${dir} holds results of suite ${results.suite.name}, not ${matrix.name}`);
  if (stableStringify(results.matrix) !== stableStringify(matrixOf(prepared))) {
    throw new InputError(`${dir} ran another matrix (scenarios, seeds or rules) than ${matrix.file} now describes: run the suite again`);
  }
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new InputError(`${dir}: no manifest.json (an interrupted run?)`);
  const rebuilt = buildSuiteResults({
    suite: { name: matrix.name, description: matrix.description, fileSha256: matrix.fileSha256 },
    matrix: results.matrix,
    shard: null,
    runs: results.runs,
    series: results.series,
    gates: suiteGates(prepared),
  });
  return { results: rebuilt, alerts, manifest: JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest };
}
