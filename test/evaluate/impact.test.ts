/** Impact measures from a small hand-written stream and truth. */
import { describe, expect, it } from 'vitest';
import type { GroundTruth, MarketEvent } from '../../src/core/index.js';
import { aggregateImpact, compareImpact, ImpactCollector, runImpact } from '../../src/evaluate/index.js';

const H = 3_600_000;
const MIN = 60_000;
let seq = 0;
const ev = (e: Record<string, unknown>) => ({ seq: seq++, ...e }) as unknown as MarketEvent;

// Accounts: 1 attacker, 2 and 3 victims, 4 whale, 5 follower, 6 maker.
const truth: GroundTruth = {
  format: 'surveil-truth',
  version: 1,
  scenario: 'hand',
  seed: 7,
  accounts: [
    { account: 1, role: 'attacker', agent: 'a' },
    { account: 2, role: 'victim', agent: 'v' },
    { account: 3, role: 'victim', agent: 'v' },
    { account: 4, role: 'whale', agent: 'w' },
    { account: 5, role: 'follower', agent: 'f' },
    { account: 6, role: 'maker', agent: 'm' },
  ],
  incidents: [
    {
      id: 'x',
      kind: 'attack',
      symbol: 'VIA/BTC',
      models: 'test',
      prepStart: 5 * MIN,
      start: 10 * MIN,
      end: 20 * MIN,
      harmPoint: 11 * MIN,
      accounts: [
        { account: 1, role: 'attacker' },
        { account: 2, role: 'victim' },
      ],
    },
  ],
  maliciousOrders: [],
};

const trade = (t: number, price: number, qty: number, buyer: number, seller: number, id: number) =>
  ev({ t, type: 'trade', trade: id, symbol: 'VIA/BTC', price, qty, quoteQty: price * qty, aggressor: 'buy', makerAccount: seller, makerOrder: 100 + id, takerAccount: buyer, takerOrder: 200 + id, makerFee: 0, takerFee: 0 });
const restriction = (t: number, kind: string, action: 'set' | 'lifted', account: number | null, key: number | null = null, symbol: string | null = null) =>
  ev({ t, type: 'restriction', kind, action, account, key, symbol, reason: 'test' });

function stream(withPolicy: boolean): MarketEvent[] {
  seq = 0;
  const es = [
    ev({ t: 0, type: 'asset-listed', asset: 'BTC', decimals: 8, confirmationMs: 0, withdrawalDelayMs: 0 }),
    ev({ t: 0, type: 'asset-listed', asset: 'VIA', decimals: 0, confirmationMs: 0, withdrawalDelayMs: 0 }),
    ev({ t: 0, type: 'symbol-listed', symbol: 'VIA/BTC', baseAsset: 'VIA', quoteAsset: 'BTC', tickSize: '0.00000001', lotSize: '1', quoteUnitsPerTickLot: 1, baseUnitsPerLot: 1, minNotional: 0, makerFeeBps: 0, takerFeeBps: 0 }),
    // Pre-attack price 100 ticks (maker sells to follower), before the story start (t = 1 min) counts for the price only.
    trade(30_000, 100, 10, 5, 6, 1),
    trade(2 * MIN, 100, 10, 5, 6, 2),
    // The attack: victim 2 buys 50 VIA at 1000 from the attacker (pays 50,000; worth 5,000 before).
    trade(10 * MIN, 1000, 50, 2, 1, 3),
    // The attacker withdraws 40,000 BTC units, or is stopped.
    ...(withPolicy
      ? [
          restriction(10 * MIN + 1000, 'withdrawals-suspended', 'set', 1),
          restriction(10 * MIN + 1000, 'key-revoked', 'set', 2, 9),
          restriction(10 * MIN + 2000, 'withdrawal-only', 'set', 4),
          restriction(10 * MIN + 3000, 'frozen', 'set', 4),
          restriction(10 * MIN + 2000 + H, 'withdrawal-only', 'lifted', 4),
          restriction(10 * MIN + 2000 + 2 * H, 'frozen', 'lifted', 4),
          restriction(10 * MIN + 5000, 'withdrawals-suspended', 'set', 3),
          ev({ t: 11 * MIN, type: 'withdrawal', withdrawal: 1, account: 1, asset: 'BTC', amount: 40_000, address: 'x', status: 'rejected', reason: 'withdrawals-restricted' }),
          ev({ t: 15 * MIN, type: 'trade-reversed', trade: 3, symbol: 'VIA/BTC', buyer: 2, seller: 1, baseReturned: 50, baseUnrecovered: 0, quoteReturned: 30_000, quoteUnrecovered: 20_000 }),
          restriction(20 * MIN, 'halted', 'set', null, null, 'VIA/BTC'),
          restriction(50 * MIN, 'halted', 'lifted', null, null, 'VIA/BTC'),
        ]
      : [ev({ t: 11 * MIN, type: 'withdrawal', withdrawal: 1, account: 1, asset: 'BTC', amount: 40_000, address: 'x', status: 'completed', reason: null })]),
    ev({ t: 4 * H, type: 'account-created', account: 99 }),
  ];
  return es;
}

function impactOf(withPolicy: boolean) {
  const c = new ImpactCollector(MIN);
  for (const e of stream(withPolicy)) c.onEvent(e);
  c.finish(4 * H);
  return runImpact('hand#7', truth, c, withPolicy ? [{ kind: 'lift', correct: true }, { kind: 'keep', correct: false }, { kind: 'halt' }] : null);
}

describe('runImpact', () => {
  it('values proceeds, victim loss and reversals in quote units at the pre-attack price', () => {
    const without = impactOf(false);
    expect(without.quoteAsset).toBe('BTC');
    expect(without.quoteDecimals).toBe(8);
    expect(without.attackerProceedsWithdrawn).toBe(40_000);
    // Victim 2 paid 50,000 for 50 VIA worth 50 x 100 = 5,000 before the attack.
    expect(without.victimLossGross).toBe(45_000);
    expect(without.victimLossNet).toBe(45_000);
    // Attacker sold 50 VIA (worth 5,000) for 50,000.
    expect(without.attackerTradingGain).toBe(45_000);
    expect(without.reviews).toBeNull();
  });

  it('counts restrictions by role: honest hours, victims apart (key revoked = protected, funds held = harm), halts, reversals', () => {
    const w = impactOf(true);
    expect(w.attackerProceedsWithdrawn).toBe(0);
    expect(w.attackerWithdrawalsRejected).toBe(1);
    expect(w.attackersRestricted).toBe(1);
    // The whale: withdrawal-only then frozen, both lifted 2 h after the first; one restricted period of 2 h.
    expect(w.honestRestricted).toBe(1);
    expect(w.honestRestrictionHours).toBeCloseTo(2, 12);
    // Victim 2: key revoked (protected); victim 3: withdrawals suspended to the end of the run (harm).
    expect(w.victimsProtected).toBe(1);
    expect(w.victimsRestricted).toBe(1);
    expect(w.victimRestrictionHours).toBeCloseTo((4 * H - (10 * MIN + 5000)) / H, 12);
    // The reversal gave back 30,000 BTC units and took back 50 VIA (5,000 at the pre-attack price).
    expect(w.victimLossRecovered).toBe(25_000);
    expect(w.victimLossNet).toBe(20_000);
    expect(w.tradesReversed).toBe(1);
    expect(w.quoteReversed).toBe(30_000);
    expect(w.quoteUnrecovered).toBe(20_000);
    expect(w.haltHours).toBeCloseTo(0.5, 12);
    expect([w.reviews, w.reviewsCorrect]).toEqual([2, 1]);
  });

  it('compares with the same seed without the policy and aggregates across seeds', () => {
    const c = compareImpact(impactOf(false), impactOf(true));
    expect(c.proceedsPrevented).toBe(40_000);
    expect(c.proceedsPreventedShare).toBe(1);
    expect(c.victimLossPrevented).toBe(25_000);
    expect(() => compareImpact(impactOf(false), { ...impactOf(true), seed: 8 })).toThrow(/same seed/);
    const agg = aggregateImpact([impactOf(true), { ...impactOf(true), honestRestrictionHours: 4 }]);
    expect(agg.runs).toBe(2);
    expect(agg.honestRestrictionHours.mean).toBeCloseTo(3, 12);
    expect(agg.honestRestrictionHours.low).not.toBeNull();
    expect(agg.attackerProceedsWithdrawn).toMatchObject({ mean: 0, sd: 0 });
    // Hours cannot be negative, so the interval stops at 0; a trading gain can, so its interval is left as is.
    const spread = aggregateImpact([
      { ...impactOf(true), honestRestrictionHours: 0, attackerTradingGain: 0 },
      { ...impactOf(true), honestRestrictionHours: 0, attackerTradingGain: 0 },
      { ...impactOf(true), honestRestrictionHours: 1, attackerTradingGain: 1 },
    ]);
    expect(spread.honestRestrictionHours.low).toBe(0);
    expect(spread.attackerTradingGain.low!).toBeLessThan(0);
  });
});
