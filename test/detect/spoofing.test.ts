import { describe, expect, it } from 'vitest';
import { spoofing } from '../../src/detect/rules/spoofing.js';
import type { EventOf } from '../../src/core/index.js';
import { capture, LinkageStream, runRule, simulate } from './linkage-stream.js';

const MM = 90;

/** A two-sided book: the maker's three levels a side around 1,000, 20 lots each, and a few trades at 1,000. */
function book() {
  const s = new LinkageStream().listSymbol();
  const live: EventOf<'order-accepted'>[] = [];
  for (const d of [5, 10, 15]) {
    live.push(s.order(MM, 'buy', 1_000 - d, 20, { channel: 'api', device: null }));
    live.push(s.order(MM, 'sell', 1_000 + d, 20, { channel: 'api', device: null }));
  }
  s.tape(30, 1_000);
  return { s, live };
}

/**
 * Account 70 places a large bid two ticks under the market, pulls it after 5 s, unfilled, `n` times a
 * minute apart; with `sells`, it market-sells 10 lots into the maker's bid while each large bid rests.
 */
function spoof(n: number, o: { sells?: boolean; lots?: number } = {}) {
  const { s } = book();
  const cancels: EventOf<'cancel'>[] = [];
  for (let i = 0; i < n; i++) {
    s.wait(60_000);
    const big = s.order(70, 'buy', 990, o.lots ?? 100);
    s.wait(2_000);
    if (o.sells) s.trade({ maker: MM, taker: 70, price: 995, qty: 10, aggressor: 'sell' });
    s.wait(3_000);
    cancels.push(s.cancel(big));
  }
  return { s, cancels };
}

describe('spoofing', () => {
  it('alerts on repeated large one-sided orders cancelled fast while the account sells, with the numbers', () => {
    const { s, cancels } = spoof(3, { sells: true });
    const alerts = runRule(spoofing, s.events);
    expect(alerts.length).toBe(1);
    const a = alerts[0]!;
    expect(a.accounts).toEqual([70]);
    expect(a.seq).toBe(cancels[2]!.seq);
    expect(a.evidence).toContain(cancels[0]!.seq);
    expect(a.explanation).toMatch(/account 70 placed and cancelled 3 large bids on ALT\/BTC within 10 min \(300 lots/);
    expect(a.explanation).toMatch(/0% of its large bids filled/);
    expect(a.explanation).toMatch(/it sold 30 lots on the other side meanwhile/);
  });

  it('scores grow with repetition and with trading on the other side', () => {
    const top = (x: { score: number }[]) => Math.max(...x.map((a) => a.score));
    const quiet = top(runRule(spoofing, spoof(3).s.events));
    const selling = top(runRule(spoofing, spoof(3, { sells: true }).s.events));
    const many = top(runRule(spoofing, spoof(8, { sells: true }).s.events));
    expect(quiet).toBeLessThan(selling);
    expect(selling).toBeLessThan(many);
    expect(many).toBeLessThanOrEqual(1);
  });

  it('stays silent on a market maker that cancels and replaces its whole ladder on both sides', () => {
    const { s, live } = book();
    let ladder = live;
    for (let k = 0; k < 60; k++) {
      s.wait(5_000);
      for (const o of ladder) s.cancel(o);
      s.wait(1);
      const mid = 1_000 + (k % 7) - 3;
      ladder = [];
      for (const [d, q] of [[5, 20], [10, 30], [15, 50], [20, 80], [25, 200]] as const) {
        ladder.push(s.order(MM, 'buy', mid - d, q, { channel: 'api', device: null }));
        ladder.push(s.order(MM, 'sell', mid + d, q, { channel: 'api', device: null }));
      }
      if (k % 3 === 0) s.trade({ maker: MM, taker: 60, price: mid + 5, qty: 5, aggressor: 'buy', makerOrder: ladder[1]! });
    }
    // Its deepest levels are large, short-lived and unfilled; the requote, the symmetric cancels and the
    // ladder resting on the other side each say "maker".
    expect(runRule(spoofing, s.events)).toEqual([]);
  });

  it('stays silent on a maker that can only quote one side and requotes it as the price falls', () => {
    const { s, live } = book();
    for (const o of live) if (o.side === 'buy') s.cancel(o);
    let asks = live.filter((o) => o.side === 'sell');
    for (let k = 0; k < 60; k++) {
      s.wait(5_000);
      for (const o of asks) s.cancel(o);
      s.wait(1);
      const top = 1_010 - k;
      asks = [20, 30, 50, 80, 200].map((q, j) => s.order(MM, 'sell', top + 5 * j, q, { channel: 'api', device: null }));
      s.trade({ maker: 61, taker: 62, price: top - 8, qty: 1, aggressor: 'sell' });
    }
    expect(runRule(spoofing, s.events)).toEqual([]);
    // Without the requote control the one-sided ladder would look like spoofing.
    expect(runRule(spoofing, s.events, { replaceMs: 0 }).length).toBeGreaterThan(0);
  });

  it('stays silent when the large orders fill, rest long, or are small', () => {
    const filled = book().s;
    for (let i = 0; i < 5; i++) {
      filled.wait(60_000);
      const big = filled.order(70, 'buy', 990, 100);
      filled.trade({ maker: 70, taker: 60, price: 990, qty: 60, aggressor: 'sell', makerOrder: big });
      filled.wait(5_000);
      filled.cancel(big, 40);
    }
    expect(runRule(spoofing, filled.events)).toEqual([]);
    const slow = book().s;
    for (let i = 0; i < 5; i++) {
      const big = slow.order(70, 'buy', 990, 100);
      slow.wait(120_000);
      slow.cancel(big);
    }
    expect(runRule(spoofing, slow.events)).toEqual([]);
    expect(runRule(spoofing, spoof(6, { lots: 10, sells: true }).s.events)).toEqual([]);
  });

  it('keeps bounded state over 200k events', () => {
    const c = capture(spoofing);
    const { s } = book();
    const open: EventOf<'order-accepted'>[] = [];
    for (let i = 0; i < 50_000; i++) {
      s.wait(1_000);
      const a = 1_000 + (i % 5_000);
      open.push(s.order(a, i % 2 === 0 ? 'buy' : 'sell', i % 2 === 0 ? 980 : 1_020, 200));
      if (open.length > 3) s.cancel(open.shift()!);
      s.trade({ maker: MM, taker: a, price: 1_000, qty: 1, aggressor: 'buy' });
      // Orders nobody ever cancels: the order map must not grow without bound.
      s.order(a, 'buy', 900, 1);
    }
    expect(s.events.length).toBeGreaterThan(200_000);
    runRule(c.definition, s.events, { maxOrders: 5_000 });
    const sizes = c.instance().sizes();
    expect(sizes.orders).toBeLessThanOrEqual(5_000);
    expect(sizes.suspects).toBeLessThan(1_000);
    expect(sizes.holders).toBeLessThanOrEqual(5_001);
  });

  it('is deterministic', () => {
    const { s } = spoof(5, { sells: true });
    expect(JSON.stringify(runRule(spoofing, s.events))).toBe(JSON.stringify(runRule(spoofing, s.events)));
  });

  it('on a simulated run with an organic rally and an attack (its ladder of asks, a maker requoting through both): silent', () => {
    expect(simulate('attack-during-rally', 1, [{ name: 'spoofing', definition: spoofing }]).alerts).toEqual([]);
  });
});
