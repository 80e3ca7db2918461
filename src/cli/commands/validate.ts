import type { Argv } from 'yargs';
import { DecimalError } from '../../core/index.js';
import { ConfigError } from '../../scenario/index.js';
import { InputError } from '../errors.js';

/** Loads and checks one file, throwing {@link ConfigError} (or another input error) when it is invalid. */
export type LoadFile = (file: string) => unknown;

/** Where {@link validateFiles} writes: one call per line, newline included. */
export interface ValidateOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * Loads every file, even after one fails: `ok  <file>` on `out` for each good
 * file, every problem line (`file:line:col  path: message`) on `err` for each
 * bad one. Errors that are not about the input (bugs) propagate.
 *
 * @returns how many files failed
 */
export async function validateFiles(files: readonly string[], load: LoadFile, output: ValidateOutput): Promise<number> {
  let failed = 0;
  for (const file of files) {
    try {
      await load(file);
      output.out(`ok  ${file}\n`);
    } catch (e) {
      if (e instanceof ConfigError) output.err(`${e.message}\n`);
      else if (e instanceof InputError || e instanceof DecimalError) output.err(`${file}: ${e.message}\n`);
      else throw e;
      failed += 1;
    }
  }
  return failed;
}

/**
 * `surveil validate <files...>`: checks configuration files with `load` (the
 * scenario loader), printing `ok  <file>` on stdout per good file and every
 * problem on stderr. Exits 2 (via {@link InputError}, after all files were
 * checked and reported) when any file is invalid.
 */
export function validateCommand(y: Argv, load: LoadFile): Argv {
  return y.command(
    'validate <files...>',
    'check scenario files; print every problem as file:line:col  path: message',
    (c) =>
      c.positional('files', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'YAML files to check',
      }),
    async (argv) => {
      const files = (argv.files as (string | number)[]).map(String);
      const failed = await validateFiles(files, load, {
        out: (line) => process.stdout.write(line),
        err: (line) => process.stderr.write(line),
      });
      if (failed > 0) throw new InputError(files.length === 1 ? 'the file is invalid' : `${failed} of ${files.length} files are invalid`);
    },
  );
}
