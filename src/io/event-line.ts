/**
 * Encodes events as JSON lines straight into a byte buffer: byte for byte what
 * `Buffer.from(JSON.stringify(event) + '\n')` gives, without building a string.
 *
 * Why: on a busy run JSON.stringify, the string buffer and the UTF-8 copy cost
 * more than the simulation itself (about 1.3 us per event). The three types that
 * make up nearly all of a busy log (order-accepted, trade, cancel) are written
 * here field by field: constant key fragments copied as bytes, integers as
 * digits, ASCII strings as bytes. Every other type, and every event that does
 * not fit what the fast path can prove, goes through JSON.stringify.
 *
 * The fast path is taken only when it provably gives the same bytes:
 *
 * - the event is a plain object (prototype Object.prototype, so no inherited
 *   toJSON) whose enumerable keys are exactly the expected ones in the expected
 *   order (checked with for-in, which walks V8's enum cache without allocating);
 * - numbers are finite (JSON writes NaN and Infinity as null): safe integers are
 *   written as their decimal digits (what Number::toString gives; -0 as 0) and
 *   any other finite number as String(n), the same conversion JSON uses;
 * - strings are written byte by byte while they are printable ASCII without `"`
 *   or `\`; a string with anything else is quoted by JSON.stringify itself and
 *   UTF-8 encoded, which is what JSON.stringify of the whole event does with it;
 * - nullable fields are null or of their type; booleans are booleans.
 *
 * Speed (about 0.4 us per busy-day event, down from 0.7): bytes go in
 * through a DataView, constant runs such as `,"type":"trade","trade":` eight
 * bytes per store (see Fragment), digits two per store with one int32 division
 * per pair. The writers are plain functions over a local view and position,
 * so no byte costs a property store on `this`; each returns the new position,
 * or -1 when the value cannot take the fast path, and passes a negative
 * position through, so an event is checked once, at its end.
 *
 * A property test compares the output with JSON.stringify on random events of
 * every type, odd values included.
 */
import type { MarketEvent } from '../core/index.js';

/** Bytes an event may need on the fast path: ~20 fields, numbers <= 24 bytes, strings <= MAX_FAST_STRING x 6 + 2. */
export const MAX_FAST_LINE = 16 * 1024;
/** Longer strings send the whole event the JSON.stringify way (so MAX_FAST_LINE holds). */
const MAX_FAST_STRING = 256;

/**
 * A constant run of printable ASCII as 8-byte words, copied with one store per
 * eight bytes. The last word is padded with spaces, which the next value
 * overwrites. Stored as doubles because a DataView has no 64-bit integer store
 * short of BigInt; the bits survive because no 8 printable ASCII bytes form a
 * NaN, an infinity or a subnormal (the top byte would have to be 0x7f, 0xff,
 * 0x00 or 0x80), the only doubles whose bits a load and store might change.
 */
interface Fragment {
  words: Float64Array;
  length: number;
}

function fragment(s: string): Fragment {
  const bytes = new Uint8Array(Math.ceil(s.length / 8) * 8).fill(0x20);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return { words: new Float64Array(bytes.buffer), length: s.length };
}

const TRADE_KEYS = ['seq', 't', 'type', 'trade', 'symbol', 'price', 'qty', 'quoteQty', 'aggressor', 'makerAccount', 'makerOrder', 'takerAccount', 'takerOrder', 'makerFee', 'takerFee'] as const;
const CANCEL_KEYS = ['seq', 't', 'type', 'order', 'account', 'symbol', 'side', 'price', 'qty', 'reason'] as const;
const ACCEPTED_KEYS = ['seq', 't', 'type', 'order', 'account', 'symbol', 'side', 'kind', 'tif', 'postOnly', 'price', 'qty', 'quoteQty', 'stp', 'clientOrderId', 'channel', 'key', 'platform', 'ip', 'device'] as const;

/**
 * The bytes in front of each value: `{"seq":` for the first key and `,"key":`
 * for the others; the constant `type` value is folded into the fragment of the
 * key after it (`,"type":"trade","trade":`), so it has none of its own.
 */
function keyFragments<K extends string>(keys: readonly K[], type: string): Record<Exclude<K, 'type'>, Fragment> {
  const out: Record<string, Fragment> = {};
  let pending = '{';
  for (const k of keys) {
    pending += `"${k}":`;
    if (k === 'type') {
      pending += `"${type}",`;
      continue;
    }
    out[k] = fragment(pending);
    pending = ',';
  }
  return out as Record<Exclude<K, 'type'>, Fragment>;
}
const T = keyFragments(TRADE_KEYS, 'trade');
const C = keyFragments(CANCEL_KEYS, 'cancel');
const A = keyFragments(ACCEPTED_KEYS, 'order-accepted');
const TRUE = fragment('true');
const FALSE = fragment('false');
const NULL = fragment('null');

/** "00".."99" as little-endian 16-bit words: two digits per division and per store. */
const PAIRS = Uint16Array.from({ length: 100 }, (_, i) => (0x30 + ((i / 10) | 0)) | ((0x30 + (i % 10)) << 8));

/** True when `o` is a plain object whose enumerable keys are exactly `keys`, in order. */
function hasKeys(o: object, keys: readonly string[]): boolean {
  if (Object.getPrototypeOf(o) !== Object.prototype) return false;
  let i = 0;
  for (const k in o) {
    if (k !== keys[i]) return false;
    i++;
  }
  return i === keys.length;
}

/**
 * Writes event lines into `buf` from `pos`. The caller makes sure at least
 * MAX_FAST_LINE bytes are free before {@link EventLineEncoder.fast}.
 */
export class EventLineEncoder {
  private bytes: Buffer = Buffer.alloc(0);
  /** The same bytes, for multi-byte stores. */
  private view = new DataView(this.bytes.buffer);
  pos = 0;

  get buf(): Buffer {
    return this.bytes;
  }

  set buf(b: Buffer) {
    this.bytes = b;
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  /**
   * Writes `event` and its newline on the fast path and returns true, or
   * writes nothing and returns false (the caller then writes JSON.stringify(event)).
   * Bytes past `pos` may be overwritten either way.
   */
  fast(event: MarketEvent): boolean {
    const e = event as unknown as Record<string, unknown>;
    let p: number;
    switch (e.type) {
      case 'trade':
        p = hasKeys(e, TRADE_KEYS) ? trade(this.view, this.pos, e) : -1;
        break;
      case 'order-accepted':
        p = hasKeys(e, ACCEPTED_KEYS) ? accepted(this.view, this.pos, e) : -1;
        break;
      case 'cancel':
        p = hasKeys(e, CANCEL_KEYS) ? cancel(this.view, this.pos, e) : -1;
        break;
      default:
        return false;
    }
    if (p < 0) return false;
    this.pos = p;
    return true;
  }
}

function trade(d: DataView, p: number, e: Record<string, unknown>): number {
  p = num(d, p, T.seq, e.seq);
  p = num(d, p, T.t, e.t);
  p = num(d, p, T.trade, e.trade);
  p = str(d, p, T.symbol, e.symbol);
  p = num(d, p, T.price, e.price);
  p = num(d, p, T.qty, e.qty);
  p = num(d, p, T.quoteQty, e.quoteQty);
  p = str(d, p, T.aggressor, e.aggressor);
  p = num(d, p, T.makerAccount, e.makerAccount);
  p = num(d, p, T.makerOrder, e.makerOrder);
  p = num(d, p, T.takerAccount, e.takerAccount);
  p = num(d, p, T.takerOrder, e.takerOrder);
  p = num(d, p, T.makerFee, e.makerFee);
  p = num(d, p, T.takerFee, e.takerFee);
  return end(d, p);
}

function cancel(d: DataView, p: number, e: Record<string, unknown>): number {
  p = num(d, p, C.seq, e.seq);
  p = num(d, p, C.t, e.t);
  p = num(d, p, C.order, e.order);
  p = num(d, p, C.account, e.account);
  p = str(d, p, C.symbol, e.symbol);
  p = str(d, p, C.side, e.side);
  p = nnum(d, p, C.price, e.price);
  p = num(d, p, C.qty, e.qty);
  p = str(d, p, C.reason, e.reason);
  return end(d, p);
}

function accepted(d: DataView, p: number, e: Record<string, unknown>): number {
  p = num(d, p, A.seq, e.seq);
  p = num(d, p, A.t, e.t);
  p = num(d, p, A.order, e.order);
  p = num(d, p, A.account, e.account);
  p = str(d, p, A.symbol, e.symbol);
  p = str(d, p, A.side, e.side);
  p = str(d, p, A.kind, e.kind);
  p = str(d, p, A.tif, e.tif);
  p = bool(d, p, A.postOnly, e.postOnly);
  p = nnum(d, p, A.price, e.price);
  p = nnum(d, p, A.qty, e.qty);
  p = nnum(d, p, A.quoteQty, e.quoteQty);
  p = str(d, p, A.stp, e.stp);
  p = nstr(d, p, A.clientOrderId, e.clientOrderId);
  p = str(d, p, A.channel, e.channel);
  p = nnum(d, p, A.key, e.key);
  p = nstr(d, p, A.platform, e.platform);
  p = str(d, p, A.ip, e.ip);
  p = nstr(d, p, A.device, e.device);
  return end(d, p);
}

// Every writer below takes the position to write at and returns the position
// after what it wrote, or -1 if the value cannot take the fast path. A negative
// position passes through untouched, so callers check once per event. Writers
// may store a few bytes past the position they return (a fragment's padded last
// word); the next write overwrites them, and the caller's MAX_FAST_LINE of free
// space keeps them inside the buffer. The field writers (num, nnum, str, nstr,
// bool) write the key and the value in one call: a call costs more than most
// values, and V8 stops inlining after a few dozen call sites per function.

function raw(d: DataView, p: number, f: Fragment): number {
  const w = f.words;
  for (let i = 0; i < w.length; i++) d.setFloat64(p + 8 * i, w[i]!, true);
  return p + f.length;
}

function end(d: DataView, p: number): number {
  if (p < 0) return p;
  d.setUint16(p, 0x0a7d, true); // }\n
  return p + 2;
}

function num(d: DataView, p: number, key: Fragment, x: unknown): number {
  if (p < 0 || typeof x !== 'number') return -1;
  p = raw(d, p, key);
  // The common case: a non-negative integer below 2^31 (-0 too: -0 | 0 is 0, written "0" as JSON does).
  const v = x | 0;
  return v === x && v >= 0 ? digits(d, p, v, 0) : otherNumber(d, p, x);
}

function nnum(d: DataView, p: number, key: Fragment, x: unknown): number {
  if (p < 0 || x !== null) return num(d, p, key, x);
  return raw(d, raw(d, p, key), NULL);
}

function str(d: DataView, p: number, key: Fragment, s: unknown): number {
  if (p < 0 || typeof s !== 'string') return -1;
  return quoted(d, raw(d, p, key), s);
}

function nstr(d: DataView, p: number, key: Fragment, s: unknown): number {
  if (p < 0 || s !== null) return str(d, p, key, s);
  return raw(d, raw(d, p, key), NULL);
}

function bool(d: DataView, p: number, key: Fragment, x: unknown): number {
  if (p < 0 || typeof x !== 'boolean') return -1;
  return raw(d, raw(d, p, key), x ? TRUE : FALSE);
}

/** A string value, quoted: byte by byte while it is printable ASCII without `"` or `\`, else as JSON.stringify writes it. */
function quoted(d: DataView, p: number, s: string): number {
  if (s.length > MAX_FAST_STRING) return -1;
  const start = p;
  d.setUint8(p++, 0x22); // "
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Needs escaping or multi-byte UTF-8: exactly what JSON.stringify does to it.
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return start + bytesOf(d).write(JSON.stringify(s), start, 'utf8');
    d.setUint8(p++, c);
  }
  d.setUint8(p, 0x22);
  return p + 1;
}

/** Numbers outside [0, 2^31): negative, large, fractional or not finite. */
function otherNumber(d: DataView, p: number, x: number): number {
  let n = x;
  // Beyond 1e15 (and for fractions) the digits come from String(n), the conversion JSON uses.
  if (!Number.isSafeInteger(n) || n >= 1e15 || n <= -1e15) {
    if (!Number.isFinite(n)) return -1;
    return p + bytesOf(d).write(String(n), p, 'latin1');
  }
  if (n < 0) {
    d.setUint8(p++, 0x2d); // -
    n = -n;
  }
  if (n < 1e8) return digits(d, p, n | 0, 0);
  // Split at 1e8 so both halves fit int32 arithmetic (a float % is a slow library call).
  let hi = Math.floor(n / 1e8);
  let lo = n - hi * 1e8;
  if (lo < 0) {
    hi -= 1;
    lo += 1e8;
  } else if (lo >= 1e8) {
    hi += 1;
    lo -= 1e8;
  }
  return digits(d, digits(d, p, hi | 0, 0), lo | 0, 8);
}

/** Writes 0 <= v < 2^31 in decimal, zero-padded to at least `width` digits: two digits per division and store. */
function digits(d: DataView, p: number, v: number, width: number): number {
  let n = 1;
  if (v >= 10) n = v >= 100_000 ? (v >= 10_000_000 ? (v >= 1_000_000_000 ? 10 : v >= 100_000_000 ? 9 : 8) : v >= 1_000_000 ? 7 : 6) : v >= 1000 ? (v >= 10_000 ? 5 : 4) : v >= 100 ? 3 : 2;
  if (n < width) n = width;
  const end = p + n;
  let q = end;
  while (v >= 100) {
    const h = (v / 100) | 0;
    q -= 2;
    d.setUint16(q, PAIRS[v - h * 100]!, true);
    v = h;
  }
  if (v >= 10) {
    q -= 2;
    d.setUint16(q, PAIRS[v]!, true);
  } else {
    d.setUint8(--q, 0x30 + v);
  }
  while (q > p) d.setUint8(--q, 0x30); // zero padding
  return end;
}

/** The view's bytes as a Buffer, for the rare values written by Buffer.write. */
function bytesOf(d: DataView): Buffer {
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}
