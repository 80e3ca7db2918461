/**
 * The byte encoder of event lines must give exactly the bytes of
 * `JSON.stringify(event) + '\n'` for any object, on its fast path or not:
 * random events of every type, with well-typed values most of the time and
 * odd ones (escapes, non-ASCII, lone surrogates, -0, NaN, huge and fractional
 * numbers, undefined, wrong types, missing, extra or reordered keys) often.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventSchema, type MarketEvent } from '../../src/core/index.js';
import { EventLineEncoder, MAX_FAST_LINE } from '../../src/io/event-line.js';

type Kind = 'number' | 'string' | 'boolean' | 'nullable-number' | 'nullable-string' | 'other';

interface ZodLike {
  def: { type: string; innerType?: ZodLike };
}

function kindOf(t: ZodLike): Kind {
  const type = t.def.type;
  if (type === 'number' || type === 'string' || type === 'boolean') return type;
  if (type === 'enum') return 'string';
  if (type === 'nullable') {
    const inner = kindOf(t.def.innerType!);
    return inner === 'number' ? 'nullable-number' : inner === 'string' ? 'nullable-string' : 'other';
  }
  return 'other';
}

const types = eventSchema.options.map((o) => ({
  type: o.shape.type.value as string,
  fields: Object.entries(o.shape as Record<string, ZodLike>)
    .filter(([k]) => k !== 'type')
    .map(([k, t]) => ({ key: k, kind: kindOf(t) })),
  keys: Object.keys(o.shape),
}));

const integer = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.maxSafeInteger(),
  fc.maxSafeNat(),
  fc.constantFrom(0, -0, 1e8 - 1, 1e8, 1e8 + 1, 99_999_999_999_999, 1e15 - 1, 1e15, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
);
const odd = fc.oneof(
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, 1e21, 2 ** 53, 1.5, undefined, null, true, false, '', 'x'),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.object({ maxDepth: 1, maxKeys: 2 }),
);
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u007f', '\u00e9', '\ud83d', '\ude00', 'a'), maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 250, maxLength: 300 }) },
);

function valueFor(kind: Kind): fc.Arbitrary<unknown> {
  const typed: fc.Arbitrary<unknown> =
    kind === 'number'
      ? integer
      : kind === 'string'
        ? text
        : kind === 'boolean'
          ? fc.boolean()
          : kind === 'nullable-number'
            ? fc.option(integer, { nil: null })
            : kind === 'nullable-string'
              ? fc.option(text, { nil: null })
              : fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 });
  return fc.oneof({ weight: 12, arbitrary: typed }, { weight: 1, arbitrary: odd });
}

/** An event of some type: its fields in schema order, then maybe a key dropped, added or two swapped. */
const anEvent: fc.Arbitrary<Record<string, unknown>> = fc
  .constantFrom(...types)
  .chain((t) =>
    fc.tuple(
      fc.constant(t),
      fc.tuple(...t.fields.map((f) => valueFor(f.kind))),
      fc.constantFrom('as-is', 'as-is', 'as-is', 'drop', 'extra', 'swap'),
      fc.nat(),
      fc.nat(),
    ),
  )
  .map(([t, values, change, i, j]) => {
    const entries: [string, unknown][] = [['type', t.type], ...t.fields.map((f, k): [string, unknown] => [f.key, values[k]])];
    // Keep seq and t before type, as the factories do.
    entries.splice(0, 3, entries[1]!, entries[2]!, entries[0]!);
    if (change === 'drop') entries.splice(i % entries.length, 1);
    if (change === 'extra') entries.splice(i % (entries.length + 1), 0, ['extra', 1]);
    if (change === 'swap') {
      const a = i % entries.length;
      const b = j % entries.length;
      [entries[a], entries[b]] = [entries[b]!, entries[a]!];
    }
    return Object.fromEntries(entries);
  });

/** What the writer does with one event: the fast path, or JSON.stringify when it declines. */
function encode(e: Record<string, unknown>): Buffer {
  const enc = new EventLineEncoder();
  enc.buf = Buffer.alloc(MAX_FAST_LINE);
  if (enc.fast(e as unknown as MarketEvent)) return enc.buf.subarray(0, enc.pos);
  expect(enc.pos).toBe(0);
  return Buffer.from(`${JSON.stringify(e)}\n`, 'utf8');
}

describe('event line encoder', () => {
  it('gives the bytes of JSON.stringify for random events of every type', () => {
    fc.assert(
      fc.property(anEvent, (e) => {
        expect(encode(e).toString('latin1')).toBe(Buffer.from(`${JSON.stringify(e)}\n`, 'utf8').toString('latin1'));
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes the fast path for well-formed order-accepted, trade and cancel events', () => {
    const hot = types.filter((t) => ['order-accepted', 'trade', 'cancel'].includes(t.type));
    expect(hot.length).toBe(3);
    const samples: Record<string, unknown>[] = [
      { seq: 1, t: 2, type: 'order-accepted', order: 3, account: 4, symbol: 'BTC/USDT', side: 'buy', kind: 'limit', tif: 'gtc', postOnly: false, price: 6_000_000, qty: 12, quoteQty: null, stp: 'none', clientOrderId: null, channel: 'api', key: 7, platform: null, ip: '10.0.0.1', device: null },
      { seq: 1, t: 2, type: 'trade', trade: 3, symbol: 'BTC/USDT', price: 6_000_000, qty: 12, quoteQty: 720_000_000_000, aggressor: 'sell', makerAccount: 4, makerOrder: 5, takerAccount: 6, takerOrder: 7, makerFee: 0, takerFee: 123_456_789 },
      { seq: 1, t: 2, type: 'cancel', order: 3, account: 4, symbol: 'BTC/USDT', side: 'sell', price: null, qty: 0, reason: 'unfilled' },
    ];
    for (const e of samples) {
      const enc = new EventLineEncoder();
      enc.buf = Buffer.alloc(MAX_FAST_LINE);
      expect(enc.fast(e as unknown as MarketEvent)).toBe(true);
      expect(enc.buf.toString('utf8', 0, enc.pos)).toBe(`${JSON.stringify(e)}\n`);
      // The schema's key order is the one the fast path expects.
      expect(Object.keys(e)).toEqual(hot.find((t) => t.type === e.type)!.keys);
    }
  });

  it('writes events back to back into one buffer, from any offset', () => {
    // Fragments are stored 8 bytes at a time and may run past the line (the next line overwrites the excess);
    // an odd byteOffset makes every store unaligned.
    fc.assert(
      fc.property(fc.array(anEvent, { maxLength: 30 }), fc.nat({ max: 15 }), (events, offset) => {
        const enc = new EventLineEncoder();
        // A line of the test's events takes well under 40 KiB even when every string is escaped.
        enc.buf = Buffer.alloc(offset + events.length * 40 * 1024 + MAX_FAST_LINE).subarray(offset);
        const expected: string[] = [];
        for (const e of events) {
          if (!enc.fast(e as unknown as MarketEvent)) enc.pos += enc.buf.write(`${JSON.stringify(e)}\n`, enc.pos, 'utf8');
          expected.push(`${JSON.stringify(e)}\n`);
        }
        expect(enc.buf.subarray(0, enc.pos).toString('latin1')).toBe(Buffer.from(expected.join(''), 'utf8').toString('latin1'));
      }),
      { numRuns: 500 },
    );
  });
});
