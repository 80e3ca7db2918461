import { describe, expect, it } from 'vitest';
import type { AccountId, EventOf } from '../../src/core/index.js';
import { BUY, SELL, depth } from '../../src/book/index.js';
import { MARKET_MAKER_INFO, MarketMaker, type MarketMakerParams } from '../../src/agents/market-maker.js';
import { NoiseTrader } from '../../src/agents/noise-trader.js';
import { Every, HOUR, MINUTE, Once, THIN_MAKER, THIN_NOISE, makeWorld, median } from './harness.js';

const quiet = (over: Partial<MarketMakerParams> = {}): Omit<MarketMakerParams, 'account'> => ({ ...THIN_MAKER, ...over });

/** Best bid and ask of the maker's own orders (its mid, unaffected by others' limits). */
function makerTouch(w: ReturnType<typeof makeWorld>, account: AccountId, symbol: string): { bid: number; ask: number } {
  const book = w.ex.book(symbol);
  let bid = 0;
  let ask = Infinity;
  for (const id of w.ex.openOrders(account)) {
    const p = book.priceOf(id);
    if (book.sideOf(id) === BUY) bid = Math.max(bid, p);
    else ask = Math.min(ask, p);
  }
  return { bid, ask };
}

describe('MarketMaker', () => {
  it('keeps a two-sided book near its spread, never crossing, over-committing or being rejected', () => {
    const w = makeWorld(7, 4 * HOUR);
    const mm = w.open({ BTC: 2, ALT: 8000 });
    w.sim.addAgent(new MarketMaker('mm', { ...THIN_MAKER, account: mm }));
    w.sim.addAgent(new NoiseTrader('noise', { ...THIN_NOISE, ordersPerDay: 3000, accounts: w.openMany(20, { BTC: 0.5, ALT: 2000 }) }));
    const spreads: number[] = [];
    w.sim.addAgent(
      new Every('probe', MINUTE, (ctx) => {
        const book = ctx.exchange.book('ALT/BTC');
        const bid = book.bestBid();
        const ask = book.bestAsk();
        expect(bid).toBeGreaterThan(0);
        expect(ask).toBeGreaterThan(bid);
        expect(depth(book, BUY, 20).length).toBeGreaterThanOrEqual(THIN_MAKER.levels - 2);
        expect(depth(book, SELL, 20).length).toBeGreaterThanOrEqual(THIN_MAKER.levels - 2);
        spreads.push(((ask - bid) / bid) * 10_000);
        expect(ctx.exchange.audit()).toEqual([]);
      }, 5 * MINUTE),
    );
    w.sim.run();
    const mine = (e: { account: number }) => e.account === mm;
    expect(w.events.filter((e) => e.type === 'order-rejected')).toEqual([]);
    const accepted = w.events.filter((e): e is EventOf<'order-accepted'> => e.type === 'order-accepted' && mine(e));
    expect(accepted.length).toBeGreaterThan(2 * THIN_MAKER.levels);
    for (const o of accepted) {
      expect(o).toMatchObject({ kind: 'limit', tif: 'gtc', postOnly: true, channel: 'api', ip: THIN_MAKER.ip, platform: null });
      expect(o.key).not.toBeNull();
    }
    // Spread about 2 x halfSpreadBps (noise limits sit behind the touch; volatility widens a little).
    const med = median(spreads);
    expect(med).toBeGreaterThan(2 * THIN_MAKER.halfSpreadBps * 0.85);
    expect(med).toBeLessThan(2 * THIN_MAKER.halfSpreadBps * 1.5);
    expect(w.ex.audit()).toEqual([]);
    expect(w.sim.truth.roleOf(mm)).toBe('maker');
  });

  it('does not churn: in a market without trades it places its ladder once', () => {
    const w = makeWorld(1, 2 * HOUR);
    const mm = w.open({ BTC: 2, ALT: 8000 });
    w.sim.addAgent(new MarketMaker('mm', { ...quiet(), account: mm }));
    w.sim.run();
    expect(w.events.filter((e) => e.type === 'order-accepted').length).toBe(2 * THIN_MAKER.levels);
    expect(w.events.filter((e) => e.type === 'cancel').length).toBe(0);
    const { bid, ask } = makerTouch(w, mm, 'ALT/BTC');
    expect((ask - bid) / bid).toBeCloseTo((2 * THIN_MAKER.halfSpreadBps) / 10_000, 3);
  });

  it('quotes only what its balances cover', () => {
    const w = makeWorld(2, HOUR);
    const mm = w.open({ BTC: 0.005, ALT: 50 }); // about one level's worth on each side
    w.sim.addAgent(new MarketMaker('mm', { ...quiet(), account: mm }));
    w.sim.addAgent(new NoiseTrader('noise', { ...THIN_NOISE, ordersPerDay: 5000, accounts: w.openMany(10, { BTC: 0.2, ALT: 800 }) }));
    w.sim.run();
    expect(w.events.filter((e) => e.type === 'order-rejected')).toEqual([]);
    expect(w.ex.audit()).toEqual([]);
    expect(w.events.some((e) => e.type === 'order-accepted' && e.account === mm)).toBe(true);
  });

  it('moves its reference to a price jump, then reverts toward fair with the half-life', () => {
    const halfLife = 10 * MINUTE;
    const w = makeWorld(3, 2 * HOUR);
    const mm = w.open({ BTC: 2, ALT: 8000 });
    const whale = w.open({ BTC: 2 });
    w.sim.addAgent(new MarketMaker('mm', { ...quiet({ inventorySkewBps: 0, volWidening: 0, reversionHalfLifeMs: halfLife }), account: mm }));
    const pushAt = 20 * MINUTE;
    w.sim.addAgent(
      new Once('whale', pushAt, (ctx) =>
        ctx.send('web', (ex) => {
          const source = { channel: 'web' as const, ip: '81.2.3.4' };
          ex.placeOrder({ account: whale, symbol: 'ALT/BTC', side: 'buy', kind: 'market', quoteQty: 30_000_000, source });
        }),
      ),
    );
    const mids: number[] = [];
    for (let k = 0; k <= 4; k++) {
      w.sim.addAgent(
        new Once(`probe-${k}`, pushAt + 10_000 + k * halfLife, () => {
          const { bid, ask } = makerTouch(w, mm, 'ALT/BTC');
          mids.push((bid + ask) / 2);
        }),
      );
    }
    w.sim.run();
    const dev = mids.map((m) => m / THIN_MAKER.fairPrice - 1);
    expect(dev[0]!).toBeGreaterThan(0.02); // 0.3 BTC into the thin ladder moves it several percent
    expect(dev[1]! / dev[0]!).toBeGreaterThan(0.35);
    expect(dev[1]! / dev[0]!).toBeLessThan(0.65);
    expect(dev[3]! / dev[0]!).toBeLessThan(0.2);
    expect(Math.abs(dev[4]!)).toBeLessThan(0.005);
  });

  it('skews both quotes down when it holds more base than it started with', () => {
    const w = makeWorld(4, HOUR);
    const mm = w.open({ BTC: 2, ALT: 4000 });
    w.sim.addAgent(new MarketMaker('mm', { ...quiet({ inventorySkewBps: 10, maxSkewBps: 500 }), account: mm }));
    const before: number[] = [];
    const after: number[] = [];
    const mid = () => {
      const { bid, ask } = makerTouch(w, mm, 'ALT/BTC');
      return (bid + ask) / 2;
    };
    w.sim.addAgent(new Once('before', 10 * MINUTE, () => before.push(mid())));
    // 10 x levelQty more ALT -> 10 x 10 bps = 1% lower.
    const gift = 10 * THIN_MAKER.levelQty * 100_000_000;
    w.sim.addAgent(new Once('gift', 11 * MINUTE, (ctx) => void ctx.exchange.deposit(mm, 'ALT', gift, 'gift', true)));
    w.sim.addAgent(new Once('after', 20 * MINUTE, () => after.push(mid())));
    w.sim.run();
    expect(after[0]! / before[0]! - 1).toBeCloseTo(-0.01, 3);
  });

  it('widens its spread when trades are volatile', () => {
    const run = (volWidening: number) => {
      const w = makeWorld(5, 3 * HOUR);
      const mm = w.open({ BTC: 5, ALT: 20_000 });
      w.sim.addAgent(new MarketMaker('mm', { ...quiet({ volWidening, inventorySkewBps: 0 }), account: mm }));
      w.sim.addAgent(
        new NoiseTrader('noise', {
          ...THIN_NOISE,
          ordersPerDay: 20_000,
          marketShare: 0.9,
          sizeMedianLots: 150,
          accounts: w.openMany(10, { BTC: 2, ALT: 8000 }),
        }),
      );
      const spreads: number[] = [];
      w.sim.addAgent(
        new Every('probe', MINUTE, () => {
          const { bid, ask } = makerTouch(w, mm, 'ALT/BTC');
          if (bid > 0 && ask < Infinity) spreads.push((ask - bid) / bid);
        }, 30 * MINUTE),
      );
      w.sim.run();
      expect(w.events.filter((e) => e.type === 'order-rejected')).toEqual([]);
      return median(spreads);
    };
    expect(run(1)).toBeGreaterThan(run(0) * 1.2);
  });

  it('restocks from its own wallet when one-sided flow drains it, and sends the excess back', () => {
    const w = makeWorld(6, 8 * HOUR);
    const mm = w.open({ BTC: 1, ALT: 2000 });
    w.sim.addAgent(new MarketMaker('mm', { ...THIN_MAKER, account: mm, rebalanceBand: 0.5 }));
    const buyers = w.openMany(20, { BTC: 1 });
    w.sim.addAgent(new NoiseTrader('buyers', { ...THIN_NOISE, ordersPerDay: 6000, buyProbability: 1, marketShare: 1, accounts: buyers }));
    w.sim.run();
    const mine = w.events.filter((e) => (e.type === 'deposit' || e.type === 'withdrawal-request') && e.account === mm && e.t > 0);
    const deposits = mine.filter((e) => e.type === 'deposit' && e.status === 'credited');
    expect(deposits.some((e) => e.type === 'deposit' && e.asset === 'ALT')).toBe(true);
    expect(mine.some((e) => e.type === 'withdrawal-request' && e.asset === 'BTC' && e.channel === 'api')).toBe(true);
    // One wallet address, and at most one move an hour.
    expect(new Set(mine.map((e) => ('address' in e ? e.address : ''))).size).toBe(1);
    expect(w.events.filter((e) => e.type === 'order-rejected' || (e.type === 'withdrawal' && e.status === 'rejected'))).toEqual([]);
    expect(w.ex.audit()).toEqual([]);
    // The restocked coin goes back on the book.
    const restocked = deposits.find((e) => e.type === 'deposit' && e.asset === 'ALT')!.t;
    expect(w.events.some((e) => e.type === 'order-accepted' && e.account === mm && e.side === 'sell' && e.t > restocked)).toBe(true);
  });

  it('describes itself for `surveil list agents`', () => {
    expect(MARKET_MAKER_INFO.kind).toBe('market-maker');
    for (const key of Object.keys(THIN_MAKER).filter((k) => k !== 'symbol')) expect(Object.keys(MARKET_MAKER_INFO.params).join(' ')).toContain(key);
  });
});
