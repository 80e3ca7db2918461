#!/usr/bin/env node
/**
 * The surveil command line. The only place that touches argv, stdout and exit
 * codes; commands are registered from commands/, one file each.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { benchCommand } from './commands/bench.js';
import { schemaCommand } from './commands/schema.js';
import { EXIT, InputError } from './errors.js';
import { DecimalError } from '../core/index.js';
import { FlowFormatError, LogFormatError } from '../io/index.js';

/** Errors that are the user's input, not our bug: exit 2 with the message alone. */
const isInputError = (e: unknown) =>
  e instanceof InputError || e instanceof DecimalError || e instanceof FlowFormatError || e instanceof LogFormatError;

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
  benchCommand(cli);
  schemaCommand(cli);
  try {
    await cli.parseAsync();
  } catch (e) {
    if (isInputError(e)) {
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
