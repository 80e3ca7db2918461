/**
 * Plain-language messages for zod's generic issues, the error map every
 * configuration parse uses (fields in fields.ts and dist-field.ts bring their
 * own messages). It also records, on an `unrecognized_keys` issue, the keys
 * the object knows, so locate-issues.ts can suggest the one that was meant.
 */
import type { z } from 'zod';
import { describeValue, quotedList, suggest } from './errors.js';

/** Set on `unrecognized_keys` issues by {@link humanize}: every key the object's schema knows. */
export const KNOWN_KEYS = 'surveilKnownKeys';

/** The default message of a union that no branch matched (a union may bring its own). */
export const NO_FORM = 'does not match any of the allowed forms';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  bigint: 'a whole number',
  object: 'a map',
  record: 'a map',
  map: 'a map',
  array: 'a list',
  tuple: 'a list',
  set: 'a list',
  null: 'an empty value',
  undefined: 'nothing',
  never: 'nothing',
  date: 'a date',
};

export function expectedName(expected: string): string {
  return EXPECTED[expected] ?? `a ${expected}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function sizeOf(input: unknown): string {
  if (Array.isArray(input)) return plural(input.length, 'item');
  if (typeof input === 'string') return plural(input.length, 'character');
  return describeValue(input);
}

/**
 * The error map passed to every parse: plain-language messages for zod's
 * generic issues (fields in fields.ts and dist-field.ts bring their own).
 * Also records, on `unrecognized_keys` issues, the keys the object knows, for
 * suggestions.
 */
export const humanize: z.core.$ZodErrorMap = (iss) => {
  const got = describeValue(iss.input);
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? 'missing' : `expected ${expectedName(iss.expected)}, got ${got}`;
    case 'unrecognized_keys': {
      const shape = (iss.inst as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def?.shape;
      if (shape && typeof shape === 'object') (iss as unknown as Record<string, unknown>)[KNOWN_KEYS] = Object.keys(shape);
      return `unknown ${iss.keys.length === 1 ? 'key' : 'keys'} ${quotedList(iss.keys, 'and')}`;
    }
    case 'too_small': {
      const min = String(iss.minimum);
      if (iss.origin === 'array' || iss.origin === 'set') return `needs at least ${plural(Number(iss.minimum), 'item')}, got ${sizeOf(iss.input)}`;
      if (iss.origin === 'string') {
        return Number(iss.minimum) === 1 ? 'must not be empty' : `must be at least ${plural(Number(iss.minimum), 'character')} long, got ${sizeOf(iss.input)}`;
      }
      return iss.inclusive === false ? `must be above ${min}, got ${got}` : `must be at least ${min}, got ${got}`;
    }
    case 'too_big': {
      const max = String(iss.maximum);
      if (iss.origin === 'array' || iss.origin === 'set') return `needs at most ${plural(Number(iss.maximum), 'item')}, got ${sizeOf(iss.input)}`;
      if (iss.origin === 'string') return `must be at most ${plural(Number(iss.maximum), 'character')} long, got ${sizeOf(iss.input)}`;
      return iss.inclusive === false ? `must be below ${max}, got ${got}` : `must be at most ${max}, got ${got}`;
    }
    case 'invalid_format':
      return iss.format === 'regex' && iss.pattern ? `${got} does not match the pattern ${iss.pattern}` : `${got} is not a valid ${iss.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(iss.divisor)}, got ${got}`;
    case 'invalid_value': {
      const values = iss.values.map((v) => (typeof v === 'string' ? v : String(v)));
      const stringsOnly = iss.values.every((v) => typeof v === 'string');
      const list = stringsOnly ? quotedList(values) : values.join(', ');
      const hint = typeof iss.input === 'string' && stringsOnly ? suggest(iss.input, values) : undefined;
      const expected = iss.values.length === 1 ? list : `one of ${list}`;
      return `expected ${expected}, got ${got}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}`;
    }
    case 'invalid_key':
      return `has an invalid key ${got}`;
    case 'invalid_element':
      return `has an invalid entry ${got}`;
    case 'invalid_union': {
      const raw = iss as { discriminator?: string; options?: unknown[] };
      if (raw.discriminator !== undefined && raw.options) {
        return `expected ${raw.discriminator} to be one of ${quotedList(raw.options.map(String))}`;
      }
      return NO_FORM;
    }
    case 'custom':
      return 'is invalid';
    default:
      return undefined;
  }
};
