/**
 * ramping: names the one account whose aggressive orders walk the price
 * through several levels, measured in the symbol's typical spread; silent on
 * a crowd that walks the price one level each, on a short walk, on a walk
 * that is small against a wide spread, on sells by default, and before the
 * spread estimate exists; score grows with the walk; state stays bounded;
 * deterministic; and on simulated runs it names the whale (a false positive
 * by design) and attack victims.
 */
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../src/core/index.js';
import { ramping } from '../../src/detect/rules/ramping.js';
import { feed, HOUR, MIN, PumpStream, rolesOf, runRule, simulate, SYMBOL } from './pump-stream.js';

/** Quiet hour (spread 50 ticks on 10,000: 0.5%), then account 42 walks `levels` levels `step` ticks apart in `orders` orders over `spanMs`. */
function walk(levels: number, step: number, opts: { orders?: number; spanMs?: number; side?: 'buy' | 'sell'; halfSpread?: number } = {}) {
  const s = new PumpStream(1);
  s.quiet(HOUR, { halfSpread: opts.halfSpread ?? 25 });
  const start = s.t;
  const orders = opts.orders ?? 4;
  const side = opts.side ?? 'buy';
  const per = Math.ceil(levels / orders);
  let price = side === 'buy' ? 10_025 : 9_975;
  let done = 0;
  const seqs: number[] = [];
  for (let o = 0; o < orders && done < levels; o++) {
    s.at(start + Math.round((o * (opts.spanMs ?? 20_000)) / orders));
    // A background trade in between, by someone else.
    s.trade({ price: side === 'buy' ? 9_975 : 10_025, side: side === 'buy' ? 'sell' : 'buy', taker: 7000 + o });
    s.advance(200);
    const n = Math.min(per, levels - done);
    for (const e of s.sweep(42, side, price, n, step)) seqs.push(e.seq);
    price += (side === 'buy' ? 1 : -1) * n * step;
    done += n;
  }
  s.quiet(10 * MIN, { mid: price, halfSpread: opts.halfSpread ?? 25 });
  return { s, start, seqs };
}

describe('ramping on hand-made streams', () => {
  it('names the account that walked the price through ten levels, with the numbers in the explanation', () => {
    const { s, start, seqs } = walk(10, 100);
    const { alerts } = runRule(ramping, s.events);
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    const a = alerts[0]!;
    expect(a.rule).toBe('ramping');
    expect(a.symbol).toBe(SYMBOL);
    expect(a.accounts).toEqual([42]);
    expect(a.t - start).toBeLessThan(25_000);
    expect(a.explanation).toMatch(
      /^account #42 bought ALT\/BTC aggressively through \d+ price levels in [\d.]+ s \(\d+ taker fills of \d+ orders?\): price 10025 -> \d+ ticks \(\+[\d.]+%\), [\d.]+ typical spreads \(typical spread \+0\.[\d]+% from \d+ side flips of the tape\)/,
    );
    expect(a.evidence.length).toBeGreaterThan(0);
    expect(a.evidence.length).toBeLessThanOrEqual(20);
    for (const seq of a.evidence) expect(seqs).toContain(seq);
    for (const x of alerts) expect(x.accounts).toEqual([42]);
  });

  it('score grows with the walk', () => {
    const small = runRule(ramping, walk(7, 100).s.events).alerts;
    const large = runRule(ramping, walk(20, 150).s.events).alerts;
    expect(small.length).toBeGreaterThan(0);
    expect(large.length).toBeGreaterThan(0);
    const max = (xs: { score: number }[]) => Math.max(...xs.map((x) => x.score));
    expect(max(large)).toBeGreaterThan(max(small) + 0.1);
  });

  it('stays silent when a crowd walks the price, one level each (followers, not a ramper)', () => {
    const s = new PumpStream(2);
    s.quiet(HOUR);
    let price = 10_025;
    for (let i = 0; i < 20; i++) {
      s.advance(1500);
      s.trade({ price, side: 'buy', taker: 300 + i });
      price += 100;
    }
    s.quiet(10 * MIN, { mid: price });
    expect(runRule(ramping, s.events).alerts).toEqual([]);
  });

  it('stays silent on a short walk, and on a walk small against a wide spread', () => {
    expect(runRule(ramping, walk(3, 300).s.events).alerts).toEqual([]);
    // Spread 10% (half 500 ticks): ten levels 100 ticks apart is 10%, one spread.
    expect(runRule(ramping, walk(10, 100, { halfSpread: 500 }).s.events).alerts).toEqual([]);
  });

  it('needs the walk to happen within the window', () => {
    // The same ten levels spread over ten minutes are not a ramp.
    expect(runRule(ramping, walk(10, 100, { orders: 10, spanMs: 10 * MIN }).s.events).alerts).toEqual([]);
  });

  it('ignores sell-side walks by default and names them with sides "both"', () => {
    const { s } = walk(10, 100, { side: 'sell' });
    expect(runRule(ramping, s.events).alerts).toEqual([]);
    const both = runRule(ramping, s.events, { sides: 'both' }).alerts;
    expect(both.length).toBeGreaterThan(0);
    expect(both[0]!.accounts).toEqual([42]);
    expect(both[0]!.explanation).toMatch(/account #42 sold ALT\/BTC .*\(-[\d.]+%\)/);
  });

  it('stays silent until the tape has shown enough side flips to estimate the spread', () => {
    const s = new PumpStream(3);
    s.sweep(42, 'buy', 10_000, 15, 100);
    expect(runRule(ramping, s.events).alerts).toEqual([]);
    expect(runRule(ramping, s.events, { minFlips: 0 }).alerts.length).toBeGreaterThan(0);
  });

  it('keeps bounded state: 200k trades by 100k distinct takers track only the accounts active within one window', () => {
    const s = new PumpStream(4);
    let price = 10_000;
    for (let i = 0; i < 200_000; i++) {
      s.advance(5);
      price = Math.max(100, price + (s.rand() < 0.5 ? -1 : 1));
      s.trade({ price, side: s.rand() < 0.5 ? 'buy' : 'sell', taker: 1 + (i % 100_000) });
    }
    const d = ramping.create(ramping.params.parse({})) as unknown as {
      trackedAccounts(symbol: string): number;
      allocatedSlots(symbol: string): number;
      onEvent(e: MarketEvent, out: { raise(a: unknown): void }): void;
    };
    feed(d, s.events);
    // A window of 60 s holds 12,000 trades at one per 5 ms; about half are buys, tracked until the next sweep.
    expect(d.trackedAccounts(SYMBOL)).toBeLessThanOrEqual(2 * 12_000);
    expect(d.allocatedSlots(SYMBOL)).toBeLessThanOrEqual(32_768);
    // And a hard cap holds whatever the stream.
    const capped = ramping.create(ramping.params.parse({ maxAccounts: 1000 })) as unknown as typeof d;
    feed(capped, s.events);
    expect(capped.trackedAccounts(SYMBOL)).toBeLessThanOrEqual(1000);
    expect(capped.allocatedSlots(SYMBOL)).toBeLessThanOrEqual(1024);
  });

  it('is deterministic', () => {
    const { s } = walk(20, 150);
    expect(JSON.stringify(runRule(ramping, s.events).alerts)).toBe(JSON.stringify(runRule(ramping, s.events).alerts));
  });
});

describe('ramping on simulated runs', () => {
  it('names attack victims (their orders walk the book) and the organic whale (a false positive by design)', () => {
    const rules = [{ name: 'ramping', definition: ramping }];
    const attack = simulate('compromised-key-pump', 1, rules);
    const inc = attack.truth.incidents[0]!;
    const roles = rolesOf(attack.truth);
    const hit = attack.alerts.filter((a) => a.symbol === inc.symbol && a.t >= inc.start && a.t <= inc.end);
    expect(hit.length).toBeGreaterThan(0);
    const named = new Set(hit.flatMap((a) => a.accounts));
    expect([...named].filter((a) => roles.get(a) === 'victim').length).toBeGreaterThan(0);
    expect(hit[0]!.t - inc.start).toBeLessThan(30_000);

    const organic = simulate('whale-followers', 1, rules);
    const o = organic.truth.incidents[0]!;
    const oroles = rolesOf(organic.truth);
    const ohit = organic.alerts.filter((a) => a.symbol === o.symbol && a.t >= o.start && a.t <= o.end);
    expect(ohit.flatMap((a) => a.accounts).map((a) => oroles.get(a))).toContain('whale');
  });
});
