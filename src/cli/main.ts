#!/usr/bin/env node
/**
 * The surveil command line. The only place that touches argv, stdout and exit
 * codes; commands are registered from commands/, one file each.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { baselineCommand } from './commands/baseline.js';
import { benchCommand } from './commands/bench.js';
import { checkCommand } from './commands/check.js';
import { compareCommand } from './commands/compare.js';
import { mergeCommand } from './commands/merge.js';
import { realdataCommand } from './commands/realdata.js';
import { evalCommand } from './commands/eval.js';
import { importCommand } from './commands/import.js';
import { listCommand } from './commands/list.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import { EXIT, InputError } from './errors.js';
import { DecimalError } from '../core/index.js';
import { DataFormatError, FlowFormatError, LogFormatError } from '../io/index.js';
import { ConfigError, loadScenario } from '../scenario/index.js';

/** Errors that are the user's input, not our bug: exit 2 with the message alone. */
const isInputError = (e: unknown) =>
  e instanceof InputError ||
  e instanceof DecimalError ||
  e instanceof FlowFormatError ||
  e instanceof LogFormatError ||
  e instanceof DataFormatError ||
  e instanceof ConfigError;

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const cli = yargs(argv)
    .scriptName('surveil')
    .strict()
    .demandCommand(1, 'name a command; see --help')
    .recommendCommands()
    .fail((msg, err) => {
      if (err) throw err;
      throw new InputError(msg);
    })
    .help()
    .version();
  const setExit = (c: number) => {
    code = c;
  };
  runCommand(cli);
  evalCommand(cli);
  compareCommand(cli, setExit);
  mergeCommand(cli, setExit);
  checkCommand(cli, setExit);
  baselineCommand(cli);
  importCommand(cli);
  validateCommand(cli, loadScenario);
  schemaCommand(cli);
  listCommand(cli);
  benchCommand(cli);
  realdataCommand(cli);
  try {
    await cli.parseAsync();
  } catch (e) {
    if (e instanceof ConfigError) {
      // Already one `file:line:col  path: message` line per problem.
      process.stderr.write(`${e.message}\n`);
      code = EXIT.invalidInput;
    } else if (isInputError(e)) {
      process.stderr.write(`surveil: ${(e as Error).message}\n`);
      code = EXIT.invalidInput;
    } else {
      process.stderr.write(`surveil: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      code = EXIT.internal;
    }
  }
  return code;
}

process.exitCode = await main(hideBin(process.argv));
