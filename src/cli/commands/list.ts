import { existsSync } from 'node:fs';
import type { Argv } from 'yargs';
import { AGENT_CATALOGUE } from '../../agents/index.js';
import { loadScenario, scenarioFiles } from '../../scenario/index.js';
import { InputError } from '../errors.js';

/** `surveil list agents|scenarios [--dir scenarios]`. */
export function listCommand(y: Argv): Argv {
  return y.command(
    'list <what>',
    'list the agent behaviours, or the scenarios in a folder, with their descriptions',
    (c) =>
      c
        .positional('what', { choices: ['agents', 'scenarios'] as const, demandOption: true })
        .option('dir', { type: 'string', default: 'scenarios', describe: 'folder of scenario files' }),
    (args) => {
      const out: string[] = [];
      if (args.what === 'agents') {
        for (const a of AGENT_CATALOGUE) {
          out.push(`${a.kind}\n  ${a.summary}`);
          for (const [k, v] of Object.entries(a.params)) out.push(`    ${k}: ${v}`);
        }
      } else {
        if (!existsSync(args.dir)) throw new InputError(`--dir ${args.dir}: folder not found`);
        for (const file of scenarioFiles(args.dir)) {
          const s = loadScenario(file);
          out.push(`${s.name}\n  ${s.description.trim()}\n  models: ${s.models.trim()}\n  file: ${file}`);
        }
      }
      process.stdout.write(`${out.join('\n')}\n`);
    },
  );
}
