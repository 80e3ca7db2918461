/**
 * Parameters of composite (composite.ts, whose header explains the noisy-OR,
 * the corroboration across accounts and the batching they tune): the rules
 * combined with their weights, and the windows, thresholds and bounds, as the
 * zod schema the registry and suites validate them with.
 */
import { z } from 'zod';

const ruleWeight = z.object({
  /** Name of the upstream rule as its alerts carry it (a definition name or a variant label). */
  rule: z.string().min(1),
  /** Weight of its score in the noisy-OR (0..1). */
  weight: z.number().min(0).max(1),
  /** Its alerts below this score are ignored (0..1). */
  minScore: z.number().min(0).max(1).default(0),
  /** Context only: adds to the score but does not count towards minRules (pump rules that fire on both stories). */
  context: z.boolean().default(false),
});

export const compositeParams = z.object({
  /** The rules combined, with their weights. */
  rules: z.array(ruleWeight).default([
    { rule: 'account-takeover', weight: 0.9, minScore: 0.3, context: false },
    { rule: 'coordinated-burst', weight: 0.8, minScore: 0.3, context: false },
    { rule: 'counterparty-concentration', weight: 0.9, minScore: 0.3, context: false },
    { rule: 'deposit-linkage', weight: 0.9, minScore: 0.3, context: false },
    { rule: 'rush-orders', weight: 0.15, minScore: 0.3, context: true },
    { rule: 'price-volume', weight: 0.15, minScore: 0.3, context: true },
    { rule: 'ramping', weight: 0.2, minScore: 0.3, context: true },
  ]),
  /** Alerts older than this (relative to the newest) no longer combine (ms). */
  windowMs: z.number().int().positive().default(15 * 60_000),
  /** Combined score at which the composite raises (0..1). */
  threshold: z.number().min(0).max(1).default(0.75),
  /** Distinct non-context rules that must have named the account within the window (count). */
  minRules: z.number().int().positive().default(2),
  /** Raise again for an account when its combined score rose by at least this much (0..1). */
  escalation: z.number().min(0).max(1).default(0.1),
  /**
   * Weight factor (0..1) of a rule that named OTHER accounts on the same symbol within the window:
   * such an alert corroborates (victims' keys taken over while the sellers deposited the coin) at
   * weight x this factor, and counts towards minRules. 0 combines strictly per account.
   */
  crossAccountWeight: z.number().min(0).max(1).default(0.5),
  /** Corroboration from alerts naming other accounts lasts only this long: the same burst, not the whole window (ms). */
  crossWindowMs: z.number().int().nonnegative().default(2 * 60_000),
  /**
   * Corroboration counts only for an account whose own strongest rule is at least this sure (weight x
   * score, 0..1): a weak one-rule naming on an attacked symbol (a follower buying in the burst) is not lifted.
   */
  crossMinOwn: z.number().min(0).max(1).default(0.5),
  /**
   * After an alert on a symbol, accounts that cross the threshold there are collected and raised together
   * at most this often (ms), so an incident gives a few alerts naming many accounts, not one per account.
   */
  batchMs: z.number().int().nonnegative().default(30_000),
  /** Accounts named in one alert at most (the highest combined scores first). */
  maxNamed: z.number().int().positive().default(100),
  /** (account, symbol) records kept at most (oldest dropped first). */
  maxRecords: z.number().int().positive().default(50_000),
});
export type CompositeParams = z.output<typeof compositeParams>;
export type RuleWeight = z.output<typeof ruleWeight>;
