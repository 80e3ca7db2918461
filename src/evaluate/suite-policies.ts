/**
 * Response policies across a suite: for each policy (and `none`, the same
 * runs without one) and each scenario, the impact measures averaged over
 * seeds with 95% intervals, and what the policy prevented against `none` at
 * the same seed (the runs are identical up to the policy's first action).
 * Pooled too over the attack scenarios and over the organic ones, which is
 * the trade-off a reader wants: funds saved against honest users harmed.
 */
import { type MeanInterval, meanInterval } from './aggregate.js';
import { type ImpactAggregate, aggregateImpact, compareImpact } from './impact-aggregate.js';
import type { RunImpact } from './impact.js';

/** The name of the no-policy runs every policy is compared with. */
export const NO_POLICY = 'none';
/** Scenario labels of the pooled rows. */
export const ATTACK_SCENARIOS = '*attack';
export const ORGANIC_SCENARIOS = '*organic';

export interface RunImpacts {
  scenario: string;
  seed: number;
  attack: boolean;
  /** `none` first, then each policy in matrix order; empty when the suite has no policy. */
  impacts: readonly { policy: string; impact: RunImpact }[];
}

export interface PolicyAggregate {
  policy: string;
  /** A scenario label, or {@link ATTACK_SCENARIOS} / {@link ORGANIC_SCENARIOS} for the pooled rows. */
  scenario: string;
  runs: number;
  impact: ImpactAggregate;
  /** Attacker proceeds withdrawn without the policy minus with it, per seed (quote units). */
  proceedsPrevented: MeanInterval;
  /** Victims' net loss without minus with, per seed (quote units). */
  victimLossPrevented: MeanInterval;
  /** Quote asset and decimals of the amounts (from the runs). */
  quoteAsset: string;
  quoteDecimals: number;
}

function aggregate(policy: string, scenario: string, runs: readonly RunImpacts[]): PolicyAggregate | null {
  const pairs = runs.flatMap((r) => {
    const none = r.impacts.find((i) => i.policy === NO_POLICY)?.impact;
    const mine = r.impacts.find((i) => i.policy === policy)?.impact;
    return none === undefined || mine === undefined ? [] : [compareImpact(none, mine)];
  });
  if (pairs.length === 0) return null;
  const path = ['suite', 'policy', policy, scenario];
  return {
    policy,
    scenario,
    runs: pairs.length,
    impact: aggregateImpact(pairs.map((p) => p.with), { path }),
    proceedsPrevented: meanInterval(pairs.map((p) => p.proceedsPrevented)),
    victimLossPrevented: meanInterval(pairs.map((p) => p.victimLossPrevented)),
    quoteAsset: pairs[0]!.with.quoteAsset,
    quoteDecimals: pairs[0]!.with.quoteDecimals,
  };
}

/** Per policy (`none` first) and scenario, then the pooled attack and organic rows of each policy. */
export function policyAggregates(policies: readonly string[], scenarios: readonly string[], runs: readonly RunImpacts[]): PolicyAggregate[] {
  if (policies.length === 0) return [];
  const out: PolicyAggregate[] = [];
  for (const policy of [NO_POLICY, ...policies]) {
    for (const s of scenarios) {
      const a = aggregate(policy, s, runs.filter((r) => r.scenario === s));
      if (a !== null) out.push(a);
    }
    for (const [label, attack] of [[ATTACK_SCENARIOS, true], [ORGANIC_SCENARIOS, false]] as const) {
      const a = aggregate(policy, label, runs.filter((r) => r.attack === attack));
      if (a !== null) out.push(a);
    }
  }
  return out;
}
