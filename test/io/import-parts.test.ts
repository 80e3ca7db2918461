/** The small parts the import adapters rest on: exact number text, update-id chains, L2 levels as orders. */
import { describe, expect, it } from 'vitest';
import { BUY, SELL } from '../../src/book/index.js';
import { makeGrid, plainDecimal, significantDecimals } from '../../src/io/adapters/grid.js';
import { EventArray, ImportEvents } from '../../src/io/index.js';
import { LevelBook } from '../../src/io/adapters/level-book.js';
import { UpdateChain } from '../../src/io/adapters/update-chain.js';

describe('decimal text', () => {
  it('moves the point of exponent numbers on the text, exactly', () => {
    expect(plainDecimal('8e-06')).toBe('0.000008');
    expect(plainDecimal('-1.5E+2')).toBe('-150');
    expect(plainDecimal('1.25e1')).toBe('12.5');
    expect(plainDecimal('60940.35136398')).toBe('60940.35136398');
    expect(() => plainDecimal('NaN')).toThrow('is not a number');
  });

  it('counts significant decimals, ignoring trailing zeros', () => {
    expect(significantDecimals('0.02000000')).toBe(2);
    expect(significantDecimals('61837.63000000')).toBe(2);
    expect(significantDecimals('100')).toBe(0);
  });

  it('chooses units so a tick times a lot is one quote unit', () => {
    expect(makeGrid('0.01', '0.00001', { tick: '', lot: '' })).toMatchObject({ baseDecimals: 5, quoteDecimals: 7, baseUnitsPerLot: 1, quoteUnitsPerTickLot: 1 });
    expect(makeGrid('0.5', '100', { tick: '', lot: '' })).toMatchObject({ baseDecimals: 0, quoteDecimals: 1, baseUnitsPerLot: 100, quoteUnitsPerTickLot: 500 });
  });
});

describe('Binance update-id chain', () => {
  it('spot: drops stale diffs, needs the first to straddle lastUpdateId + 1, then U = previous u + 1', () => {
    const c = new UpdateChain(100, 'spot');
    expect(c.check({ U: 90, u: 100 }).kind).toBe('stale');
    expect(c.check({ U: 95, u: 105 }).kind).toBe('apply');
    expect(c.check({ U: 106, u: 110 }).kind).toBe('apply');
    expect(c.check({ U: 112, u: 120 })).toEqual({ kind: 'gap', field: 'U', expected: 'U = 111 (previous u + 1)', found: 'U 112' });
    expect(new UpdateChain(100, 'spot').check({ U: 102, u: 110 }).kind).toBe('gap');
  });

  it('futures: pu must be the previous u', () => {
    const c = new UpdateChain(100, 'futures');
    expect(c.check({ U: 90, u: 99, pu: 80 }).kind).toBe('stale');
    expect(c.check({ U: 95, u: 105, pu: 94 }).kind).toBe('apply');
    expect(c.check({ U: 107, u: 110, pu: 105 }).kind).toBe('apply');
    expect(c.check({ U: 111, u: 115, pu: 109 })).toMatchObject({ kind: 'gap', field: 'pu' });
  });
});

describe('L2 levels as anonymous orders', () => {
  const setup = () => {
    const out = new EventArray();
    const ev = new ImportEvents(out, { symbol: 'X/Y', baseAsset: 'X', quoteAsset: 'Y', grid: makeGrid('1', '1', { tick: '', lot: '' }) });
    return { out, levels: new LevelBook(ev) };
  };

  it('an increase rests the difference; a decrease takes from the newest orders first', () => {
    const { out, levels } = setup();
    levels.apply(0, [{ side: BUY, price: 10, qty: 5 }]);
    levels.apply(1, [{ side: BUY, price: 10, qty: 8 }]);
    levels.apply(2, [{ side: BUY, price: 10, qty: 4 }]);
    expect(out.events.map((e) => [e.type, 'order' in e ? e.order : 0, 'qty' in e ? e.qty : 0])).toEqual([
      ['order-accepted', 1, 5],
      ['order-accepted', 2, 3],
      ['cancel', 2, 3],
      ['order-amended', 1, 4],
    ]);
    expect(levels.book.remainingOf(1)).toBe(4);
  });

  it('applies decreases before increases, so a level moving through the spread in one diff never crosses', () => {
    const { levels } = setup();
    levels.apply(0, [{ side: BUY, price: 10, qty: 1 }, { side: SELL, price: 11, qty: 1 }]);
    expect(levels.apply(1, [{ side: BUY, price: 11, qty: 2 }, { side: SELL, price: 11, qty: 0 }])).toBeNull();
    expect(levels.book.bestBid()).toBe(11);
    expect(levels.apply(2, [{ side: SELL, price: 11, qty: 1 }])).toBe('sell level 11 would cross the best bid 11');
  });
});
