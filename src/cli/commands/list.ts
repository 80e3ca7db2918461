import { existsSync } from 'node:fs';
import type { Argv } from 'yargs';
import { AGENT_CATALOGUE } from '../../agents/index.js';
import { DetectorRegistry } from '../../detect/index.js';
import { loadDetectorModules } from './eval.js';
import { loadScenario, scenarioFiles } from '../../scenario/index.js';
import { InputError } from '../errors.js';

/** `surveil list agents|scenarios [--dir scenarios]`. */
export function listCommand(y: Argv): Argv {
  return y.command(
    'list <what>',
    'list the agent behaviours, or the scenarios in a folder, with their descriptions',
    (c) =>
      c
        .positional('what', { choices: ['agents', 'scenarios', 'detectors'] as const, demandOption: true })
        .option('dir', { type: 'string', default: 'scenarios', describe: 'folder of scenario files' })
        .option('detector-module', { type: 'string', array: true, default: [] as string[], describe: 'also list the detectors of these modules' }),
    async (args) => {
      const out: string[] = [];
      if (args.what === 'detectors') {
        const registry = new DetectorRegistry();
        await loadDetectorModules(registry, args['detector-module']);
        for (const d of registry.all()) {
          out.push(`${d.name}  [${d.family}; needs ${d.needs.join(', ')}]\n  ${d.summary}`);
          const defaults = d.params.parse({}) as Record<string, unknown>;
          for (const [k, v] of Object.entries(defaults)) out.push(`    ${k}: ${JSON.stringify(v)}${describeParam(d.params, k)}`);
        }
      } else if (args.what === 'agents') {
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

/** A parameter's description from its zod schema, when it has one. */
function describeParam(schema: unknown, key: string): string {
  const shape = (schema as { shape?: Record<string, { description?: string }> }).shape;
  const d = shape?.[key]?.description;
  return d ? `  (${d})` : '';
}
