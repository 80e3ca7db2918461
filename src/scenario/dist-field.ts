/**
 * The `dist()` field: a schema that takes either a plain value or a
 * distribution drawn once per seed (`{ uniform: [lo, hi] }`,
 * `{ logUniform: [lo, hi] }`, `{ normal: { mean, sd, min?, max? } }`,
 * `{ choice: [...] }`) and parses it into a tagged {@link Dist} (dist.ts),
 * resolved by `draw`/`drawAll` in draw.ts. One schema per written form, joined
 * in a union with one message for a value that fits none.
 */
import { z } from 'zod';
import { formatScaled, parseDecimal } from '../core/index.js';
import { boundsOf, decimalScaleProblem, decimalStep, OPS, pairProblems } from './dist-bounds.js';
import { makeDist, type Dist, type DistInput, type DistOf } from './dist.js';
import { describeValue } from './errors.js';
import { decimal } from './fields.js';

function constForm(base: z.ZodType, of: DistOf) {
  return base.transform((value) => makeDist(of, { kind: 'const', value }));
}

function pairForm(key: 'uniform' | 'logUniform', base: z.ZodType, of: Exclude<DistOf, 'choice'>, describe: string) {
  return z
    .strictObject({ [key]: z.tuple([base, base]).describe(describe) })
    .transform((v, ctx) => {
      // Checked here, not in a refinement: a transform runs only once the bounds themselves are valid.
      const pair = v[key] as [unknown, unknown];
      const problems = pairProblems(key, pair, of);
      if (problems.length > 0) {
        for (const message of problems) ctx.issues.push({ code: 'custom', message, path: [key], input: pair });
        return z.NEVER;
      }
      return makeDist(of, { kind: key, lo: pair[0], hi: pair[1] });
    });
}

function normalForm(base: z.ZodType, of: Exclude<DistOf, 'choice'>) {
  const ops = OPS[of];
  const numberError: z.core.$ZodErrorMap = (iss) =>
    iss.input === undefined ? undefined : `expected a number, got ${describeValue(iss.input)}`;
  const sdError: z.core.$ZodErrorMap = (iss) =>
    iss.input === undefined ? undefined : `expected a number of at least 0, got ${describeValue(iss.input)}`;
  const mean = of === 'int' ? z.number({ error: numberError }) : base;
  const sd =
    of === 'number' || of === 'int'
      ? z.number({ error: sdError }).min(0, { error: sdError })
      : of === 'decimal'
        ? decimal({ allowZero: true })
        : base;
  const bounds = boundsOf(base, of);
  return z
    .strictObject({
      normal: z
        .strictObject({
          mean: mean.describe('The mean.'),
          sd: sd.describe('The standard deviation, at least 0.'),
          min: base.optional().describe('Draws below are raised to this; default: the lowest value the field allows.'),
          max: base.optional().describe('Draws above are lowered to this; default: the highest value the field allows.'),
        })
        .describe('A normal distribution, clamped to [min, max].'),
    })
    .transform((v, ctx) => {
      const n = v.normal as { mean: unknown; sd: unknown; min?: unknown; max?: unknown };
      const problem = (message: string) => {
        ctx.issues.push({ code: 'custom', message, path: ['normal'], input: n });
        return z.NEVER;
      };
      if (of === 'decimal') {
        const p = decimalScaleProblem([n.mean, n.sd, n.min, n.max].filter((x): x is string => typeof x === 'string'));
        if (p) return problem(p);
      }
      if (n.min !== undefined && n.max !== undefined && ops.compare(n.min, n.max) > 0) {
        return problem(`min ${ops.show(n.min)} is above max ${ops.show(n.max)}`);
      }
      let min = n.min ?? bounds.min;
      const max = n.max ?? bounds.max;
      if (of === 'decimal' && bounds.positive && (typeof min !== 'string' || !OPS.decimal.isPositive(min))) {
        // A positive decimal field: the lowest draw is one unit of the draw's last decimal place.
        const texts = [n.mean, n.sd, n.max].filter((x): x is string => typeof x === 'string');
        min = formatScaled(1, decimalStep(Math.max(0, ...texts.map((x) => parseDecimal(x).scale))));
      }
      return makeDist(of, {
        kind: 'normal',
        mean: n.mean,
        sd: n.sd,
        ...(min === undefined ? {} : { min }),
        ...(max === undefined ? {} : { max }),
      });
    });
}

/** What a plain value of each kind is called in messages. */
const PLAIN_NOUN: Record<DistOf, string> = {
  number: 'a number',
  int: 'a whole number',
  duration: 'a duration like 90s',
  decimal: 'a quoted decimal like "0.5"',
  choice: 'a value',
};

function choiceForm(base: z.ZodType, of: DistOf) {
  return z
    .strictObject({ choice: z.array(base).min(1).describe('The values to choose from, equally likely; at least one.') })
    .transform((v) => makeDist(of, { kind: 'choice', values: v.choice as unknown[] }));
}

/**
 * A field that takes either a plain value of `base` or a distribution drawn
 * once per seed, parsed into a tagged {@link Dist}:
 *
 * ```yaml
 * followers: 40                                  # const
 * followers: { uniform: [20, 60] }               # int: 20..60 inclusive
 * reactionDelay: { logUniform: ["200ms", "30s"] } # number/int/duration only
 * size: { normal: { mean: "0.5", sd: "0.1", min: "0.01" } }
 * platform: { choice: [3commas, cornix] }
 * ```
 *
 * Bounds, `min`, `max` and choices are validated by `base` (so a probability's
 * bounds must lie in 0..1); `normal` draws are clamped to `min`/`max`, which
 * default to `base`'s own limits where known (number checks, 0 for durations,
 * non-negative or positive decimals). Every object form is strict.
 *
 * @param base - the schema of one plain value: a zod number schema for
 *   `number`/`int`, {@link duration} for `duration`, {@link decimal} for
 *   `decimal`, anything for `choice`
 * @param of - how values are drawn (see {@link DistOf})
 */
export function dist<B extends z.ZodType<number>>(base: B, of: 'number' | 'int' | 'duration'): z.ZodType<Dist<number>, DistInput<z.input<B>>>;
export function dist<B extends z.ZodType<string>>(base: B, of: 'decimal'): z.ZodType<Dist<string>, DistInput<z.input<B>>>;
export function dist<B extends z.ZodType>(base: B, of: 'choice'): z.ZodType<Dist<z.output<B>>, DistInput<z.input<B>>>;
export function dist(base: z.ZodType, of: DistOf): z.ZodType {
  const forms: z.ZodType[] = [constForm(base, of)];
  if (of !== 'choice') {
    const what = of === 'duration' ? 'durations' : of === 'decimal' ? 'decimal strings' : of === 'int' ? 'whole numbers' : 'numbers';
    forms.push(pairForm('uniform', base, of, `[lo, hi] (${what}): drawn uniformly between lo and hi, both included.`));
    if (of !== 'decimal') {
      forms.push(
        pairForm('logUniform', base, of, `[lo, hi] (${what}, lo > 0): drawn so that its logarithm is uniform; suits values spanning orders of magnitude.`),
      );
    }
    forms.push(normalForm(base, of));
  }
  forms.push(choiceForm(base, of));
  const forms_ = ['a plain value'];
  if (of !== 'choice') forms_.push('{ uniform: [lo, hi] }');
  if (of !== 'choice' && of !== 'decimal') forms_.push('{ logUniform: [lo, hi] }');
  if (of !== 'choice') forms_.push('{ normal: { mean, sd, min?, max? } }');
  forms_.push('{ choice: [a, b, ...] }');
  const baseText = base.description ? `${base.description} ` : '';
  const noun = PLAIN_NOUN[of];
  return z
    .union(forms as [z.ZodType, z.ZodType, ...z.ZodType[]], {
      // Used when the value fits no form at all (e.g. a list): name both kinds of answer.
      error: (iss) =>
        iss.input === undefined || (typeof iss.input === 'object' && iss.input !== null && !Array.isArray(iss.input))
          ? undefined
          : `expected ${noun} or a distribution such as { uniform: [lo, hi] }, got ${describeValue(iss.input)}`,
    })
    .describe(`${baseText}Either ${forms_.slice(0, -1).join(', ')} or ${forms_[forms_.length - 1]}; a distribution is drawn once per seed.`);
}
