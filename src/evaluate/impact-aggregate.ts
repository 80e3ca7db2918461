/**
 * A policy's impact against the same seed without it, and across seeds.
 *
 * - **prevented** (per seed): proceeds withdrawn without the policy minus with
 *   it; victim net loss likewise. Same seed, same scenario: the runs are
 *   identical up to the policy's first action, so the difference is its effect.
 * - **aggregate**: every numeric field's mean with a t interval
 *   (`meanInterval`, 95%) across seeds, clipped at 0 for the fields that
 *   cannot be negative (all but SIGNED_FIELDS).
 */
import { meanInterval, type MeanInterval, type MeanOptions, NON_NEGATIVE } from './aggregate.js';
import type { RunImpact } from './impact.js';

export interface ImpactComparison {
  seed: number;
  without: RunImpact;
  with: RunImpact;
  proceedsPrevented: number;
  /** Share of the no-policy proceeds prevented; null when there were none. */
  proceedsPreventedShare: number | null;
  victimLossPrevented: number;
}

export function compareImpact(without: RunImpact, withPolicy: RunImpact): ImpactComparison {
  if (without.seed !== withPolicy.seed) throw new Error(`compareImpact needs the same seed, got ${without.seed} and ${withPolicy.seed}`);
  const prevented = without.attackerProceedsWithdrawn - withPolicy.attackerProceedsWithdrawn;
  return {
    seed: without.seed,
    without,
    with: withPolicy,
    proceedsPrevented: prevented,
    proceedsPreventedShare: without.attackerProceedsWithdrawn > 0 ? prevented / without.attackerProceedsWithdrawn : null,
    victimLossPrevented: without.victimLossNet - withPolicy.victimLossNet,
  };
}

/** The numeric fields of RunImpact that are aggregated. */
export const IMPACT_FIELDS = [
  'attackerProceedsWithdrawn',
  'attackerTradingGain',
  'attackerWithdrawalsRejected',
  'victimLossGross',
  'victimLossRecovered',
  'victimLossNet',
  'attackersRestricted',
  'attackerKeysRevoked',
  'honestRestricted',
  'honestRestrictionHours',
  'honestKeysRevoked',
  'victimsProtected',
  'victimsRestricted',
  'victimRestrictionHours',
  'tradesReversed',
  'quoteReversed',
  'quoteUnrecovered',
  'haltHours',
] as const satisfies readonly (keyof RunImpact)[];
export type ImpactField = (typeof IMPACT_FIELDS)[number];

/** Fields that can be below zero: a gain can be a loss, and victims' own small trades in the story can net a gain. */
const SIGNED_FIELDS: ReadonlySet<ImpactField> = new Set(['attackerTradingGain', 'victimLossGross', 'victimLossNet']);

export type ImpactAggregate = Record<ImpactField, MeanInterval> & { runs: number };

export function aggregateImpact(runs: readonly RunImpact[], options: MeanOptions = {}): ImpactAggregate {
  const out = { runs: runs.length } as ImpactAggregate;
  for (const f of IMPACT_FIELDS) {
    out[f] = meanInterval(
      runs.map((r) => r[f]),
      SIGNED_FIELDS.has(f) ? options : { ...options, range: NON_NEGATIVE },
    );
  }
  return out;
}
