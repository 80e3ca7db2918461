import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { constDist, isDist } from '../../src/scenario/dist.js';
import { dist } from '../../src/scenario/dist-field.js';
import {
  DURATION_PATTERN,
  bps,
  decimal,
  duration,
  formatDuration,
  nonNegativeInt,
  parseDuration,
  positiveInt,
  probability,
} from '../../src/scenario/fields.js';
import { jsonSchemaFor, schemaProblems } from '../../src/scenario/yaml-load.js';
import { Example } from './example-schema.js';

/** The messages of a failed parse, as `path: message`, as the loader words them. */
function problems(schema: z.ZodType, value: unknown): string[] {
  const found = schemaProblems(schema, value);
  if (found.length === 0) throw new Error(`expected a failure for ${JSON.stringify(value)}`);
  return found.map((p) => `${p.path}: ${p.message}`);
}

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['0s', 0],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['3d', 259_200_000],
    ['1h30m', 5_400_000],
    ['1d12h', 129_600_000],
    ['1m500ms', 60_500],
    ['2h0m5s', 7_205_000],
    ['1d2h3m4s5ms', 93_784_005],
    ['007s', 7000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(duration().parse(text)).toBe(ms);
  });

  it.each(['90x', '1.5h', '1 h', ' 1s', '1s ', '', 'h', '5', '-1s', '+1s', '1H', '30m1h', '1h1h', '1ms5s', '1mm', 'ms', '1e3ms'])(
    '%j is not a duration',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
      expect(problems(duration(), text)).toEqual([`: ${JSON.stringify(text)} is not a duration (use e.g. 500ms, 90s, 15m, 2h, 3d)`]);
    },
  );

  it('says what it expected when given another type', () => {
    expect(problems(duration(), 12)).toEqual([': expected a duration like 90s, got 12']);
    expect(problems(duration(), null)).toEqual([': expected a duration like 90s, got an empty value']);
    expect(problems(duration(), { a: 1 })).toEqual([': expected a duration like 90s, got a map']);
  });

  it('refuses totals beyond 2^53 - 1 ms and, when positive, zero', () => {
    expect(parseDuration('9999999999999d')).toBeUndefined();
    expect(problems(duration(), '9999999999999d')).toEqual([': "9999999999999d" is too long a duration']);
    expect(problems(duration({ positive: true }), '0ms')).toEqual([': must be longer than 0, got "0ms"']);
    expect(duration({ positive: true }).parse('1ms')).toBe(1);
  });

  it('formatDuration is the shortest inverse of parseDuration', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(1500)).toBe('1s500ms');
    expect(formatDuration(0)).toBe('0s');
    fc.assert(
      fc.property(fc.maxSafeNat(), (ms) => {
        const text = formatDuration(ms);
        expect(new RegExp(DURATION_PATTERN).test(text)).toBe(true);
        expect(parseDuration(text)).toBe(ms);
      }),
    );
  });
});

describe('decimals', () => {
  it('keeps the text exactly', () => {
    expect(decimal().parse('0.00025')).toBe('0.00025');
    expect(decimal().parse('0.0150')).toBe('0.0150');
    expect(decimal().parse('100')).toBe('100');
  });

  it('refuses YAML numbers, saying to quote them', () => {
    expect(problems(decimal(), 0.00025)).toEqual([': write decimals as quoted strings, e.g. "0.00025", so no float rounding happens']);
    expect(problems(decimal(), 12.5)).toEqual([': write decimals as quoted strings, e.g. "12.5", so no float rounding happens']);
    expect(problems(decimal(), 1e-7)).toEqual([': write decimals as quoted strings, e.g. "0.00025", so no float rounding happens']);
    expect(problems(decimal(), true)).toEqual([': expected a decimal as a quoted string like "0.00025", got true']);
  });

  it('follows the core grammar and the sign options', () => {
    const notDecimal = (t: string) => `: "${t}" is not a decimal number (write digits with an optional point, e.g. "0.00025"; no exponent)`;
    expect(problems(decimal(), '1e-8')).toEqual([notDecimal('1e-8')]);
    expect(problems(decimal(), '.5')).toEqual([notDecimal('.5')]);
    expect(problems(decimal(), '1,5')).toEqual([notDecimal('1,5')]);
    expect(problems(decimal(), '-1')).toEqual([': must not be negative, got "-1"']);
    expect(problems(decimal(), '-0')).toEqual([': must not be negative, got "-0"']);
    expect(problems(decimal(), '0.000')).toEqual([': must not be zero, got "0.000"']);
    expect(decimal({ allowZero: true }).parse('0')).toBe('0');
    expect(decimal({ allowNegative: true }).parse('-1.5')).toBe('-1.5');
    expect(problems(decimal({ allowNegative: true }), '0')).toEqual([': must not be zero, got "0"']);
  });
});

describe('numbers', () => {
  it('probability is 0..1', () => {
    expect(probability().parse(0)).toBe(0);
    expect(probability().parse(1)).toBe(1);
    expect(problems(probability(), 1.5)).toEqual([': expected a probability from 0 to 1, got 1.5']);
    expect(problems(probability(), '0.5')).toEqual([': expected a probability from 0 to 1, got "0.5"']);
  });

  it('positiveInt, nonNegativeInt and bps are whole numbers in range', () => {
    expect(positiveInt().parse(1)).toBe(1);
    expect(problems(positiveInt(), 0)).toEqual([': expected a whole number of at least 1, got 0']);
    expect(problems(positiveInt(), 2.5)).toEqual([': expected a whole number of at least 1, got 2.5']);
    expect(nonNegativeInt().parse(0)).toBe(0);
    expect(problems(nonNegativeInt(), -1)).toEqual([': expected a whole number of at least 0, got -1']);
    expect(bps().parse(10_000)).toBe(10_000);
    expect(problems(bps(), 10_001)).toEqual([': expected whole basis points from 0 to 10000, got 10001']);
    expect(problems(bps(), 12.5)).toEqual([': expected whole basis points from 0 to 10000, got 12.5']);
  });
});

describe('dist', () => {
  const ints = dist(positiveInt(), 'int');
  const durations = dist(duration(), 'duration');
  const decimals = dist(decimal(), 'decimal');
  const probabilities = dist(probability(), 'number');

  it('parses each form into a tagged, branded Dist', () => {
    expect(ints.parse(5)).toMatchObject({ kind: 'const', of: 'int', value: 5 });
    expect(ints.parse({ uniform: [1, 6] })).toMatchObject({ kind: 'uniform', of: 'int', lo: 1, hi: 6 });
    expect(durations.parse({ logUniform: ['200ms', '30s'] })).toMatchObject({ kind: 'logUniform', of: 'duration', lo: 200, hi: 30_000 });
    expect(durations.parse({ normal: { mean: '30s', sd: '10s' } })).toMatchObject({ kind: 'normal', mean: 30_000, sd: 10_000, min: 0 });
    expect(decimals.parse({ choice: ['0.5', '1'] })).toMatchObject({ kind: 'choice', of: 'decimal', values: ['0.5', '1'] });
    expect(isDist(ints.parse(5))).toBe(true);
    expect(isDist({ kind: 'const', of: 'int', value: 5 })).toBe(false);
    expect(isDist(constDist(5, 'int'))).toBe(true);
    // The brand survives a spread and is invisible to JSON.
    expect(isDist({ ...ints.parse(5) })).toBe(true);
    expect(JSON.stringify(ints.parse(5))).toBe('{"of":"int","kind":"const","value":5}');
  });

  it('normal clamps default to the field limits', () => {
    expect(probabilities.parse({ normal: { mean: 0.5, sd: 0.2 } })).toMatchObject({ min: 0, max: 1 });
    expect(ints.parse({ normal: { mean: 2.5, sd: 3 } })).toMatchObject({ mean: 2.5, min: 1 });
    expect(dist(z.number().int().gt(0).lt(10), 'int').parse({ normal: { mean: 5, sd: 3 } })).toMatchObject({ min: 1, max: 9 });
    // A positive decimal: one unit of the finest decimal place written.
    expect(decimals.parse({ normal: { mean: '50', sd: '12.5' } })).toMatchObject({ min: '0.1' });
    expect(decimals.parse({ normal: { mean: '50', sd: '12.5', min: '40' } })).toMatchObject({ min: '40' });
    // Limits survive .describe(), which clones a schema.
    expect(dist(duration().describe('Reaction time.'), 'duration').parse({ normal: { mean: '1s', sd: '1s' } })).toMatchObject({ min: 0 });
    expect(dist(duration({ positive: true }).describe('Gap.'), 'duration').parse({ normal: { mean: '1s', sd: '1s' } })).toMatchObject({ min: 1 });
    expect(dist(decimal().describe('Size.'), 'decimal').parse({ normal: { mean: '5', sd: '1' } })).toMatchObject({ min: '1' });
    expect(dist(decimal({ allowZero: true }), 'decimal').parse({ normal: { mean: '5', sd: '1' } })).toMatchObject({ min: '0' });
    expect(dist(decimal({ allowNegative: true }), 'decimal').parse({ normal: { mean: '5', sd: '1' } })).not.toHaveProperty('min');
  });

  it('checks bounds with the base field and their order', () => {
    expect(problems(probabilities, { uniform: [0.5, 1.5] })).toEqual(['uniform[1]: expected a probability from 0 to 1, got 1.5']);
    expect(problems(probabilities, { uniform: [0.5, 0.2] })).toEqual(['uniform: lo 0.5 is above hi 0.2']);
    expect(problems(durations, { uniform: ['1m', '30s'] })).toEqual(['uniform: lo 1m is above hi 30s']);
    expect(problems(decimals, { uniform: ['2', '1.5'] })).toEqual(['uniform: lo "2" is above hi "1.5"']);
    expect(problems(probabilities, { logUniform: [0, 0.5] })).toEqual(['logUniform: lo must be above 0 for logUniform, got 0']);
    expect(problems(ints, { normal: { mean: 3, sd: 1, min: 5, max: 2 } })).toEqual(['normal: min 5 is above max 2']);
    expect(problems(decimals, { uniform: ['0.000000000000000001', '100'] })).toEqual([
      'uniform: "100" has too many digits at 18 decimals for a random draw',
    ]);
  });

  it('is strict, and offers logUniform only where it makes sense', () => {
    expect(ints.safeParse({ uniform: [1, 2], extra: 1 }).success).toBe(false);
    expect(ints.safeParse({ normal: { mean: 1, sd: 1, mni: 0 } }).success).toBe(false);
    expect(decimals.safeParse({ logUniform: ['1', '2'] }).success).toBe(false);
    expect(dist(z.enum(['a', 'b']), 'choice').safeParse({ uniform: ['a', 'b'] }).success).toBe(false);
    expect(dist(z.enum(['a', 'b']), 'choice').parse({ choice: ['a'] })).toMatchObject({ kind: 'choice', values: ['a'] });
    expect(ints.safeParse({ choice: [] }).success).toBe(false);
  });
});

describe('JSON Schema', () => {
  const schema = jsonSchemaFor(Example, 'https://example.test/example.schema.json', 'Example');
  const props = (s: unknown) => (s as { properties: Record<string, Record<string, unknown>> }).properties;

  it('carries $schema, $id and title', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('https://example.test/example.schema.json');
    expect(schema.title).toBe('Example');
    expect(schema.additionalProperties).toBe(false);
  });

  it('describes what the user writes: a duration is a patterned string', () => {
    const d = props(schema).duration!;
    expect(d.type).toBe('string');
    expect(d.pattern).toBe(DURATION_PATTERN);
    expect(d.description).toMatch(/^A duration/);
    expect(props(props(schema).market).tickSize).toMatchObject({ type: 'string', pattern: '^\\+?\\d+(\\.\\d+)?$' });
    expect(props(schema).seed).toMatchObject({ type: 'integer', minimum: 0 });
  });

  it('describes a dist as anyOf: the plain value or strict distribution objects', () => {
    const cancelRate = props(props(schema).makers).cancelRate as { anyOf: Record<string, unknown>[]; description: string };
    expect(cancelRate.anyOf[0]).toMatchObject({ type: 'number', minimum: 0, maximum: 1 });
    expect(cancelRate.anyOf[1]).toMatchObject({
      type: 'object',
      required: ['uniform'],
      additionalProperties: false,
      properties: { uniform: { type: 'array', minItems: 2, maxItems: 2 } },
    });
    expect(cancelRate.anyOf.map((s) => (s.required as string[] | undefined)?.[0])).toEqual([
      undefined,
      'uniform',
      'logUniform',
      'normal',
      'choice',
    ]);
    expect(cancelRate.description).toContain('{ uniform: [lo, hi] }');
  });

  it('a duration dist takes duration strings inside its distributions', () => {
    const stories = (props(schema).stories as { items: { anyOf: unknown[] } }).items.anyOf;
    const organic = props(props(stories[1]).organic);
    const delay = organic.reactionDelay as { anyOf: { properties?: Record<string, { prefixItems?: unknown[] }> }[] };
    expect(delay.anyOf[0]).toMatchObject({ type: 'string', pattern: DURATION_PATTERN });
    expect(delay.anyOf[1]!.properties!.uniform!.prefixItems).toEqual([
      expect.objectContaining({ type: 'string', pattern: DURATION_PATTERN }),
      expect.objectContaining({ type: 'string', pattern: DURATION_PATTERN }),
    ]);
  });
});
