/**
 * `surveil eval <scenario> --policy <file.yaml>`: the same seeds run twice,
 * without and with the policy (closed loop), and their impact side by side.
 */
import { join } from 'node:path';
import type { DetectorRegistry, RuleConfig } from '../detect/index.js';
import { aggregateImpact, compareImpact, type ImpactComparison } from '../evaluate/index.js';
import { stableStringify, writeFileAtomic } from '../io/index.js';
import { policyRules, policySchemaFor, type ResponsePolicy } from '../response/index.js';
import { loadYamlFile, type Scenario } from '../scenario/index.js';
import { runClosedLoop } from './closed-loop.js';
import { impactTable } from './impact-table.js';

export const IMPACT_SCHEMA_VERSION = 1;

/** Loads a policy file; problems (YAML, schema, unknown rules, bad params) come as file:line:col. */
export function loadPolicy(file: string, registry: DetectorRegistry): ResponsePolicy {
  return loadYamlFile(file, policySchemaFor(registry));
}

export interface PolicyEvalOptions {
  scenario: Scenario;
  seeds: readonly number[];
  policy: ResponsePolicy;
  registry: DetectorRegistry;
  /** Rules run beside the policy's own (their alerts do not trigger it). */
  extraRules?: readonly RuleConfig[];
  suppressMs: number;
  progress?: (done: number, total: number) => void;
}

export interface PolicyEvalResult {
  comparisons: ImpactComparison[];
  table: (title: string) => string;
  json: Record<string, unknown>;
}

export function evaluatePolicy(o: PolicyEvalOptions): PolicyEvalResult {
  const comparisons: ImpactComparison[] = [];
  const rules = [...policyRules(o.policy, o.registry)];
  for (const r of o.extraRules ?? []) if (!rules.some((x) => x.name === r.name)) rules.push(r);
  for (const seed of o.seeds) {
    const without = runClosedLoop({ scenario: o.scenario, seed, policy: null, rules: [], suppressMs: o.suppressMs });
    const withPolicy = runClosedLoop({ scenario: o.scenario, seed, policy: o.policy, rules, registry: o.registry, suppressMs: o.suppressMs });
    comparisons.push(compareImpact(without.impact, withPolicy.impact));
    o.progress?.(comparisons.length, o.seeds.length);
  }
  const without = aggregateImpact(comparisons.map((c) => c.without));
  const withPolicy = aggregateImpact(comparisons.map((c) => c.with));
  return {
    comparisons,
    table: (title) => impactTable(title, o.policy.name, without, withPolicy, comparisons),
    json: {
      schemaVersion: IMPACT_SCHEMA_VERSION,
      scenario: o.scenario.name,
      policy: o.policy,
      seeds: [...o.seeds],
      aggregates: { without, with: withPolicy },
      runs: comparisons,
    },
  };
}

export async function writePolicyResults(out: string, json: Record<string, unknown>): Promise<string> {
  const file = join(out, 'impact.json');
  await writeFileAtomic(file, `${stableStringify(json)}\n`);
  return file;
}
