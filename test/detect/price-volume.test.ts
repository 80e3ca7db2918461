/**
 * price-volume: fires when a window's volume spikes against the symbol's
 * baseline and the price jumps at the same time; silent on a volume spike
 * without a price move, on a price move without volume, on one order's sweep,
 * on a dump (unless asked for both directions) and on a quiet market; score
 * grows with the jump; state stays bounded; deterministic; and on simulated
 * runs it catches the organic pump and the copy-trading fan-out (both are
 * pumps) without alarms in a quiet market story.
 */
import { describe, expect, it } from 'vitest';
import type { MarketEvent } from '../../src/core/index.js';
import { priceVolume } from '../../src/detect/rules/price-volume.js';
import { feed, HOUR, MIN, PumpStream, runRule, simulate, SYMBOL } from './pump-stream.js';

/** An hour of quiet market around 10,000 ticks, then `buyers` buyers each sweep up, walking the price by `stepTicks` per order. */
function pump(buyers: number, stepTicks: number, gapMs = 3000, seed = 1): { s: PumpStream; start: number } {
  const s = new PumpStream(seed);
  s.quiet(HOUR);
  const start = s.t;
  let price = 10_025;
  for (let i = 0; i < buyers; i++) {
    s.at(start + i * gapMs);
    s.sweep(100 + i, 'buy', price, 3, Math.max(1, Math.floor(stepTicks / 3)), 20);
    price += stepTicks;
  }
  s.quiet(10 * MIN);
  return { s, start };
}

describe('price-volume on hand-made streams', () => {
  it('fires at symbol level on a volume spike with a price jump, with the numbers in the explanation', () => {
    const { s, start } = pump(8, 300);
    const { alerts } = runRule(priceVolume, s.events);
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    const a = alerts[0]!;
    expect(a.rule).toBe('price-volume');
    expect(a.symbol).toBe(SYMBOL);
    expect(a.accounts).toEqual([]);
    expect(a.t - start).toBeLessThan(30_000);
    expect(a.explanation).toMatch(
      /^ALT\/BTC: [\d.]+ BTC traded in \d+ trades \(\d+ buy taker orders\) over 60 s, [\d.]+x the usual 60 s volume of the last 60 min \(z=[\d.]+\); price \d+ -> \d+ ticks \(\+[\d.]+%, high \d+\), against a usual absolute move of \+[\d.]+% per 60 s \(threshold \+5.0%\)/,
    );
    expect(a.evidence.length).toBeGreaterThan(0);
    expect(a.evidence.length).toBeLessThanOrEqual(20);
    expect(a.evidence).toContain(s.events.find((e) => e.type === 'trade' && e.t >= start)!.seq);
  });

  it('score grows with the jump', () => {
    const small = runRule(priceVolume, pump(6, 120).s.events).alerts;
    const large = runRule(priceVolume, pump(6, 1500).s.events).alerts;
    expect(small.length).toBeGreaterThan(0);
    expect(large.length).toBeGreaterThan(0);
    const max = (xs: { score: number }[]) => Math.max(...xs.map((x) => x.score));
    expect(max(large)).toBeGreaterThan(max(small) + 0.1);
  });

  it('stays silent on a volume spike without a price move (heavy two-sided trading at the usual prices)', () => {
    const s = new PumpStream(2);
    s.quiet(HOUR);
    for (let i = 0; i < 30; i++) {
      s.advance(1500);
      s.trade({ price: i % 2 ? 10_025 : 9_975, side: i % 2 ? 'buy' : 'sell', qty: 200, taker: 200 + i });
    }
    s.quiet(10 * MIN);
    expect(runRule(priceVolume, s.events).alerts).toEqual([]);
  });

  it('stays silent on a price move without volume, and on one order sweeping the book', () => {
    const s = new PumpStream(3);
    s.quiet(HOUR);
    // Three tiny buys walk the price up 20%: no volume.
    for (let i = 0; i < 3; i++) {
      s.advance(5000);
      s.trade({ price: 10_700 + i * 700, side: 'buy', qty: 1, taker: 300 + i });
    }
    s.quiet(20 * MIN);
    // One big order sweeps 30% in one go: a spike, but one order (ramping's domain).
    const sweep = s.sweep(77, 'buy', 10_025, 10, 300, 50);
    s.quiet(10 * MIN);
    expect(runRule(priceVolume, s.events).alerts).toEqual([]);
    // It is the several-orders gate that keeps the sweep out: with one order enough, it fires on it (and only on it).
    const loose = runRule(priceVolume, s.events, { minTakerOrders: 1 }).alerts;
    expect(loose.length).toBeGreaterThan(0);
    expect(loose.every((a) => sweep.some((e) => e.seq === a.seq))).toBe(true);
  });

  it('ignores a dump by default and fires on it with direction "both"', () => {
    const s = new PumpStream(4);
    s.quiet(HOUR);
    let price = 9_975;
    for (let i = 0; i < 8; i++) {
      s.advance(3000);
      s.sweep(400 + i, 'sell', price, 3, 100, 20);
      price -= 300;
    }
    s.quiet(10 * MIN);
    expect(runRule(priceVolume, s.events).alerts).toEqual([]);
    const both = runRule(priceVolume, s.events, { direction: 'both' }).alerts;
    expect(both.length).toBeGreaterThan(0);
    expect(both[0]!.explanation).toMatch(/\(-[\d.]+%/);
  });

  it('stays silent on a quiet market for six hours', () => {
    const s = new PumpStream(5);
    s.quiet(6 * HOUR, { everyMs: 15_000 });
    expect(runRule(priceVolume, s.events).alerts).toEqual([]);
  });

  it('keeps bounded state over 200k trades on 40 symbols, and is deterministic', () => {
    const symbols = Array.from({ length: 40 }, (_, i) => `C${i}/BTC`);
    const s = new PumpStream(9, symbols);
    let price = 10_000;
    for (let i = 0; i < 200_000; i++) {
      s.advance(i % 7 === 0 ? 40 : 1);
      price = Math.max(100, price + (s.rand() < 0.5 ? -3 : 3));
      s.trade({ price, side: s.rand() < 0.5 ? 'buy' : 'sell', qty: 1 + Math.floor(s.rand() * 5), taker: 1 + (i % 5000), symbol: symbols[i % 40]! });
    }
    const make = () => priceVolume.create(priceVolume.params.parse({})) as unknown as { symbolCount: number; onEvent(e: MarketEvent, out: { raise(a: unknown): void }): void };
    const d = make();
    const a = feed(d, s.events);
    expect(d.symbolCount).toBe(40);
    const b = feed(make(), s.events);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('price-volume on simulated runs', () => {
  it('catches the organic pump and the copy-trading fan-out within a minute (both are pumps, by design); silent in a quiet market story', () => {
    const rules = [{ name: 'price-volume', definition: priceVolume }];
    for (const scenario of ['whale-followers', 'copy-trading-followers']) {
      const run = simulate(scenario, 1, rules);
      const inc = run.truth.incidents[0]!;
      const hit = run.alerts.filter((a) => a.symbol === inc.symbol && a.t >= inc.start && a.t <= inc.end);
      expect(hit.length, scenario).toBeGreaterThan(0);
      expect(hit[0]!.t - inc.start, scenario).toBeLessThan(MIN);
      expect(hit.every((a) => a.accounts.length === 0)).toBe(true);
    }
    const quiet = simulate('quiet-market', 1, rules);
    expect(quiet.alerts.filter((a) => a.t >= quiet.storyStart)).toEqual([]);
  });
});
