/** Reading suite files into the matrix a comparison runs. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './errors.js';
import { jsonSchemaFor, loadYamlFile } from './yaml-load.js';
import { type RuleSpec, type ScenarioVariant, ruleSpecs, scenarioVariants } from './suite-expand.js';
import { type DetectorCatalogue, type GateEntry, type Suite, suiteSchema } from './suite-schema.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { parseDuration } from './fields.js';

export const SUITE_SCHEMA_ID = 'https://surveil.dev/schema/suite.v1.json';

/** A suite ready to run: every scenario variant valid, every rule resolved to a detector and parameters. */
export interface SuiteMatrix {
  file: string;
  name: string;
  description: string;
  /** SHA-256 of the suite file's bytes. */
  fileSha256: string;
  scenarios: (Omit<ScenarioVariant, 'scenario' | 'problems'> & { scenario: Scenario; fileSha256: string })[];
  seeds: number[];
  rules: RuleSpec[];
  /** Absolute paths of detector modules to load (in workers too). */
  detectorModules: string[];
  suppressMs: number;
  /** Absolute paths of the response policy files. */
  policyFiles: string[];
  gates: GateEntry[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Reads and checks a suite file. Detector modules named by the suite must
 * already be in `catalogue` (see {@link suiteModules}).
 *
 * @throws ConfigError with every problem of the suite file, or of a scenario file it names
 */
export function loadSuite(path: string, catalogue: DetectorCatalogue): SuiteMatrix {
  const suite: Suite = loadYamlFile(path, suiteSchema(catalogue, path));
  const base = dirname(resolve(path));
  const scenarios = suite.scenarios.flatMap((entry) => {
    const variants = scenarioVariants(entry, base);
    if (variants.length === 0) {
      // Not YAML at all: let the scenario loader say where.
      loadYamlFile(resolve(base, typeof entry === 'string' ? entry : entry.file), scenarioSchema);
    }
    return variants.map((v) => {
      if (v.scenario === null) throw new ConfigError([{ file: path, line: 0, col: 0, path: '', message: `${v.label}: ${v.problems[0]?.message ?? 'invalid'}` }]);
      return { label: v.label, file: v.file, text: v.text, overrides: v.overrides, scenario: v.scenario, fileSha256: sha256(v.text) };
    });
  });
  return {
    file: path,
    name: suite.name,
    description: suite.description.trim(),
    fileSha256: sha256(readFileSync(path, 'utf8')),
    scenarios,
    seeds: suite.seeds,
    rules: ruleSpecs(suite.detectors, catalogue),
    detectorModules: suite.detectorModules.map((m) => resolve(base, m)),
    suppressMs: parseDuration(suite.suppress)!,
    policyFiles: suite.policies.map((p) => resolve(base, p)),
    gates: suite.gates,
  };
}

/** The detector modules a suite names, resolved, before the suite itself is checked (they add detectors). */
export function suiteModules(path: string): string[] {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch {
    return []; // loadSuite reports what is wrong with the file
  }
  const modules = (raw as { detectorModules?: unknown } | null)?.detectorModules;
  if (!Array.isArray(modules)) return [];
  const base = dirname(resolve(path));
  return modules.filter((m): m is string => typeof m === 'string').map((m) => resolve(base, m)).filter((m) => existsSync(m));
}

/** JSON Schema of a suite file for editors (detector parameters are checked by surveil, not the editor). */
export function suiteJsonSchema(): Record<string, unknown> {
  const anyDetector: DetectorCatalogue = { names: () => [], params: () => undefined };
  return jsonSchemaFor(suiteSchema(anyDetector, 'suite.yaml'), SUITE_SCHEMA_ID, 'surveil suite');
}
