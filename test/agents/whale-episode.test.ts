/**
 * The organic story end to end with the recommended December-2022 defaults
 * (organic-harness.ts: whaleParams, followerParams): ALT/BTC at 0.00025 BTC on
 * a thin book that re-centres on the last trade. CALIBRATION.md: rises of
 * +30% to +460% within minutes, then back down.
 */
import { describe, expect, it } from 'vitest';
import { Whale } from '../../src/agents/whale.js';
import { MomentumFollowers } from '../../src/agents/momentum-follower.js';
import { ALT_PRICE, BTC, Ladder, followerAccounts, followerParams, market, ordersOf, priceAt, tradesOf, whaleParams } from './organic-harness.js';

const MIN = 60_000;

function episode(seed: number, followers = 400) {
  const h = market({ seed, endTime: 2 * 60 * MIN, btcConfirmationMs: 10 * MIN });
  const maker = h.account({ BTC: 200 * BTC, ALT: 2_000_000 * BTC });
  const whale = h.account({});
  const crowd = followerAccounts(h, followers);
  h.sim.addAgent(new Ladder('maker', { symbol: 'ALT/BTC', account: maker, price: ALT_PRICE, levels: 40, stepBps: 100, qty: 400, requoteMs: 15_000 }));
  h.sim.addAgent(new Whale('whale', whaleParams(whale)));
  h.sim.addAgent(new MomentumFollowers('followers', followerParams(crowd)));
  h.sim.run();
  const trades = tradesOf(h.events, 'ALT/BTC');
  const start = ordersOf(h.events, [whale])[0]!.t;
  let peak = 0;
  let peakAt = 0;
  for (const t of trades) if (t.price > peak) [peak, peakAt] = [t.price, t.t];
  return { h, whale, crowd, trades, start, peak, peakAt, truth: h.sim.truth.toJSON('december', seed) };
}

describe('organic episode, December 2022 defaults', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: rises +30% to +460% within minutes, then gives back at least half within the hour`, () => {
      const e = episode(seed);
      const rise = e.peak / ALT_PRICE - 1;
      expect(rise).toBeGreaterThan(0.3);
      expect(rise).toBeLessThan(4.6);
      expect(e.peakAt - e.start).toBeLessThan(15 * MIN);
      const later = priceAt(e.trades, e.start + 60 * MIN) / ALT_PRICE - 1;
      expect(later).toBeLessThan(rise / 2);
    });
  }

  it('followers amplify the whale: the peak is higher than the whale alone makes it', () => {
    expect(episode(4).peak).toBeGreaterThan(episode(4, 0).peak);
  });

  it('records one organic incident: prepared at the deposit, started by the whale, with the followers who bought', () => {
    const e = episode(5);
    expect(e.truth.incidents).toHaveLength(1);
    const inc = e.truth.incidents[0]!;
    expect(inc).toMatchObject({ id: 'organic-whale', kind: 'organic', prepStart: 10 * MIN, start: e.start, harmPoint: null });
    const buyers = new Set(ordersOf(e.h.events, e.crowd).filter((o) => o.side === 'buy').map((o) => o.account as number));
    const involved = inc.accounts.filter((a) => a.role === 'follower').map((a) => a.account);
    expect(involved.length).toBeGreaterThan(20);
    for (const a of involved) expect(buyers.has(a)).toBe(true);
    expect(inc.accounts).toContainEqual({ account: e.whale, role: 'whale' });
  });

  it('is deterministic: same seed, byte-identical events and truth', () => {
    const a = episode(6);
    const b = episode(6);
    expect(JSON.stringify(b.h.events)).toBe(JSON.stringify(a.h.events));
    expect(JSON.stringify(b.truth)).toBe(JSON.stringify(a.truth));
  });
});
