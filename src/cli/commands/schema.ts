import type { Argv } from 'yargs';
import { eventJsonSchema } from '../../core/index.js';
import { scenarioJsonSchema, suiteJsonSchema } from '../../scenario/index.js';

/** `surveil schema scenario|suite|events`: JSON Schemas for editors and for other producers of logs. */
export function schemaCommand(y: Argv): Argv {
  return y.command(
    'schema [what]',
    'print a JSON Schema: scenario (a scenario file), suite (a suite file) or events (one line of an event log)',
    (c) => c.positional('what', { choices: ['scenario', 'suite', 'events'] as const, default: 'scenario' as const }),
    (args) => {
      const schema = args.what === 'events' ? eventJsonSchema() : args.what === 'suite' ? suiteJsonSchema() : scenarioJsonSchema();
      process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    },
  );
}
