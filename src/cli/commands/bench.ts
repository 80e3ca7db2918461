import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { Argv } from 'yargs';
import { benchBook } from '../../../bench/book.js';
import { BUSY_DAY, benchRun, benchSimLoop } from '../../../bench/sim.js';
import { benchDetect, recordStream, tradesOnly } from '../../../bench/detect.js';
import { benchImport, IMPORT_BENCH_SETS } from '../../../bench/import.js';
import type { Gc } from '../../../bench/measure.js';
import { benchRealdata } from '../../../bench/realdata.js';
import { InputError } from '../errors.js';

/** The standard flow beside the project (../shared/bench), as CI lays it out. */
const defaultFlow = fileURLToPath(new URL('../../../../../shared/bench/flow-1m.csv.gz', import.meta.url));
/** Real public data beside the project (../shared/realdata), for the import benchmark. */
const defaultRealdata = fileURLToPath(new URL('../../../../../shared/realdata', import.meta.url));
/** The real pump-event trades beside the project. */
const defaultPumpEvents = fileURLToPath(new URL('../../../../../shared/realdata/binance-pump-trades/events/', import.meta.url));

/** A real `gc()` even when node was started without --expose-gc. */
function exposeGc(): Gc {
  const g = (globalThis as { gc?: Gc }).gc;
  if (g !== undefined) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Gc;
}

/**
 * `surveil bench [all|book|sim|detect|import|realdata] [--flow F] [--realdata DIR] [--pump-events DIR] [--runs N] [--live N] [--scenario F] [--hours N] [--warm-runs N]`:
 * benchmarks print one JSON line each on stdout. Timing lives here at the
 * edge, never in tests.
 */
export function benchCommand(y: Argv): Argv {
  return y.command(
    'bench [which]',
    'run benchmarks and print one JSON line each (book: matching engine on the standard flow)',
    (c) =>
      c
        .positional('which', { choices: ['all', 'book', 'sim', 'detect', 'import', 'realdata'] as const, default: 'all' as const })
        .option('scenario', { type: 'string', default: BUSY_DAY, describe: 'sim: the load scenario' })
        .option('hours', { type: 'number', default: 6, describe: 'sim: simulated hours of the in-memory loop; detect: hours of recorded stream' })
        .option('warm-runs', { type: 'number', default: 2, describe: 'sim: loop runs after the first, in the same process (steady state; median reported)' })
        .option('full-run', { type: 'boolean', default: true, describe: 'sim: also run the whole scenario through `surveil run` (written, hashed) in a child process' })
        .option('flow', { type: 'string', default: defaultFlow, describe: 'order flow CSV (op,id,side,price,qty), plain or .gz' })
        .option('runs', { type: 'number', default: 7, describe: 'timed replays; the median is reported' })
        .option('pump-events', { type: 'string', default: defaultPumpEvents, describe: 'realdata: folder of pump-trade files (binance-pump-trades/events)' })
        .option('live', { type: 'number', default: 1_000_000, describe: 'live orders in the memory measurement' })
        .option('realdata', { type: 'string', default: defaultRealdata, describe: 'import: folder of the real data sets (LOBSTER AMZN, BTCUSDT capture, Bitfinex L3)' })
        .option('import-runs', { type: 'number', default: 3, describe: 'import: timed imports per file set; the median is reported' }),
    async (args) => {
      const print = (r: object) => process.stdout.write(`${JSON.stringify(r)}\n`);
      // `all` measures imports only where the real data is laid out beside the project.
      if (args.which === 'import' || (args.which === 'all' && existsSync(args.realdata))) {
        if (!existsSync(args.realdata)) throw new InputError(`--realdata ${args.realdata}: folder not found`);
        if (!Number.isInteger(args['import-runs']) || args['import-runs'] < 1) throw new InputError(`--import-runs must be a positive integer, got ${args['import-runs']}`);
        for (const set of IMPORT_BENCH_SETS) {
          print(await benchImport(set.format, set.files.map((f) => join(args.realdata, f)), args['import-runs'], () => performance.now()));
        }
        if (args.which === 'import') return;
      }
      if (args.which === 'realdata' || args.which === 'all') {
        if (!existsSync(args['pump-events'])) {
          if (args.which === 'realdata') throw new InputError(`--pump-events ${args['pump-events']}: folder not found`);
        } else {
          print(await benchRealdata(args['pump-events'], args.which === 'realdata' ? 3 : 1, () => performance.now()));
        }
        if (args.which === 'realdata') return;
      }
      if (args.which === 'detect' || args.which === 'all') {
        if (!existsSync(args.scenario)) throw new InputError(`--scenario ${args.scenario}: file not found`);
        const hours = args.which === 'detect' ? args.hours : 2;
        const events = recordStream(args.scenario, hours);
        print(benchDetect(events, 'full', 3, () => performance.now()));
        print(benchDetect(tradesOnly(events), 'trades', 3, () => performance.now()));
        if (args.which === 'detect') return;
      }
      if (args.which === 'sim' || args.which === 'all') {
        if (!existsSync(args.scenario)) throw new InputError(`--scenario ${args.scenario}: file not found`);
        if (!(args.hours > 0)) throw new InputError(`--hours must be positive, got ${args.hours}`);
        if (!Number.isInteger(args['warm-runs']) || args['warm-runs'] < 0) throw new InputError(`--warm-runs must be a whole number, got ${args['warm-runs']}`);
        print(benchSimLoop(args.scenario, args.hours, args['warm-runs'], () => performance.now()));
        if (args['full-run']) print(benchRun(fileURLToPath(new URL('../main.js', import.meta.url)), args.scenario));
        if (args.which === 'sim') return;
      }
      if (!existsSync(args.flow)) throw new InputError(`--flow ${args.flow}: file not found`);
      if (!Number.isInteger(args.runs) || args.runs < 1) throw new InputError(`--runs must be a positive integer, got ${args.runs}`);
      if (!Number.isInteger(args.live) || args.live < 1) throw new InputError(`--live must be a positive integer, got ${args.live}`);
      const result = await benchBook({
        flowPath: args.flow,
        runs: args.runs,
        liveTarget: args.live,
        gc: exposeGc(),
        now: () => performance.now(),
      });
      print(result);
    },
  );
}
