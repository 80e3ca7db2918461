import { join } from 'node:path';
import type { Argv } from 'yargs';
import { loadScenario, scenarioName } from '../../scenario/index.js';
import { formatUnitsForHumans } from '../format.js';
import { InputError } from '../errors.js';
import { runScenarioToDir } from '../run-scenario.js';

/** `surveil run <scenario> [--seed N] [--out DIR] [--gzip] [--gzip-level N]`. */
export function runCommand(y: Argv): Argv {
  return y.command(
    'run <scenario>',
    'simulate one scenario with one seed: event log, ground truth, market summary; prints the event-log hash',
    (c) =>
      c
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
        .option('seed', { type: 'number', describe: "seed (default: the scenario's own)" })
        .option('out', { type: 'string', describe: 'output folder (default .surveil/runs/<scenario>-s<seed>)' })
        .option('gzip', { type: 'boolean', default: false, describe: 'write events.jsonl.gz' })
        .option('gzip-level', {
          type: 'number',
          default: 6,
          describe: 'with --gzip: zlib level 1 (fastest; a busy day runs at simulation speed) to 9 (smallest); the hash is the same',
        })
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON line (with wall time, events/s and peak memory) instead of text' }),
    async (args) => {
      if (args.seed !== undefined && (!Number.isSafeInteger(args.seed) || args.seed < 0)) {
        throw new InputError(`--seed must be a whole number >= 0, got ${args.seed}`);
      }
      const level = args['gzip-level'];
      if (!Number.isInteger(level) || level < 1 || level > 9) throw new InputError(`--gzip-level must be a whole number from 1 to 9, got ${level}`);
      const name = scenarioName(args.scenario);
      const seed = args.seed ?? loadScenario(args.scenario).seed;
      const dir = args.out ?? join('.surveil', 'runs', `${name}-s${seed}`);
      const started = performance.now();
      const r = await runScenarioToDir(args.scenario, seed, dir, args.gzip, level);
      const seconds = (performance.now() - started) / 1000;
      const s = r.summary;
      if (args.json) {
        const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
        const line = { scenario: r.scenario, seed: r.seed, events: r.events, sha256: r.sha256, dir: r.dir, seconds: Number(seconds.toFixed(3)), eventsPerSec: Math.round(r.events / seconds), peakRssMB };
        process.stdout.write(`${JSON.stringify(line)}\n`);
        return;
      }
      const lines = [
        `scenario  ${r.scenario}  seed ${r.seed}`,
        `events    ${r.events.toLocaleString('en-US')}  (${Object.entries(s.counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`,
        ...s.incidents.map(
          (i) =>
            `incident  ${i.id} (${i.kind}) start ${formatUnitsForHumans(i.start)}, ${i.accounts} accounts` +
            (i.shape ? `, peak ${i.shape.peakMultiple.toFixed(2)}x after ${Math.round(i.shape.peakAfterMs / 1000)}s, gave back ${(i.shape.givenBack * 100).toFixed(0)}% within 1h` : '') +
            (i.harmPoint !== null ? `, first withdrawal request ${formatUnitsForHumans(i.harmPoint)}` : ''),
        ),
        `output    ${r.dir}`,
        `sha256    ${r.sha256}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    },
  );
}
