import { describe, expect, it } from 'vitest';
import { downsampleBars } from '../../src/report/downsample.js';
import { escapeHtml, escapeMarkdown } from '../../src/report/escape.js';
import { fmtClock, fmtDuration, fmtHours, fmtNumber, fmtPoints, fmtQuote, fmtRate, fmtScore, ticksToPrice } from '../../src/report/format.js';
import { niceTicks, px } from '../../src/report/svg.js';

describe('escaping', () => {
  it('escapes HTML text and attributes, and drops characters no document may hold', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\u001Fc\td')).toBe('abc\td');
  });

  it('escapes Markdown so a label cannot break a table or inject HTML', () => {
    expect(escapeMarkdown('a|b *c* [x](y) <script>\nnext')).toBe('a\\|b \\*c\\* \\[x\\](y) &lt;script&gt; next');
  });
});

describe('number formats', () => {
  it('rates: whole percent, one decimal near 0 and 100', () => {
    expect([0, 0.004, 0.5, 0.996, 1, 2 / 3, null].map(fmtRate)).toEqual(['0%', '0.4%', '50%', '99.6%', '100%', '67%', '–']);
  });

  it('numbers, points, scores and durations', () => {
    expect([0, 3, 0.5, 1.25, 12.34, 123.4, -0.001].map(fmtNumber)).toEqual(['0', '3', '0.5', '1.25', '12.3', '123', '0']);
    expect([0.1, -0.5, 0].map(fmtPoints)).toEqual(['+10.0 pp', '−50.0 pp', '0.0 pp']);
    expect(fmtScore(0.91234)).toBe('0.912');
    expect([850, 1500, 90_000, 7_200_000, null].map(fmtDuration)).toEqual(['850 ms', '1.5 s', '1.5 min', '2.0 h', '–']);
    expect([fmtClock(3_900_000, 0), fmtClock(0, 1_800_000), fmtClock(5, 5)]).toEqual(['+1:05', '−0:30', '0:00']);
  });

  it('prices from ticks exactly, without floating point', () => {
    expect(ticksToPrice(25_810, '0.00000001')).toBe('0.00025810');
    expect(ticksToPrice(123, '0.5')).toBe('61.5');
    expect(ticksToPrice(7, '5')).toBe('35');
    expect(ticksToPrice(9_007_199_254_740_991, '0.00000001')).toBe('90071992.54740991');
  });

  it('coordinates and axis ticks are stable', () => {
    expect([px(1.04), px(-0.04), px(2)]).toEqual(['1', '0', '2']);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(25_000, 1_200_000, 5)).toEqual([200_000, 400_000, 600_000, 800_000, 1_000_000, 1_200_000]);
  });
});

describe('downsampleBars', () => {
  const bar = (t: number, o: number, h: number, l: number, c: number, qty: number) => ({ t, open: o, high: h, low: l, close: c, qty, quote: qty * c, trades: 1, buyQty: qty - 1 });

  it('keeps bars as they are when there are few', () => {
    const bars = [bar(0, 1, 2, 1, 2, 3), bar(60_000, 2, 3, 2, 3, 4)];
    expect(downsampleBars(bars, 60_000, 0, 120_000, 600)).toEqual({ bars, bucketMs: 60_000 });
  });

  it('merges into equal buckets: first open, extremes, last close, summed volumes', () => {
    const bars = [bar(0, 10, 12, 9, 11, 2), bar(60_000, 11, 15, 10, 14, 3), bar(180_000, 14, 14, 7, 8, 5)];
    const out = downsampleBars(bars, 60_000, 0, 240_000, 2);
    expect(out.bucketMs).toBe(120_000);
    expect(out.bars).toEqual([
      { t: 0, open: 10, high: 15, low: 9, close: 14, qty: 5, quote: 2 * 11 + 3 * 14, trades: 2, buyQty: 3 },
      { t: 120_000, open: 14, high: 14, low: 7, close: 8, qty: 5, quote: 40, trades: 1, buyQty: 4 },
    ]);
    expect(bars[0]!.high).toBe(12); // input untouched
  });
});

describe('fmtQuote and fmtHours', () => {
  it('shows integer quote units as decimals of the asset', () => {
    expect(fmtQuote(3_616_000_000, 8, 'BTC')).toBe('36.16 BTC');
    expect(fmtQuote(2_528_398_928.7, 8, 'BTC')).toBe('25.28 BTC');
    expect(fmtQuote(0, 8, 'BTC')).toBe('0 BTC');
    expect(fmtQuote(1_230_000, 8, 'BTC')).toBe('0.0123 BTC');
    expect(fmtQuote(81_000_000, 8)).toBe('0.81');
    expect(fmtQuote(-101_260_936.6, 8)).toBe('−1.01');
    expect(fmtQuote(0.1, 8)).toBe('0'); // a tenth of a satoshi rounds to nothing
    expect(fmtQuote(12_345, 0, 'JPY')).toBe('12345 JPY');
    expect(fmtQuote(1_234_567, 2, 'USD')).toBe('12345.67 USD');
    expect(fmtQuote(null, 8, 'BTC')).toBe('–');
  });

  it('shows hours', () => {
    expect(fmtHours(5.8)).toBe('5.8 h');
    expect(fmtHours(0)).toBe('0 h');
    expect(fmtHours(null)).toBe('–');
  });
});
