import type { Argv } from 'yargs';
import { eventJsonSchema } from '../../core/index.js';

/** `surveil schema events`: the JSON Schema of one event-log line. */
export function schemaCommand(y: Argv): Argv {
  return y.command(
    'schema <what>',
    'print a JSON Schema (events: one line of an event log)',
    (c) => c.positional('what', { choices: ['events'] as const, demandOption: true }),
    () => {
      process.stdout.write(`${JSON.stringify(eventJsonSchema(), null, 2)}\n`);
    },
  );
}
