/**
 * Loading a suite the same way in the main thread and in every worker: its
 * detector modules first (they add detectors the suite may name), then the
 * suite file checked against the registry, then the matrix's rules resolved
 * to definitions.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DetectorRegistry, type RuleConfig } from '../../detect/index.js';
import { NO_POLICY } from '../../evaluate/index.js';
import { policyRules, policySchemaFor, type ResponsePolicy } from '../../response/index.js';
import { loadSuite, loadYamlFile, suiteModules, type SuiteMatrix } from '../../scenario/index.js';
import { InputError } from '../errors.js';
import { loadDetectorModules } from '../commands/eval.js';

export interface PreparedSuite {
  matrix: SuiteMatrix;
  rules: RuleConfig[];
  /** Response policies, each with the rules its closed-loop runs need: the matrix's, plus its trigger rules not among them. */
  policies: { policy: ResponsePolicy; file: string; fileSha256: string; rules: RuleConfig[] }[];
  registry: DetectorRegistry;
}

export async function prepareSuite(file: string): Promise<PreparedSuite> {
  const registry = new DetectorRegistry();
  await loadDetectorModules(registry, suiteModules(file));
  const catalogue = { names: () => registry.names(), params: (name: string) => registry.get(name)?.params };
  const matrix = loadSuite(file, catalogue);
  const rules = matrix.rules.map((r) => ({ name: r.label, definition: registry.get(r.detector)!, params: r.params }));
  const labels = new Set(rules.map((r) => r.name));
  const policies = matrix.policyFiles.map((file) => {
    const policy = loadYamlFile(file, policySchemaFor(registry));
    const extra = policyRules(policy, registry).filter((r) => !labels.has(r.name));
    return { policy, file, fileSha256: createHash('sha256').update(readFileSync(file)).digest('hex'), rules: [...rules, ...extra] };
  });
  const names = policies.map((p) => p.policy.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i || n === NO_POLICY);
  if (twice !== undefined) throw new InputError(`${file}: two policies are named ${twice} (or one is named ${NO_POLICY}, the name of the runs without a policy)`);
  return { matrix, rules, policies, registry };
}

/** One simulation of the matrix: scenario index and seed; `series` for the first seed of each scenario. */
export interface Cell {
  index: number;
  scenario: number;
  seed: number;
  series: boolean;
}

/** Every cell in matrix order (scenario, then seed), or the shard's slice of them (every n-th, from i − 1). */
export function suiteCells(matrix: SuiteMatrix, shard: { index: number; count: number } | null): Cell[] {
  const cells: Cell[] = [];
  matrix.scenarios.forEach((_, scenario) =>
    matrix.seeds.forEach((seed, k) => cells.push({ index: cells.length, scenario, seed, series: k === 0 })),
  );
  return shard === null ? cells : cells.filter((c) => c.index % shard.count === shard.index - 1);
}
