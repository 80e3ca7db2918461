import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DecimalError,
  formatScaled,
  formatUnits,
  multiplyDecimals,
  parseDecimal,
  stepRatio,
  toScaled,
  toUnits,
} from '../../src/core/decimal.js';

/** Asserts `fn` throws a DecimalError with exactly `message` (and returns it for more checks). */
function decimalError(fn: () => unknown, message: string): DecimalError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DecimalError);
    expect((e as DecimalError).message).toBe(message);
    return e as DecimalError;
  }
  throw new Error(`expected DecimalError: ${message}`);
}

describe('parseDecimal', () => {
  it('keeps the written scale and sign', () => {
    expect(parseDecimal('0.00025')).toEqual({ mantissa: 25n, scale: 5 });
    expect(parseDecimal('100')).toEqual({ mantissa: 100n, scale: 0 });
    expect(parseDecimal('-1.5')).toEqual({ mantissa: -15n, scale: 1 });
    expect(parseDecimal('+1.50')).toEqual({ mantissa: 150n, scale: 2 });
    expect(parseDecimal('007.5')).toEqual({ mantissa: 75n, scale: 1 });
    expect(parseDecimal('-0')).toEqual({ mantissa: 0n, scale: 0 });
    expect(parseDecimal('123456789012345678901234567890')).toEqual({ mantissa: 123456789012345678901234567890n, scale: 0 });
  });

  it.each(['', ' ', '1 ', ' 1', '.5', '1.', '1e-8', '1E5', '1_000', '1,5', 'abc', '--1', '+-1', 'Infinity', 'NaN', '0x10', '1.2.3', '١'])(
    'rejects %j',
    (text) => {
      const err = decimalError(() => parseDecimal(text, 'price'), `price ${JSON.stringify(text)} is not a decimal number`);
      expect(err.reason).toBe('syntax');
      expect(err.what).toBe('price');
      expect(err.text).toBe(text);
    },
  );
});

describe('toScaled', () => {
  it('counts steps', () => {
    expect(toScaled('99.92', '0.01', 'price')).toBe(9992);
    expect(toScaled('1.5', '0.5', 'quantity')).toBe(3);
    expect(toScaled('100', '0.01', 'price')).toBe(10000);
    expect(toScaled('0.010', '0.01', 'price')).toBe(1);
    expect(toScaled('15', '5', 'price')).toBe(3);
    expect(toScaled('0.75', '0.25', 'quantity')).toBe(3);
    expect(toScaled('0.0025', '0.0005', 'price')).toBe(5);
    expect(toScaled('+2', '1', 'price')).toBe(2);
    expect(toScaled('2', '0.00000001', 'amount')).toBe(200000000);
  });

  it('reports off-grid values with the step name', () => {
    const e = decimalError(() => toScaled('0.0025', '0.002', 'price'), 'price 0.0025 is not a multiple of the tick size 0.002');
    expect(e.reason).toBe('grid');
    decimalError(() => toScaled('1.25', '0.5', 'quantity'), 'quantity 1.25 is not a multiple of the lot size 0.5');
    decimalError(() => toScaled('3', '2', 'amount'), 'amount 3 is not a multiple of the step 2');
    decimalError(() => toScaled('3', '2', 'size', { stepName: 'increment' }), 'size 3 is not a multiple of the increment 2');
    // The BigInt path reports the same way.
    decimalError(
      () => toScaled('1.0000000000000000001', '0.01', 'price'),
      'price 1.0000000000000000001 is not a multiple of the tick size 0.01',
    );
  });

  it('reports non-numeric text', () => {
    decimalError(() => toScaled('abc', '0.01', 'price'), 'price "abc" is not a decimal number');
    decimalError(() => toScaled('', '0.01', 'quantity'), 'quantity "" is not a decimal number');
  });

  it('rejects negatives and zero by default, per the options otherwise', () => {
    const e = decimalError(() => toScaled('-1', '0.01', 'price'), 'price -1 must be positive');
    expect(e.reason).toBe('sign');
    decimalError(() => toScaled('0', '0.01', 'price'), 'price 0 must be positive');
    decimalError(() => toScaled('-0.00', '0.01', 'price'), 'price -0.00 must be positive');
    decimalError(() => toScaled('-1', '0.01', 'amount', { allowZero: true }), 'amount -1 must not be negative');
    decimalError(() => toScaled('0', '0.01', 'amount', { allowNegative: true }), 'amount 0 must not be zero');
    expect(toScaled('0', '0.01', 'amount', { allowZero: true })).toBe(0);
    expect(Object.is(toScaled('-0.00', '0.01', 'amount', { allowZero: true }), 0)).toBe(true);
    expect(toScaled('-1.5', '0.5', 'amount', { allowNegative: true })).toBe(-3);
  });

  it('checks the sign before the grid', () => {
    decimalError(() => toScaled('-0.0025', '0.002', 'price'), 'price -0.0025 must be positive');
  });

  it('rejects results beyond 2^53 - 1 and accepts the limit', () => {
    expect(toScaled('90071992547409.91', '0.01', 'price')).toBe(Number.MAX_SAFE_INTEGER);
    const e = decimalError(
      () => toScaled('90071992547409.92', '0.01', 'price'),
      'price 90071992547409.92 is out of range: more than 2^53 - 1 steps of 0.01',
    );
    expect(e.reason).toBe('range');
    expect(toScaled('-90071992547409.91', '0.01', 'price', { allowNegative: true })).toBe(-Number.MAX_SAFE_INTEGER);
  });

  it('rejects a bad step', () => {
    decimalError(() => toScaled('1', '0', 'price'), 'tick size 0 must be positive');
    decimalError(() => toScaled('1', '-0.01', 'price'), 'tick size -0.01 must be positive');
    decimalError(() => toScaled('1', 'x', 'quantity'), 'lot size "x" is not a decimal number');
  });
});

describe('toUnits', () => {
  it('converts to the smallest unit', () => {
    expect(toUnits('0.00000001', 8, 'amount')).toBe(1);
    expect(toUnits('1', 8, 'amount')).toBe(100000000);
    expect(toUnits('1.000000000000', 8, 'amount')).toBe(100000000);
    expect(toUnits('12.5', 2, 'amount')).toBe(1250);
    expect(toUnits('7', 0, 'amount')).toBe(7);
    expect(toUnits('7.00', 0, 'amount')).toBe(7);
    expect(toUnits('-0.5', 1, 'amount', { allowNegative: true })).toBe(-5);
    expect(toUnits('0', 8, 'amount', { allowZero: true })).toBe(0);
  });

  it('reports excess precision', () => {
    const e = decimalError(() => toUnits('0.000000001', 8, 'amount'), 'amount 0.000000001 has more than 8 decimal places');
    expect(e.reason).toBe('precision');
    decimalError(() => toUnits('0.05', 1, 'amount'), 'amount 0.05 has more than 1 decimal place');
    decimalError(() => toUnits('1.5', 0, 'amount'), 'amount 1.5 must be a whole number');
  });

  it('reports sign, syntax and range errors', () => {
    decimalError(() => toUnits('0', 8, 'amount'), 'amount 0 must be positive');
    decimalError(() => toUnits('-1', 8, 'amount'), 'amount -1 must be positive');
    decimalError(() => toUnits('1e-8', 8, 'amount'), 'amount "1e-8" is not a decimal number');
    expect(toUnits('90071992.54740991', 8, 'amount')).toBe(Number.MAX_SAFE_INTEGER);
    decimalError(
      () => toUnits('90071992.54740992', 8, 'amount'),
      'amount 90071992.54740992 is out of range: more than 2^53 - 1 units at 8 decimals',
    );
    // 2^53 + 1 parses to 2^53 as a float; it must still be rejected, not rounded.
    decimalError(() => toUnits('9007199254740993', 0, 'amount'), 'amount 9007199254740993 is out of range: more than 2^53 - 1 units at 0 decimals');
  });

  it('rejects invalid decimals as a caller bug', () => {
    expect(() => toUnits('1', -1, 'amount')).toThrow(RangeError);
    expect(() => toUnits('1', 1.5, 'amount')).toThrow(RangeError);
  });
});

describe('formatScaled / formatUnits', () => {
  it('writes exactly the step decimals', () => {
    expect(formatScaled(9992, '0.01')).toBe('99.92');
    expect(formatScaled(10000, '0.01')).toBe('100.00');
    expect(formatScaled(1, '0.01')).toBe('0.01');
    expect(formatScaled(0, '0.01')).toBe('0.00');
    expect(formatScaled(-0, '0.01')).toBe('0.00');
    expect(formatScaled(-5, '0.01')).toBe('-0.05');
    expect(formatScaled(-123, '0.01')).toBe('-1.23');
    expect(formatScaled(3, '0.5')).toBe('1.5');
    expect(formatScaled(3, '0.25')).toBe('0.75');
    expect(formatScaled(3, '5')).toBe('15');
    expect(formatScaled(-3, '5')).toBe('-15');
    expect(formatScaled(Number.MAX_SAFE_INTEGER, '0.25')).toBe('2251799813685247.75');
    expect(formatScaled(Number.MAX_SAFE_INTEGER, '0.00000001')).toBe('90071992.54740991');
  });

  it('formats units', () => {
    expect(formatUnits(1, 8)).toBe('0.00000001');
    expect(formatUnits(100000000, 8)).toBe('1.00000000');
    expect(formatUnits(-150, 2)).toBe('-1.50');
    expect(formatUnits(42, 0)).toBe('42');
    expect(formatUnits(0, 3)).toBe('0.000');
  });

  it('rejects non-safe integers and bad steps', () => {
    expect(() => formatScaled(1.5, '0.01')).toThrow(RangeError);
    expect(() => formatScaled(2 ** 53, '0.01')).toThrow(RangeError);
    expect(() => formatUnits(Number.NaN, 8)).toThrow(RangeError);
    expect(() => formatScaled(1, '0')).toThrow(DecimalError);
  });
});

describe('stepRatio / multiplyDecimals', () => {
  it('counts fine steps in a coarse one', () => {
    expect(stepRatio('0.01', '0.00000001')).toBe(1000000);
    expect(stepRatio('1', '1')).toBe(1);
    expect(stepRatio('5', '0.25')).toBe(20);
    decimalError(() => stepRatio('0.015', '0.01'), 'step 0.015 is not a multiple of the step 0.01');
    decimalError(() => stepRatio('0', '0.01'), 'step 0 must be positive');
    decimalError(() => stepRatio('1', '0.' + '0'.repeat(20) + '1'), `step 1 is more than 2^53 - 1 steps of 0.${'0'.repeat(20)}1`);
  });

  it('multiplies exactly into minimal form', () => {
    expect(multiplyDecimals('0.01', '0.5')).toBe('0.005');
    expect(multiplyDecimals('0.1', '0.2')).toBe('0.02');
    expect(multiplyDecimals('2.5', '4')).toBe('10');
    expect(multiplyDecimals('100', '0.50')).toBe('50');
    expect(multiplyDecimals('-1.5', '2')).toBe('-3');
    expect(multiplyDecimals('-1.5', '-0.2')).toBe('0.3');
    expect(multiplyDecimals('0.00', '-3')).toBe('0');
    expect(multiplyDecimals('0.00000001', '0.00000001')).toBe('0.0000000000000001');
  });

  it('gives quote units per tick x lot', () => {
    expect(stepRatio(multiplyDecimals('0.01', '0.001'), formatUnits(1, 8))).toBe(1000);
  });
});

/** Steps covering integer, half, quarter, cent and satoshi grids. */
const steps = fc.constantFrom('0.01', '0.00000001', '5', '0.5', '0.25', '1', '0.0005', '0.10');

/** Reference implementation, BigInt only, to check the fast number path against. */
function reference(text: string, step: string): bigint | 'grid' {
  const v = parseDecimal(text);
  const s = parseDecimal(step);
  const scale = Math.max(v.scale, s.scale);
  const num = v.mantissa * 10n ** BigInt(scale - v.scale);
  const den = s.mantissa * 10n ** BigInt(scale - s.scale);
  return num % den === 0n ? num / den : 'grid';
}

describe('properties', () => {
  const safeInt = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
  const opts = { allowNegative: true, allowZero: true };

  it('toScaled(formatScaled(n, step), step) === n', () => {
    fc.assert(
      fc.property(safeInt, steps, (n, step) => {
        expect(toScaled(formatScaled(n, step), step, 'price', opts)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('toUnits(formatUnits(n, d), d) === n', () => {
    fc.assert(
      fc.property(safeInt, fc.integer({ min: 0, max: 18 }), (n, d) => {
        expect(toUnits(formatUnits(n, d), d, 'amount', opts)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('formatScaled(toScaled(x)) is the canonical form of any on-grid text', () => {
    // Build on-grid text with noise: leading zeros, trailing zeros, a '+' sign.
    const noisy = fc.record({
      n: fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
      step: steps,
      lead: fc.integer({ min: 0, max: 3 }),
      trail: fc.integer({ min: 0, max: 12 }),
      plus: fc.boolean(),
    });
    fc.assert(
      fc.property(noisy, ({ n, step, lead, trail, plus }) => {
        const canonical = formatScaled(n, step);
        const unsigned = canonical.replace('-', '');
        let text = '0'.repeat(lead) + unsigned;
        if (trail > 0) text += (text.includes('.') ? '' : '.') + '0'.repeat(trail);
        text = (n < 0 ? '-' : plus ? '+' : '') + text;
        const back = toScaled(text, step, 'price', opts);
        expect(back).toBe(n);
        expect(formatScaled(back, step)).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with a BigInt reference on arbitrary decimal text', () => {
    const text = fc
      .tuple(fc.stringMatching(/^[0-9]{1,20}$/), fc.option(fc.stringMatching(/^[0-9]{1,12}$/), { nil: undefined }))
      .map(([i, f]) => (f === undefined ? i : `${i}.${f}`));
    fc.assert(
      fc.property(text, steps, (t, step) => {
        const ref = reference(t, step);
        let got: number | string;
        try {
          got = toScaled(t, step, 'price', opts);
        } catch (e) {
          expect(e).toBeInstanceOf(DecimalError);
          got = (e as DecimalError).reason;
        }
        if (ref === 'grid') expect(got).toBe('grid');
        else if (ref > BigInt(Number.MAX_SAFE_INTEGER)) expect(got).toBe('range');
        else expect(got).toBe(Number(ref));
      }),
      { numRuns: 5000 },
    );
  });

  it('never throws anything but DecimalError on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string(), steps, (t, step) => {
        try {
          toScaled(t, step, 'price');
          toUnits(t, 8, 'amount');
        } catch (e) {
          expect(e).toBeInstanceOf(DecimalError);
        }
      }),
    );
  });
});
