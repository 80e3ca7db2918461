/** The other actions inside a closed loop: halting the symbol, freezing accounts, cancelling their orders. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClosedLoop } from '../../src/cli/closed-loop.js';
import type { MarketEvent } from '../../src/core/index.js';
import { policySchema } from '../../src/response/index.js';
import { loadScenario } from '../../src/scenario/index.js';

const root = join(import.meta.dirname, '../..');

describe('halt, freeze and cancel', () => {
  it('halts the symbol for the set time, and frozen accounts neither trade nor withdraw afterwards', () => {
    const policy = policySchema.parse({
      name: 'halt-freeze-cancel',
      trigger: { rules: ['deposit-linkage', 'account-takeover'], minScore: 0.5 },
      reactionDelay: '2s',
      actions: { haltSymbol: '10m', freeze: true, cancelOrders: true },
    });
    const events: MarketEvent[] = [];
    const r = runClosedLoop({ scenario: loadScenario(join(root, 'scenarios/compromised-key-pump.yaml')), seed: 1, policy, onEvent: (e) => events.push(e) });
    const coin = r.truth.incidents[0]!.symbol;

    const halts = r.actions.filter((a) => a.kind === 'halt' && a.applied);
    const resumes = r.actions.filter((a) => a.kind === 'resume' && a.applied);
    expect(halts.length).toBeGreaterThan(0);
    expect(resumes.map((a) => a.t)).toEqual(halts.map((a) => a.t + 600_000).filter((t) => t <= r.endTime));
    expect(r.impact.haltHours).toBeCloseTo((resumes.length * 600_000) / 3_600_000 + openHalt(halts, resumes, r.endTime), 9);
    // No trade on the coin while it is halted.
    for (const h of halts) {
      const until = h.t + 600_000;
      expect(events.some((e) => e.type === 'trade' && e.symbol === coin && e.t > h.t && e.t < until)).toBe(false);
    }

    // Frozen accounts: no order accepted and no withdrawal completed after their freeze.
    const frozenAt = new Map(r.actions.filter((a) => a.kind === 'freeze' && a.applied).map((a) => [a.account!, a.t]));
    expect(frozenAt.size).toBeGreaterThan(0);
    for (const e of events) {
      if ((e.type === 'order-accepted' || (e.type === 'withdrawal' && e.status === 'completed')) && frozenAt.has(e.account)) {
        expect(e.t, `${e.type} of frozen account ${e.account}`).toBeLessThan(frozenAt.get(e.account)!);
      }
    }
    // Every frozen attacker holds what it made: nothing withdrawn after the freeze, and no review lifts it.
    expect(r.impact.attackerProceedsWithdrawn).toBe(0);
    // Cancels by the policy are logged as restriction cancels, never as the owner's.
    const policyCancels = events.filter((e) => e.type === 'cancel' && e.reason === 'restriction').length;
    expect(policyCancels).toBeGreaterThan(0);
  });
});

/** Hours of a halt still open at the end of the run (none when every halt was resumed). */
function openHalt(halts: { t: number }[], resumes: { t: number }[], end: number): number {
  return halts.length > resumes.length ? (end - halts.at(-1)!.t) / 3_600_000 : 0;
}
