/**
 * Impact of a response policy on one run, from the event stream (an
 * ImpactCollector), the ground truth and, optionally, the engine's review
 * verdicts. Money in integer units of the quote asset of the episode's symbol.
 *
 * - **attacker proceeds withdrawn**: completed withdrawals of attacker
 *   accounts, valued in quote (the quote as is; other assets at the last price
 *   of `<asset>/<quote>` in a minute that ended before the story start (the
 *   collector's `from`; the first incident's start when that is 0): the
 *   pre-attack price.
 * - **attacker trading gain**: value of the attackers' net trade flows from
 *   the story start, reversals included, at pre-attack prices: what the attack
 *   made on the exchange, withdrawn or not.
 * - **attacker withdrawals rejected**: attacker withdrawal requests rejected
 *   because the account was restricted (a retried request counts again).
 * - **victim loss**: minus the value of the victims' net trade flows from the
 *   story start, at pre-attack prices (what they gave up beyond what they
 *   got); **recovered** is the value of what reversals gave back; **net** the
 *   difference. Victims' ordinary small trades in the story add a little noise.
 * - **honest restricted / hours**: honest accounts (whale, follower, maker,
 *   background) under any account restriction (withdrawal-only,
 *   withdrawals-suspended, frozen), and the hours under it (restrictions still
 *   in force at the end count to the end): the customer-harm measure.
 * - **victims**: counted apart. A revoked key is protection (`victimsProtected`);
 *   a restricted account holds the victim's own funds (`victimsRestricted`,
 *   `victimRestrictionHours`): harm.
 * - **trades reversed**, quote returned and unrecovered; **halt hours** summed
 *   over symbols.
 */
import type { GroundTruth, Role } from '../core/index.js';
import type { Flows, ImpactCollector } from './impact-collector.js';
import { isHonest, roleIndex } from './roles.js';

const HOUR = 3_600_000;

export interface RunImpact {
  run: string;
  seed: number;
  quoteAsset: string;
  quoteDecimals: number;
  attackerProceedsWithdrawn: number;
  attackerTradingGain: number;
  attackerWithdrawalsRejected: number;
  victimLossGross: number;
  victimLossRecovered: number;
  victimLossNet: number;
  attackersRestricted: number;
  attackerKeysRevoked: number;
  honestRestricted: number;
  honestRestrictionHours: number;
  honestKeysRevoked: number;
  victimsProtected: number;
  victimsRestricted: number;
  victimRestrictionHours: number;
  tradesReversed: number;
  quoteReversed: number;
  quoteUnrecovered: number;
  haltHours: number;
  /** Review verdicts given, and how many were right for the account's role (null without a review log). */
  reviews: number | null;
  reviewsCorrect: number | null;
}

/** What impact needs of a response engine's action log (evaluate may not import response). */
export interface ReviewVerdictLike {
  kind: string;
  correct?: boolean;
}

/** Impact of one run. Call `collector.finish(endTime)` first. */
export function runImpact(run: string, truth: GroundTruth, c: ImpactCollector, actions: readonly ReviewVerdictLike[] | null = null): RunImpact {
  const roles = roleIndex(truth);
  const first = truth.incidents[0];
  const symbol = first?.symbol ?? [...c.symbols.keys()][0] ?? '';
  const quoteAsset = c.symbols.get(symbol)?.quote ?? '';
  // Before the story starts nothing of the episode has moved the price yet (a mimic attacker buys
  // for minutes before the first victim order, so the price at the incident start is already up).
  const valueAt = c.from > 0 ? c.from : (first?.start ?? c.endTime);
  const value = (flows: Map<string, number> | undefined) => valueIn(c, flows, quoteAsset, valueAt);
  const of = (role: Role) => [...roles.entries()].filter(([, r]) => r === role).map(([a]) => a);
  const attackers = of('attacker');
  const victims = of('victim');
  const sum = (accounts: number[], flows: Flows) => accounts.reduce((s, a) => s + value(flows.get(a)), 0);

  const restrictedHours = (accounts: number[]) => accounts.reduce((s, a) => s + (c.accountPeriods.get(a)?.ms ?? 0), 0) / HOUR;
  const restricted = (accounts: number[]) => accounts.filter((a) => (c.accountPeriods.get(a)?.sets ?? 0) > 0);
  const keysRevokedBy = (pred: (a: number) => boolean) => [...c.keyPeriods.entries()].filter(([k, p]) => p.sets > 0 && pred(c.keyOwner.get(k) ?? 0)).length;
  const honest = [...c.accountPeriods.keys()].filter((a) => isHonest(roles.get(a)) || roles.get(a) === undefined);
  const victimSet = new Set(victims);
  const protectedVictims = new Set([...c.keyPeriods.entries()].filter(([, p]) => p.sets > 0).map(([k]) => c.keyOwner.get(k) ?? 0).filter((a) => victimSet.has(a)));

  const gross = -sum(victims, c.traded);
  const recovered = sum(victims, c.reversedFlows);
  const verdicts = actions?.filter((a) => a.kind === 'lift' || a.kind === 'keep') ?? null;
  let halt = 0;
  for (const p of c.haltPeriods.values()) halt += p.ms;
  return {
    run,
    seed: truth.seed,
    quoteAsset,
    quoteDecimals: c.decimals.get(quoteAsset) ?? 0,
    attackerProceedsWithdrawn: sum(attackers, c.withdrawn),
    attackerTradingGain: sum(attackers, c.traded) + sum(attackers, c.reversedFlows),
    attackerWithdrawalsRejected: attackers.reduce((s, a) => s + (c.rejectedByRestriction.get(a) ?? 0), 0),
    victimLossGross: gross,
    victimLossRecovered: recovered,
    victimLossNet: gross - recovered,
    attackersRestricted: restricted(attackers).length,
    attackerKeysRevoked: keysRevokedBy((a) => roles.get(a) === 'attacker'),
    honestRestricted: restricted(honest).length,
    honestRestrictionHours: restrictedHours(honest),
    honestKeysRevoked: keysRevokedBy((a) => isHonest(roles.get(a))),
    victimsProtected: protectedVictims.size,
    victimsRestricted: restricted(victims).length,
    victimRestrictionHours: restrictedHours(victims),
    tradesReversed: c.reversals.trades,
    quoteReversed: c.reversals.quoteReturned,
    quoteUnrecovered: c.reversals.quoteUnrecovered,
    haltHours: halt / HOUR,
    reviews: verdicts === null ? null : verdicts.length,
    reviewsCorrect: verdicts === null ? null : verdicts.filter((v) => v.correct === true).length,
  };
}

/**
 * Value in quote units of one account's asset amounts: the quote as is, any
 * other asset at the last price of `<asset>/<quote>` before `t` (exact
 * integer arithmetic, rounded toward zero); assets with no such market count 0.
 */
export function valueIn(c: ImpactCollector, flows: Map<string, number> | undefined, quote: string, t: number): number {
  if (flows === undefined) return 0;
  let total = 0;
  for (const [asset, units] of flows) {
    if (units === 0) continue;
    if (asset === quote) {
      total += units;
      continue;
    }
    const symbol = `${asset}/${quote}`;
    const f = c.symbols.get(symbol);
    const price = c.priceBefore(symbol, t);
    if (f === undefined || price === null) continue;
    total += Number((BigInt(units) * BigInt(price) * BigInt(f.quoteUnitsPerTickLot)) / BigInt(f.baseUnitsPerLot));
  }
  return total;
}
