/**
 * rush-orders: fires on a burst of buy taker orders against the symbol's own
 * baseline, at symbol level, within seconds; stays silent on a quiet market,
 * on one big sweep (one order), on a sell burst, on a dead market's handful of
 * orders and on a busy market's usual flow; score grows with the burst;
 * state stays bounded; runs are deterministic; and on simulated runs it
 * catches the attack and the organic pump without alarms in a quiet market.
 */
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../src/core/index.js';
import { rushOrders } from '../../src/detect/rules/rush-orders.js';
import { feed, HOUR, MIN, PumpStream, runRule, simulate, SYMBOL } from './pump-stream.js';

/**
 * An hour of quiet market, then `buyers` distinct accounts market-buy one
 * after another, `gapMs` apart, each order taking three levels and the next
 * starting `stepTicks` higher (100 ticks: +1% per order).
 */
function burst(buyers: number, gapMs = 1000, opts: { seed?: number; everyMs?: number; stepTicks?: number } = {}): { s: PumpStream; start: number; orderSeqs: number[] } {
  const s = new PumpStream(opts.seed ?? 1);
  s.quiet(HOUR, { everyMs: opts.everyMs ?? 30_000 });
  const start = s.t;
  const orderSeqs: number[] = [];
  let price = 10_025;
  for (let i = 0; i < buyers; i++) {
    s.at(start + i * gapMs);
    const trades = s.sweep(100 + i, 'buy', price, 3, opts.stepTicks === 0 ? 0 : 10);
    orderSeqs.push(trades[0]!.seq);
    price += opts.stepTicks ?? 100;
  }
  return { s, start, orderSeqs };
}

describe('rush-orders on hand-made streams', () => {
  it('fires at symbol level within seconds of a burst of market buys, with the numbers in the explanation', () => {
    const { s, start, orderSeqs } = burst(12);
    const { alerts } = runRule(rushOrders, s.events);
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    const a = alerts[0]!;
    expect(a.rule).toBe('rush-orders');
    expect(a.symbol).toBe(SYMBOL);
    expect(a.accounts).toEqual([]);
    // The quiet hour's busiest seconds held at most a couple of orders: six orders (five seconds in) stand out.
    expect(a.t - start).toBeLessThanOrEqual(6_000);
    expect(a.score).toBeGreaterThan(0);
    expect(a.score).toBeLessThanOrEqual(1);
    expect(a.explanation).toMatch(
      /^ALT\/BTC: \d+ buy taker orders \(rush orders\) in \d+ s; the busiest \d+ s of each minute of the last 60 min had [\d.]+ on average \(sd [\d.]+, most \d+\): z=[\d.]+; \d+ trades \(z=[\d.]+\); [\d.]+ BTC bought by takers \(z=[\d.]+\); price \d+ -> \d+ ticks \(\+[\d.]+%\)$/,
    );
    // Evidence: the first trade of each rush order in the window, sorted.
    expect(a.evidence).toEqual([...a.evidence].sort((x, y) => x - y));
    for (const seq of orderSeqs.slice(0, 5)) expect(a.evidence).toContain(seq);
    expect(a.evidence.length).toBeLessThanOrEqual(20);
  });

  it('stays silent on a burst of buys that does not move the price (liquidity provided as fast as it is taken)', () => {
    const { s } = burst(15, 1000, { stepTicks: 0 });
    expect(runRule(rushOrders, s.events).alerts).toEqual([]);
    expect(runRule(rushOrders, s.events, { minRise: 0 }).alerts.length).toBeGreaterThan(0);
  });

  it('escalates as the burst grows, and the score grows with the evidence', () => {
    const small = runRule(rushOrders, burst(6).s.events).alerts;
    const large = runRule(rushOrders, burst(40, 300).s.events).alerts;
    expect(small.length).toBeGreaterThanOrEqual(1);
    expect(large.length).toBeGreaterThan(1);
    const max = (xs: { score: number }[]) => Math.max(...xs.map((x) => x.score));
    expect(max(large)).toBeGreaterThan(max(small) + 0.1);
    // Escalations carry growing scores and say so.
    for (let i = 1; i < large.length; i++) {
      expect(large[i]!.score).toBeGreaterThan(large[i - 1]!.score);
      expect(large[i]!.explanation).toMatch(/escalated from score/);
    }
  });

  it('stays silent on a quiet market for six hours', () => {
    const s = new PumpStream(7);
    s.quiet(6 * HOUR, { everyMs: 20_000 });
    expect(runRule(rushOrders, s.events).alerts).toEqual([]);
  });

  it('stays silent on one big sweep (one order through twenty levels) and on a burst of sells', () => {
    const s = new PumpStream(2);
    s.quiet(HOUR);
    s.sweep(77, 'buy', 10_025, 20, 10);
    s.quiet(10 * MIN);
    for (let i = 0; i < 12; i++) {
      s.advance(800);
      s.sweep(200 + i, 'sell', 9_975 - i * 30, 3, 10);
    }
    s.quiet(10 * MIN);
    expect(runRule(rushOrders, s.events).alerts).toEqual([]);
  });

  it('counts one rush order per millisecond and side when the data has no real order ids', () => {
    // Twelve buys, each its own trade id and order id, but four per millisecond: three rush orders.
    const s = new PumpStream(3);
    s.quiet(HOUR);
    for (let ms = 0; ms < 3; ms++) {
      s.advance(1);
      for (let k = 0; k < 4; k++) s.trade({ price: 10_030 + k, side: 'buy', taker: 300 + k });
    }
    s.quiet(5 * MIN);
    expect(runRule(rushOrders, s.events).alerts).toEqual([]);
  });

  it('on a dead market, the floor keeps a handful of orders from firing', () => {
    const s = new PumpStream(4);
    s.quiet(2 * HOUR, { everyMs: 20 * MIN });
    for (let i = 0; i < 4; i++) {
      s.advance(1000);
      s.trade({ price: 10_100 + i * 200, side: 'buy', taker: 400 + i });
    }
    s.quiet(10 * MIN, { everyMs: 20 * MIN });
    expect(runRule(rushOrders, s.events).alerts).toEqual([]);
  });

  it('is relative to the symbol: a burst that fires on a quiet coin is ordinary on a busy one', () => {
    const quiet = burst(8, 2000);
    expect(runRule(rushOrders, quiet.s.events).alerts.length).toBeGreaterThan(0);
    // Busy coin: a trade every 1.5 s on average in the baseline; the same 8 orders in 16 s are ordinary.
    const busy = burst(8, 2000, { everyMs: 1500 });
    expect(runRule(rushOrders, busy.s.events).alerts).toEqual([]);
    // ...while 40 orders in 8 s stand out even there.
    const busyBig = burst(40, 200, { everyMs: 1500 });
    expect(runRule(rushOrders, busyBig.s.events).alerts.length).toBeGreaterThan(0);
  });

  it('stays silent during the warm-up, before the baseline exists', () => {
    const s = new PumpStream(5);
    s.quiet(5 * MIN);
    for (let i = 0; i < 15; i++) {
      s.advance(500);
      s.sweep(500 + i, 'buy', 10_030 + i * 100, 2, 10);
    }
    expect(runRule(rushOrders, s.events).alerts).toEqual([]);
    expect(runRule(rushOrders, s.events, { warmupMs: 0 }).alerts.length).toBeGreaterThan(0);
  });

  it('can name the top buyers of the window, sorted ascending', () => {
    const { s } = burst(6);
    // Account 105 buys much more than the others.
    s.advance(100);
    s.sweep(105, 'buy', 10_400, 4, 10, 50);
    const { alerts } = runRule(rushOrders, s.events, { nameTopBuyers: 3 });
    const a = alerts[alerts.length - 1]!;
    expect(a.accounts.length).toBeGreaterThan(0);
    expect(a.accounts.length).toBeLessThanOrEqual(3);
    expect(a.accounts).toEqual([...a.accounts].sort((x, y) => x - y));
    expect(a.explanation).toMatch(/top buyers #\d+ \(/);
  });

  it('keeps bounded state over 200k trades on 40 symbols', () => {
    const symbols = Array.from({ length: 40 }, (_, i) => `C${i}/BTC`);
    const s = new PumpStream(9, symbols);
    let price = 10_000;
    for (let i = 0; i < 200_000; i++) {
      s.advance(i % 7 === 0 ? 40 : 1);
      price += s.rand() < 0.5 ? -1 : 1;
      s.trade({ price, side: s.rand() < 0.5 ? 'buy' : 'sell', taker: 1 + (i % 5000), symbol: symbols[i % 40]! });
    }
    const d = rushOrders.create(rushOrders.params.parse({})) as unknown as { symbolCount: number; onEvent(e: MarketEvent, out: { raise(a: unknown): void }): void };
    const alerts = feed(d, s.events);
    expect(d.symbolCount).toBe(40);
    expect(alerts.length).toBeLessThan(200);
  });

  it('is deterministic', () => {
    const { s } = burst(30, 400);
    const a = runRule(rushOrders, s.events).alerts;
    const b = runRule(rushOrders, s.events).alerts;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('rush-orders on simulated runs', () => {
  it('catches the stolen-key pump within seconds and the organic pump within two minutes, at symbol level; silent in a quiet market story', () => {
    const rules = [{ name: 'rush-orders', definition: rushOrders }];
    const attack = simulate('compromised-key-pump', 1, rules);
    const inc = attack.truth.incidents[0]!;
    const hit = attack.alerts.filter((a) => a.symbol === inc.symbol && a.t >= inc.start && a.t <= inc.end);
    expect(hit.length).toBeGreaterThan(0);
    expect(hit[0]!.t - inc.start).toBeLessThan(25_000);
    expect(hit.every((a) => a.accounts.length === 0)).toBe(true);

    const organic = simulate('whale-followers', 1, rules);
    const o = organic.truth.incidents[0]!;
    const oh = organic.alerts.filter((a) => a.symbol === o.symbol && a.t >= o.start && a.t <= o.end);
    expect(oh.length).toBeGreaterThan(0);
    expect(oh[0]!.t - o.start).toBeLessThan(2 * MIN);

    const quiet = simulate('quiet-market', 1, rules);
    expect(quiet.alerts.filter((a) => a.t >= quiet.storyStart)).toEqual([]);
  });
});
