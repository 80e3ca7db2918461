/**
 * Opening every account of a run at once, in a shuffled order, so that an
 * account id says nothing about its role: a detector cannot learn "ids above
 * 500 are attackers". Groups get their ids back in the order of their slots.
 */
import type { AccountId, RandomStream } from '../core/index.js';
import type { Exchange } from '../exchange/index.js';

/** Group name -> number of accounts it needs. Insertion order is the order groups are listed. */
export type AccountPlan = Record<string, number>;

export function openAccounts(ex: Exchange, plan: AccountPlan, rng: RandomStream): Record<string, AccountId[]> {
  const slots: string[] = [];
  for (const [group, n] of Object.entries(plan)) for (let i = 0; i < n; i++) slots.push(group);
  rng.shuffle(slots);
  const ids: Record<string, AccountId[]> = {};
  for (const group of Object.keys(plan)) ids[group] = [];
  for (const group of slots) ids[group]!.push(ex.openAccount());
  return ids;
}
