import type { Argv } from 'yargs';
import { eventJsonSchema } from '../../core/index.js';
import { policySchema } from '../../response/index.js';
import { jsonSchemaFor, scenarioJsonSchema, suiteJsonSchema } from '../../scenario/index.js';

export const POLICY_SCHEMA_ID = 'https://surveil.dev/schema/policy.v1.json';

/** `surveil schema scenario|suite|policy|events`: JSON Schemas for editors and for other producers of logs. */
export function schemaCommand(y: Argv): Argv {
  return y.command(
    'schema [what]',
    'print a JSON Schema: scenario (a scenario file), suite (a suite file), policy (a response policy file) or events (one line of an event log)',
    (c) => c.positional('what', { choices: ['scenario', 'suite', 'policy', 'events'] as const, default: 'scenario' as const }),
    (args) => {
      const schema =
        args.what === 'events'
          ? eventJsonSchema()
          : args.what === 'policy'
            ? jsonSchemaFor(policySchema, POLICY_SCHEMA_ID, 'surveil response policy')
            : args.what === 'suite'
              ? suiteJsonSchema()
              : scenarioJsonSchema();
      process.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    },
  );
}
