/**
 * Closed-loop runs on the shipped scenarios: policies act inside the
 * simulation and their effect is measured against the same seed without them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClosedLoop } from '../../src/cli/closed-loop.js';
import type { EventOf } from '../../src/core/index.js';
import { DetectorRegistry } from '../../src/detect/index.js';
import { policySchema, policySchemaFor, type ResponsePolicy, type ResponsePolicyInput, ruleLabel } from '../../src/response/index.js';
import { loadScenario, loadYamlFile } from '../../src/scenario/index.js';

const root = join(import.meta.dirname, '../..');
const registry = new DetectorRegistry();
const scenario = (name: string) => loadScenario(join(root, 'scenarios', `${name}.yaml`));
const shipped = (name: string) => loadYamlFile(join(root, 'policies', `${name}.yaml`), policySchemaFor(registry));
const policy = (input: ResponsePolicyInput): ResponsePolicy => policySchema.parse(input);

const ATTACK_RULES = ['account-takeover', 'deposit-linkage', 'counterparty-concentration', 'coordinated-burst', 'composite'];

describe('suspending withdrawals at the first account-level alert', () => {
  const ckp = scenario('compromised-key-pump');
  const freeze = shipped('freeze-withdrawals-on-attack');

  it('leaves the attacker nothing withdrawn in the fast attack (seeds 1-3), where without it proceeds leave', () => {
    const without = runClosedLoop({ scenario: ckp, seed: 1, policy: null });
    expect(without.impact.attackerProceedsWithdrawn).toBeGreaterThan(0);
    for (const seed of [1, 2, 3]) {
      const r = runClosedLoop({ scenario: ckp, seed, policy: freeze });
      expect(r.impact.attackerProceedsWithdrawn, `seed ${seed}`).toBe(0);
      expect(r.impact.attackersRestricted, `seed ${seed}`).toBeGreaterThan(0);
      expect(r.impact.attackerWithdrawalsRejected, `seed ${seed}`).toBeGreaterThan(0);
      // Refused, an attacker retries a few times with back-off (at most 4 retries), not on every trade:
      // at most the first request, 4 retries and one already on its way, per restricted account.
      expect(r.impact.attackerWithdrawalsRejected, `seed ${seed}`).toBeLessThanOrEqual(r.impact.attackersRestricted * 6);
      // The policy acts only through the exchange: every action is logged with the alert behind it.
      expect(r.actions.filter((a) => a.kind === 'suspend-withdrawals' && a.applied).length).toBeGreaterThan(0);
      expect(r.actions.every((a) => a.cause === 'review' || ATTACK_RULES.some((rule) => a.cause.startsWith(`${rule}@`)))).toBe(true);
    }
  });
});

describe('actions by rule: keys of takeover-named accounts, withdrawals of linkage-named ones', () => {
  it('keeps the proceeds in, restricts no victim funds, and reverses the victims\' trades while the proceeds are held', () => {
    const r = runClosedLoop({ scenario: scenario('compromised-key-pump'), seed: 1, policy: shipped('protect-victims') });
    const i = r.impact;
    expect(i.attackerProceedsWithdrawn).toBe(0);
    expect(i.victimsRestricted).toBe(0);
    expect(i.victimsProtected).toBeGreaterThan(0);
    expect(i.victimLossRecovered).toBeGreaterThan(0);
    expect(i.quoteUnrecovered).toBe(0);
    // Account-takeover alerts only ever revoked keys.
    expect(r.actions.filter((a) => a.cause.startsWith('account-takeover@')).every((a) => a.kind === 'revoke-key' || a.kind === 'reverse-trade')).toBe(true);
  });
});

describe('a plain pump rule naming top buyers, on the organic story', () => {
  const wf = scenario('whale-followers');
  const dec = shipped('dec-2022-mistake');

  it('restricts honest accounts; harm hours = review delay x accounts hit; the reviewer lifts them all', () => {
    for (const seed of [1, 2]) {
      const r = runClosedLoop({ scenario: wf, seed, policy: dec });
      const i = r.impact;
      expect(i.honestRestricted, `seed ${seed}`).toBeGreaterThan(0);
      expect(i.honestRestrictionHours).toBeCloseTo((i.honestRestricted * dec.review!.delay) / 3_600_000, 9);
      expect(i.attackersRestricted + i.victimsRestricted).toBe(0);
      const sets = r.actions.filter((a) => a.kind === 'withdrawal-only' && a.applied);
      const lifts = r.actions.filter((a) => a.kind === 'lift-withdrawal-only' && a.applied);
      expect(sets.length).toBe(i.honestRestricted);
      expect(lifts.map((a) => a.account).sort()).toEqual(sets.map((a) => a.account).sort());
      for (const l of lifts) expect(l.t - sets.find((s) => s.account === l.account)!.t).toBe(dec.review!.delay);
      expect(i.reviewsCorrect).toBe(i.reviews);
    }
  });
});

describe('determinism with a policy on', () => {
  it('the same seed twice gives the identical event log; the policy changes it', () => {
    const ckp = scenario('compromised-key-pump');
    const p = shipped('revoke-keys-and-reverse');
    const a = runClosedLoop({ scenario: ckp, seed: 2, policy: p, hash: true });
    const b = runClosedLoop({ scenario: ckp, seed: 2, policy: p, hash: true });
    const none = runClosedLoop({ scenario: ckp, seed: 2, policy: null, hash: true });
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.sha256).toBe(a.sha256);
    expect(b.actions).toEqual(a.actions);
    expect(b.impact).toEqual(a.impact);
    expect(none.sha256).not.toBe(a.sha256);
  });
});

describe('reversing flagged trades', () => {
  it('reverses only trades whose buyer and seller were both named; one-side-flagged trades stand', () => {
    const ckp = scenario('compromised-key-pump');
    const p = policy({ name: 'reverse-only', trigger: { rules: ATTACK_RULES, minScore: 0.5 }, reactionDelay: '1s', actions: { reverseTrades: '5m' } });
    const trades: EventOf<'trade'>[] = [];
    const reversed = new Set<number>();
    const r = runClosedLoop({
      scenario: ckp,
      seed: 1,
      policy: p,
      onEvent: (e) => {
        if (e.type === 'trade') trades.push(e);
        if (e.type === 'trade-reversed') reversed.add(e.trade);
      },
    });
    const labels = new Set(p.trigger.rules.map(ruleLabel));
    const coin = r.truth.incidents[0]!.symbol;
    const triggering = r.alerts.filter((a) => labels.has(a.rule) && a.score >= p.trigger.minScore && a.symbol === coin);
    const flagged = new Set(triggering.flatMap((a) => a.accounts));
    const done = r.actions.filter((a) => a.kind === 'reverse-trade' && a.applied);
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBe(reversed.size);
    for (const a of done) {
      expect(flagged.has(a.buyer!)).toBe(true);
      expect(flagged.has(a.seller!)).toBe(true);
    }
    const firstAlert = Math.min(...triggering.map((a) => a.t));
    const side = (t: EventOf<'trade'>) => (t.aggressor === 'buy' ? [t.takerAccount, t.makerAccount] : [t.makerAccount, t.takerAccount]);
    const oneSided = trades.filter((t) => t.symbol === coin && t.t >= firstAlert - p.lookback && side(t).filter((x) => flagged.has(x)).length === 1);
    expect(oneSided.length).toBeGreaterThan(0);
    for (const t of oneSided) expect(reversed.has(t.trade)).toBe(false);
    expect(r.impact.tradesReversed).toBe(reversed.size);
    // What a reversal cannot take back (proceeds already locked or withdrawn) is reported, not invented.
    expect(r.impact.quoteReversed + r.impact.quoteUnrecovered).toBeGreaterThan(0);
  });
});

describe('a reviewer who is sometimes wrong', () => {
  it('decides the same way for the same seed; its mistakes keep honest accounts restricted', () => {
    const wf = scenario('whale-followers');
    const dec = shipped('dec-2022-mistake');
    const p: ResponsePolicy = { ...dec, review: { delay: dec.review!.delay, accuracy: 0.5 } };
    const a = runClosedLoop({ scenario: wf, seed: 1, policy: p, hash: true });
    const b = runClosedLoop({ scenario: wf, seed: 1, policy: p, hash: true });
    expect(b.sha256).toBe(a.sha256);
    expect(b.actions).toEqual(a.actions);
    const verdicts = a.actions.filter((x) => x.kind === 'lift' || x.kind === 'keep');
    expect(verdicts.length).toBe(a.impact.honestRestricted);
    const kept = verdicts.filter((v) => v.kind === 'keep');
    for (const v of verdicts) expect(v.correct).toBe(v.kind === 'lift');
    // Kept accounts stay restricted to the end: more harm than delay x accounts.
    if (kept.length > 0) expect(a.impact.honestRestrictionHours).toBeGreaterThan((a.impact.honestRestricted * p.review!.delay) / 3_600_000);
  });
});
