/**
 * The limits of a distribution's values: the field's own limits, found by
 * asking its schema (the default clamps of `normal`), and the checks on the
 * bounds a person writes (`lo` above `hi`, `logUniform` from 0, decimals with
 * too many digits to draw). Used by the schemas of dist-field.ts.
 */
import { z } from 'zod';
import { formatDuration, parseDecimal } from '../core/index.js';
import type { DistOf } from './dist.js';

/** The limits of a field, used as default clamps for `normal`. */
interface Bounds {
  min?: number | string | undefined;
  max?: number | string | undefined;
  /** Decimal fields that refuse zero: clamp to one unit of the last decimal place. */
  positive?: boolean;
}

/**
 * What values `base` allows, found by asking it (so a field renamed with
 * `.describe()`, which clones the schema, keeps its limits): for durations
 * whether `0s` is allowed, for decimals whether `0` and `-1` are, for numbers
 * the bounds of its checks (exclusive ones made inclusive for integers).
 */
export function boundsOf(base: z.ZodType, of: DistOf): Bounds {
  if (of === 'duration') return { min: base.safeParse('0s').success ? 0 : 1 };
  if (of === 'decimal') {
    if (base.safeParse('-1').success) return {};
    return base.safeParse('0').success ? { min: '0' } : { min: '0', positive: true };
  }
  if (!(base instanceof z.ZodNumber)) return {};
  const out: Bounds = {};
  for (const check of base.def.checks ?? []) {
    const def = check._zod.def as { check?: string; value?: unknown; inclusive?: boolean };
    if (typeof def.value !== 'number') continue;
    const v = def.value;
    if (def.check === 'greater_than') {
      const lo = def.inclusive ? v : of === 'int' ? Math.floor(v) + 1 : nextUp(v);
      if (typeof out.min !== 'number' || lo > out.min) out.min = lo;
    } else if (def.check === 'less_than') {
      const hi = def.inclusive ? v : of === 'int' ? Math.ceil(v) - 1 : -nextUp(-v);
      if (typeof out.max !== 'number' || hi < out.max) out.max = hi;
    }
  }
  return out;
}

/** The smallest double above `x` (finite `x`). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0] = (bits[0] as bigint) + (x > 0 ? 1n : -1n);
  return f[0] as number;
}

/** Comparison and display of drawn values of one kind, for validating bounds. */
interface KindOps {
  compare(a: unknown, b: unknown): number;
  show(v: unknown): string;
  isPositive(v: unknown): boolean;
}

function decimalCompare(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  const xm = x.mantissa * 10n ** BigInt(scale - x.scale);
  const ym = y.mantissa * 10n ** BigInt(scale - y.scale);
  return xm < ym ? -1 : xm > ym ? 1 : 0;
}

const NUMBER_OPS: KindOps = {
  compare: (a, b) => (a as number) - (b as number),
  show: (v) => String(v),
  isPositive: (v) => (v as number) > 0,
};
export const OPS: Record<Exclude<DistOf, 'choice'>, KindOps> = {
  number: NUMBER_OPS,
  int: NUMBER_OPS,
  duration: { ...NUMBER_OPS, show: (v) => formatDuration(v as number) },
  decimal: {
    compare: (a, b) => decimalCompare(a as string, b as string),
    show: (v) => JSON.stringify(v),
    isPositive: (v) => parseDecimal(v as string).mantissa > 0n,
  },
};

/** Decimal strings drawn between bounds are integers at the finest scale; they must stay below 2^53. */
export function decimalScaleProblem(values: readonly string[]): string | undefined {
  const scale = Math.max(0, ...values.map((v) => parseDecimal(v).scale));
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  for (const v of values) {
    const { mantissa, scale: s } = parseDecimal(v);
    const m = mantissa * 10n ** BigInt(scale - s);
    if (m > limit || -m > limit) return `${JSON.stringify(v)} has too many digits at ${scale} decimals for a random draw`;
  }
  return undefined;
}

/** `1` at the last of `scale` decimals, as text: `"0.001"` for 3. */
export function decimalStep(scale: number): string {
  return scale === 0 ? '1' : `0.${'0'.repeat(scale - 1)}1`;
}

export function pairProblems(kind: 'uniform' | 'logUniform', pair: readonly unknown[], of: Exclude<DistOf, 'choice'>): string[] {
  const ops = OPS[of];
  const [lo, hi] = pair;
  const out: string[] = [];
  if (of === 'decimal' && typeof lo === 'string' && typeof hi === 'string') {
    const p = decimalScaleProblem([lo, hi]);
    if (p) return [p];
  }
  if (ops.compare(lo, hi) > 0) out.push(`lo ${ops.show(lo)} is above hi ${ops.show(hi)}`);
  if (kind === 'logUniform' && !ops.isPositive(lo)) out.push(`lo must be above 0 for logUniform, got ${ops.show(lo)}`);
  return out;
}
