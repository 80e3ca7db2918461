/** The `--policy` branch of `surveil eval`: closed-loop impact, without and with the policy. */
import { existsSync, statSync } from 'node:fs';
import type { DetectorRegistry } from '../../detect/index.js';
import { stableStringify } from '../../io/index.js';
import { loadScenario } from '../../scenario/index.js';
import { InputError } from '../errors.js';
import { evaluatePolicy, loadPolicy, writePolicyResults } from '../policy-eval.js';
import { parseSeeds, pickRules } from './eval.js';

interface PolicyArgs {
  seed?: number | undefined;
  seeds?: string | undefined;
  detectors?: string | undefined;
  out?: string | undefined;
  json: boolean;
}

export async function runPolicyEval(target: string, policyFile: string, registry: DetectorRegistry, args: PolicyArgs, suppressMs: number): Promise<void> {
  if (statSync(target).isDirectory()) throw new InputError('--policy acts inside the simulation: give a scenario file, not a run folder');
  if (!existsSync(policyFile)) throw new InputError(`--policy ${policyFile}: file not found`);
  const policy = loadPolicy(policyFile, registry);
  const scenario = loadScenario(target);
  const seeds = args.seeds !== undefined ? parseSeeds(args.seeds) : [args.seed ?? scenario.seed];
  const tty = process.stderr.isTTY && !process.env['CI'];
  const result = evaluatePolicy({
    scenario,
    seeds,
    policy,
    registry,
    // --detectors adds rules that run beside the policy's own; by default only the trigger rules run.
    extraRules: args.detectors === undefined ? [] : pickRules(registry, args.detectors),
    suppressMs,
    progress: tty ? (done, total) => process.stderr.write(`\r${done}/${total} seeds`) : undefined,
  });
  if (tty) process.stderr.write('\n');
  if (args.out !== undefined) {
    const file = await writePolicyResults(args.out, result.json);
    if (!args.json) process.stdout.write(`results  ${file}\n`);
  }
  if (args.json) process.stdout.write(`${stableStringify(result.json)}\n`);
  else process.stdout.write(result.table(scenario.name));
}
