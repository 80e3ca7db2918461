/**
 * Loading a suite the same way in the main thread and in every worker: its
 * detector modules first (they add detectors the suite may name), then the
 * suite file checked against the registry, then the matrix's rules resolved
 * to definitions.
 */
import { DetectorRegistry, type RuleConfig } from '../../detect/index.js';
import { loadSuite, suiteModules, type SuiteMatrix } from '../../scenario/index.js';
import { loadDetectorModules } from '../commands/eval.js';

export interface PreparedSuite {
  matrix: SuiteMatrix;
  rules: RuleConfig[];
}

export async function prepareSuite(file: string): Promise<PreparedSuite> {
  const registry = new DetectorRegistry();
  await loadDetectorModules(registry, suiteModules(file));
  const catalogue = { names: () => registry.names(), params: (name: string) => registry.get(name)?.params };
  const matrix = loadSuite(file, catalogue);
  const rules = matrix.rules.map((r) => ({ name: r.label, definition: registry.get(r.detector)!, params: r.params }));
  return { matrix, rules };
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
