/**
 * Suite files (`scenarios/suites/*.yaml`): a matrix of scenarios x seeds x
 * detectors, with parameter grids on both sides, and the gates the suite
 * promises. Strict like scenario files: unknown keys are errors, every problem
 * is reported at once with its line and column.
 *
 * Detector names and parameters are checked against the registry the caller
 * passes in (scenario/ does not know the detectors; the CLI does), so a typo in
 * a rule's parameter is reported at its line like any other problem.
 *
 * ```yaml
 * name: smoke
 * description: two stories, three seeds, every rule
 * scenarios:
 *   - ../compromised-key-pump.yaml
 *   - file: ../whale-followers.yaml
 *     grid: { "market.coin.price": ["0.0001", "0.0003"] }
 * seeds: 1-3
 * detectors:
 *   - all
 *   - detector: rush-orders
 *     grid: { minZ: [4, 6] }
 * gates:
 *   - { rule: composite, metric: beforeHarm, min: 0.9, level: error }
 * ```
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { parseDuration } from './fields.js';
import { checkMatrix } from './suite-expand.js';

/** What the suite schema needs to know about the detectors it may name. */
export interface DetectorCatalogue {
  names(): string[];
  /** The parameter schema of a detector, or undefined when there is none by that name. */
  params(name: string): z.ZodType | undefined;
}

/** Gate metrics (mirrors evaluate/gates.ts GATE_METRICS, which scenario/ may not import; a test keeps them equal). */
export const SUITE_GATE_METRICS = [
  'detection',
  'beforeHarm',
  'attackerNamed',
  'victimRecall',
  'involvedPrecision',
  'latencyMs',
  'latencyMedianMs',
  'honestNamed',
  'honestNamedInOrganic',
  'alertsPerMarketDay',
  'rocAuc',
  'prAuc',
  'attackerProceedsWithdrawn',
  'proceedsPrevented',
  'victimLossNet',
  'honestRestricted',
  'honestRestrictionHours',
  'victimRestrictionHours',
  'haltHours',
] as const;

/** `1-20`, `7`, or a list of seeds. */
const seedsField = z
  .union([z.number().int().nonnegative(), z.string(), z.array(z.number().int().nonnegative()).min(1)])
  .transform((v, ctx): number[] => {
    if (typeof v === 'number') return [v];
    if (Array.isArray(v)) return v;
    const seeds: number[] = [];
    for (const part of v.split(',')) {
      const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
      const lo = Number(m?.[1]);
      const hi = m?.[2] === undefined ? lo : Number(m[2]);
      if (m === null || hi < lo || hi - lo > 100_000) {
        ctx.addIssue({ code: 'custom', message: `write seeds like 1-20, 1,2,5 or a list, got ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      for (let s = lo; s <= hi; s++) seeds.push(s);
    }
    return seeds;
  })
  .describe('seeds: `1-20`, `1,2,5`, a number, or a list');

/** field path → values; every combination becomes one variant. */
const gridField = z
  .record(z.string(), z.array(z.unknown()).min(1))
  .describe('parameter grid: each key lists its values; every combination is one variant');

const detectorEntry = z.union([
  z.string().describe('a detector name, or `all` for every registered detector with its defaults'),
  z
    .object({
      detector: z.string(),
      /** Shown in reports instead of the generated `name[param=value]`. */
      label: z.string().min(1).optional(),
      params: z.record(z.string(), z.unknown()).optional().describe('parameters that differ from the defaults'),
      grid: gridField.optional().describe('parameters to vary; every combination is one rule of the matrix'),
    })
    .strict(),
]);

const gateEntry = z
  .object({
    name: z.string().min(1).optional().describe('shown in reports; default: rule, metric and bound'),
    rule: z.string().optional().describe('a rule label of the matrix (a detector name, or `name[param=value]` for a grid point)'),
    policy: z.string().optional().describe('a response policy of the suite by name, or `none` for the runs without one: the gate then bounds an impact metric'),
    metric: z.enum(SUITE_GATE_METRICS),
    scenarios: z.array(z.string()).min(1).optional().describe('scenario labels pooled; default: attack scenarios for catching metrics, all for harm metrics'),
    min: z.number().optional(),
    max: z.number().optional(),
    on: z.enum(['value', 'low', 'high']).default('value').describe('compare the estimate, or an end of its 95% interval'),
    level: z.enum(['error', 'warn']).default('error'),
  })
  .strict()
  .refine((g) => g.min !== undefined || g.max !== undefined, { message: 'a gate needs min or max' })
  .refine((g) => (g.rule === undefined) !== (g.policy === undefined), { message: 'a gate names either a rule or a policy' });

/** The suite schema, checking detectors against `catalogue` and scenario files relative to `suiteFile`. */
export function suiteSchema(catalogue: DetectorCatalogue, suiteFile: string) {
  const base = dirname(resolve(suiteFile));
  // Checks sit on the entries they are about, so they run even when another
  // part of the file is invalid: every problem is reported at once.
  const existing = (what: string) =>
    z.string().superRefine((file, ctx) => {
      if (!existsSync(resolve(base, file))) ctx.addIssue({ code: 'custom', message: `no ${what} ${file} (paths are relative to the suite file)` });
    });
  const scenario = z.union([
    existing('scenario file').describe('a scenario file, relative to the suite file'),
    z
      .object({
        file: existing('scenario file').describe('a scenario file, relative to the suite file'),
        grid: gridField.optional().describe('scenario fields to vary, by path (e.g. "market.coin.price" or "stories[0].attack.victims")'),
      })
      .strict(),
  ]);
  const detector = detectorEntry.superRefine((entry, ctx) => {
    const name = typeof entry === 'string' ? entry : entry.detector;
    if (name === 'all' && typeof entry === 'string') return;
    const params = catalogue.params(name);
    if (params === undefined) {
      ctx.addIssue({ code: 'custom', path: typeof entry === 'string' ? [] : ['detector'], message: `no detector "${name}" (known: ${catalogue.names().join(', ')})` });
      return;
    }
    if (typeof entry === 'string') return;
    const problems = (values: Record<string, unknown>) => {
      const r = params.safeParse(values);
      return r.success ? [] : r.error.issues;
    };
    for (const issue of problems(entry.params ?? {})) ctx.addIssue({ code: 'custom', path: ['params', ...issue.path], message: issue.message });
    for (const [key, values] of Object.entries(entry.grid ?? {})) {
      values.forEach((v, j) => {
        const first = problems({ ...entry.params, [key]: v })[0];
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['grid', key, j], message: first.message });
      });
    }
  });
  return z
    .object({
      name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
      description: z.string(),
      scenarios: z.array(scenario).min(1),
      seeds: seedsField,
      detectors: z.array(detector).min(1).default(['all']),
      detectorModules: z.array(existing('module')).default([]).describe('JS modules exporting detector definitions, relative to the suite file'),
      suppress: z
        .string()
        .refine((d) => parseDuration(d) !== undefined, { message: 'expected a duration like 5m' })
        .default('5m')
        .describe('repeat alerts on the same subject within this are suppressed'),
      policies: z.array(existing('policy file')).default([]).describe('response policy files (relative to the suite file); each runs closed loop beside the runs without one'),
      gates: z.array(gateEntry).default([]),
    })
    .strict()
    .superRefine((s, ctx) => checkMatrix(s, catalogue, base, ctx));
}

export type Suite = z.output<ReturnType<typeof suiteSchema>>;
export type GateEntry = Suite['gates'][number];
