/**
 * From a suite's entries to its matrix: scenario variants (a file, plus one
 * point of its grid applied to the file's YAML before validation) and rule
 * variants (a detector, plus one point of its parameter grid). Labels are what
 * reports show: the name alone, or `name[key=value,...]` for a grid point.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { scenarioSchema, type Scenario } from './schema.js';
import { schemaProblems } from './yaml-load.js';
import type { DetectorCatalogue } from './suite-schema.js';

type Grid = Readonly<Record<string, readonly unknown[]>>;
/** A `scenarios` entry as the suite schema outputs it. */
export type ScenarioEntry = string | { file: string; grid?: Grid | undefined };
/** A `detectors` entry as the suite schema outputs it. */
export type DetectorEntry = string | { detector: string; label?: string | undefined; params?: Record<string, unknown> | undefined; grid?: Grid | undefined };
/** What the cross-entry checks read of a suite. */
interface SuiteEntries {
  scenarios: readonly ScenarioEntry[];
  detectors: readonly DetectorEntry[];
  gates: readonly { rule?: string | undefined; policy?: string | undefined; metric: string; scenarios?: readonly string[] | undefined }[];
  policies: readonly string[];
}

/** Policy metrics (mirrors evaluate/gates.ts POLICY_GATE_METRICS; a test keeps them equal). */
export const POLICY_METRICS: ReadonlySet<string> = new Set(['attackerProceedsWithdrawn', 'proceedsPrevented', 'victimLossNet', 'honestRestricted', 'honestRestrictionHours', 'victimRestrictionHours', 'haltHours']);

/** The `name` of each policy file (read as plain YAML; the policy loader checks the rest). */
function policyNames(files: readonly string[], baseDir: string): string[] {
  return files.flatMap((f) => {
    try {
      const name = (parseYaml(readFileSync(resolve(baseDir, f), 'utf8')) as { name?: unknown } | null)?.name;
      return typeof name === 'string' ? [name] : [];
    } catch {
      return [];
    }
  });
}

/** Every combination of a grid's values, first key varying slowest; one empty point for no grid. */
export function gridPoints(grid: Readonly<Record<string, readonly unknown[]>> | undefined): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid ?? {})) points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  return points;
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** `name`, or `name[k=v,k2=v2]`. */
export function variantLabel(name: string, point: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(point).map(([k, v]) => `${k}=${show(v)}`);
  return parts.length === 0 ? name : `${name}[${parts.join(',')}]`;
}

export interface RuleSpec {
  label: string;
  detector: string;
  /** Parameters that differ from the defaults. */
  params: Record<string, unknown>;
  /** Index of the suite's `detectors` entry it comes from. */
  entry: number;
}

/** The rules of the matrix, in entry order; `all` expands to every catalogue name. */
export function ruleSpecs(detectors: readonly DetectorEntry[], catalogue: Pick<DetectorCatalogue, 'names'>): RuleSpec[] {
  return detectors.flatMap((d, entry): RuleSpec[] => {
    if (typeof d === 'string') {
      const names = d === 'all' ? catalogue.names() : [d];
      return names.map((detector) => ({ label: detector, detector, params: {}, entry }));
    }
    return gridPoints(d.grid).map((point) => {
      const params = { ...d.params, ...point };
      const label = d.label !== undefined ? variantLabel(d.label, point) : variantLabel(d.detector, params);
      return { label, detector: d.detector, params, entry };
    });
  });
}

/** `a.b[2].c` → ['a', 'b', 2, 'c']; null when malformed. */
export function parseFieldPath(path: string): (string | number)[] | null {
  const out: (string | number)[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|(\.)/gy;
  let expectKey = true;
  let m: RegExpExecArray | null;
  while (re.lastIndex < path.length && (m = re.exec(path)) !== null) {
    if (m[1] !== undefined) {
      if (!expectKey) return null;
      out.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      if (expectKey) return null;
      out.push(Number(m[2]));
    } else {
      if (expectKey) return null;
      expectKey = true;
    }
  }
  return re.lastIndex === path.length && !expectKey && out.length > 0 ? out : null;
}

/** A copy of `data` with `value` at `path`; containers on the way are copied, missing maps created. */
export function withField(data: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const arr = Array.isArray(data) ? [...(data as unknown[])] : [];
    arr[head] = withField(arr[head], rest, value);
    return arr;
  }
  const obj = data !== null && typeof data === 'object' && !Array.isArray(data) ? { ...(data as Record<string, unknown>) } : {};
  obj[head!] = withField(obj[head!], rest, value);
  return obj;
}

export interface ScenarioVariant {
  label: string;
  file: string;
  /** The file's text, for its hash. */
  text: string;
  overrides: Record<string, unknown>;
  /** The validated scenario, or the problems of this grid point. */
  scenario: Scenario | null;
  problems: { path: string; message: string }[];
}

/** The variants of one `scenarios` entry; a file that does not parse as YAML yields no variants (loadScenario reports it). */
export function scenarioVariants(entry: ScenarioEntry, baseDir: string): ScenarioVariant[] {
  const rel = typeof entry === 'string' ? entry : entry.file;
  const file = resolve(baseDir, rel);
  const text = readFileSync(file, 'utf8');
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch {
    return [];
  }
  const grid = typeof entry === 'string' ? undefined : entry.grid;
  return gridPoints(grid).map((point) => {
    let data = raw;
    const problems: { path: string; message: string }[] = [];
    for (const [key, value] of Object.entries(point)) {
      const path = parseFieldPath(key);
      if (path === null) problems.push({ path: key, message: `not a field path like market.coin.price or stories[0].attack.victims` });
      else data = withField(data, path, value);
    }
    if (problems.length === 0) problems.push(...schemaProblems(scenarioSchema, data));
    const scenario = problems.length === 0 ? (scenarioSchema.parse(data) as Scenario) : null;
    const name = (raw as { name?: unknown } | null)?.name;
    return { label: variantLabel(typeof name === 'string' ? name : rel, point), file, text, overrides: point, scenario, problems };
  });
}

/** Cross-entry checks: grid points valid, labels unique, gates naming rules and scenarios that exist. */
export function checkMatrix(s: SuiteEntries, catalogue: DetectorCatalogue, baseDir: string, ctx: z.core.$RefinementCtx): void {
  const scenarioLabels = new Set<string>();
  s.scenarios.forEach((entry, i) => {
    let variants: ScenarioVariant[];
    try {
      variants = scenarioVariants(entry, baseDir);
    } catch {
      return; // a missing file is already reported
    }
    const points = gridPoints(typeof entry === 'string' ? undefined : entry.grid);
    variants.forEach((v, j) => {
      for (const p of v.problems) {
        const key = Object.keys(points[j] ?? {}).find((k) => p.path === k || p.path.startsWith(`${k}.`) || p.path.startsWith(`${k}[`));
        const at = key === undefined ? ['scenarios', i] : ['scenarios', i, 'grid', key];
        ctx.addIssue({ code: 'custom', path: at, message: `${v.label}: ${p.path === '' ? '' : `${p.path}: `}${p.message}` });
      }
      if (scenarioLabels.has(v.label)) ctx.addIssue({ code: 'custom', path: ['scenarios', i], message: `scenario ${v.label} is already in the suite` });
      scenarioLabels.add(v.label);
    });
  });
  const known = new Set(catalogue.names());
  const rules = ruleSpecs(s.detectors, catalogue).filter((r) => known.has(r.detector));
  const ruleLabels = new Set<string>();
  for (const r of rules) {
    if (ruleLabels.has(r.label)) ctx.addIssue({ code: 'custom', path: ['detectors', r.entry], message: `rule ${r.label} is already in the matrix (give it a label)` });
    ruleLabels.add(r.label);
  }
  const policies = new Set(['none', ...policyNames(s.policies, baseDir)]);
  s.gates.forEach((g, i) => {
    if (g.policy !== undefined) {
      if (!policies.has(g.policy)) ctx.addIssue({ code: 'custom', path: ['gates', i, 'policy'], message: `no policy ${JSON.stringify(g.policy)} in the suite (policies: ${[...policies].join(', ')})` });
      if (!POLICY_METRICS.has(g.metric)) ctx.addIssue({ code: 'custom', path: ['gates', i, 'metric'], message: `a policy gate bounds an impact metric (${[...POLICY_METRICS].join(', ')})` });
    } else if (POLICY_METRICS.has(g.metric)) {
      ctx.addIssue({ code: 'custom', path: ['gates', i, 'metric'], message: `${g.metric} measures a response policy: name the policy instead of a rule` });
    }
    if (g.rule !== undefined && !ruleLabels.has(g.rule)) ctx.addIssue({ code: 'custom', path: ['gates', i, 'rule'], message: `no rule ${JSON.stringify(g.rule)} in the matrix (rules: ${[...ruleLabels].join(', ')})` });
    (g.scenarios ?? []).forEach((name, j) => {
      if (!scenarioLabels.has(name)) ctx.addIssue({ code: 'custom', path: ['gates', i, 'scenarios', j], message: `no scenario ${JSON.stringify(name)} in the suite (scenarios: ${[...scenarioLabels].join(', ')})` });
    });
  });
}
