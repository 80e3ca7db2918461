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
 * A property test compares the output with JSON.stringify on random events of
 * every type, odd values included.
 */
import type { MarketEvent } from '../core/index.js';

/** Bytes an event may need on the fast path: ~20 fields, numbers <= 24 bytes, strings <= MAX_FAST_STRING x 6 + 2. */
export const MAX_FAST_LINE = 16 * 1024;
/** Longer strings send the whole event the JSON.stringify way (so MAX_FAST_LINE holds). */
const MAX_FAST_STRING = 256;

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

const TRADE_KEYS = ['seq', 't', 'type', 'trade', 'symbol', 'price', 'qty', 'quoteQty', 'aggressor', 'makerAccount', 'makerOrder', 'takerAccount', 'takerOrder', 'makerFee', 'takerFee'];
const CANCEL_KEYS = ['seq', 't', 'type', 'order', 'account', 'symbol', 'side', 'price', 'qty', 'reason'];
const ACCEPTED_KEYS = ['seq', 't', 'type', 'order', 'account', 'symbol', 'side', 'kind', 'tif', 'postOnly', 'price', 'qty', 'quoteQty', 'stp', 'clientOrderId', 'channel', 'key', 'platform', 'ip', 'device'];

/** `"key":` fragments, the first with `{` and the rest with `,` in front. */
function fragments(keys: readonly string[]): Uint8Array[] {
  return keys.map((k, i) => ascii(`${i === 0 ? '{' : ','}"${k}":`));
}
const TRADE = fragments(TRADE_KEYS);
const CANCEL = fragments(CANCEL_KEYS);
const ACCEPTED = fragments(ACCEPTED_KEYS);
const TRUE = ascii('true');
const FALSE = ascii('false');
const NULL = ascii('null');
const TYPE_TRADE = ascii('"trade"');
const TYPE_CANCEL = ascii('"cancel"');
const TYPE_ACCEPTED = ascii('"order-accepted"');

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
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  /** Set when a value cannot take the fast path; the event is then rewritten by JSON.stringify. */
  private bad = false;

  /**
   * Writes `event` and its newline on the fast path and returns true, or
   * writes nothing and returns false (the caller then writes JSON.stringify(event)).
   */
  fast(event: MarketEvent): boolean {
    const e = event as unknown as Record<string, unknown>;
    const start = this.pos;
    this.bad = false;
    switch (e.type) {
      case 'trade':
        if (!hasKeys(e, TRADE_KEYS)) return false;
        this.trade(e);
        break;
      case 'order-accepted':
        if (!hasKeys(e, ACCEPTED_KEYS)) return false;
        this.accepted(e);
        break;
      case 'cancel':
        if (!hasKeys(e, CANCEL_KEYS)) return false;
        this.cancel(e);
        break;
      default:
        return false;
    }
    if (this.bad) {
      this.pos = start;
      return false;
    }
    this.buf[this.pos++] = 0x7d; // }
    this.buf[this.pos++] = 0x0a; // \n
    return true;
  }

  private trade(e: Record<string, unknown>): void {
    const k = TRADE;
    this.raw(k[0]!); this.num(e.seq);
    this.raw(k[1]!); this.num(e.t);
    this.raw(k[2]!); this.raw(TYPE_TRADE);
    this.raw(k[3]!); this.num(e.trade);
    this.raw(k[4]!); this.str(e.symbol);
    this.raw(k[5]!); this.num(e.price);
    this.raw(k[6]!); this.num(e.qty);
    this.raw(k[7]!); this.num(e.quoteQty);
    this.raw(k[8]!); this.str(e.aggressor);
    this.raw(k[9]!); this.num(e.makerAccount);
    this.raw(k[10]!); this.num(e.makerOrder);
    this.raw(k[11]!); this.num(e.takerAccount);
    this.raw(k[12]!); this.num(e.takerOrder);
    this.raw(k[13]!); this.num(e.makerFee);
    this.raw(k[14]!); this.num(e.takerFee);
  }

  private cancel(e: Record<string, unknown>): void {
    const k = CANCEL;
    this.raw(k[0]!); this.num(e.seq);
    this.raw(k[1]!); this.num(e.t);
    this.raw(k[2]!); this.raw(TYPE_CANCEL);
    this.raw(k[3]!); this.num(e.order);
    this.raw(k[4]!); this.num(e.account);
    this.raw(k[5]!); this.str(e.symbol);
    this.raw(k[6]!); this.str(e.side);
    this.raw(k[7]!); this.nnum(e.price);
    this.raw(k[8]!); this.num(e.qty);
    this.raw(k[9]!); this.str(e.reason);
  }

  private accepted(e: Record<string, unknown>): void {
    const k = ACCEPTED;
    this.raw(k[0]!); this.num(e.seq);
    this.raw(k[1]!); this.num(e.t);
    this.raw(k[2]!); this.raw(TYPE_ACCEPTED);
    this.raw(k[3]!); this.num(e.order);
    this.raw(k[4]!); this.num(e.account);
    this.raw(k[5]!); this.str(e.symbol);
    this.raw(k[6]!); this.str(e.side);
    this.raw(k[7]!); this.str(e.kind);
    this.raw(k[8]!); this.str(e.tif);
    this.raw(k[9]!); this.bool(e.postOnly);
    this.raw(k[10]!); this.nnum(e.price);
    this.raw(k[11]!); this.nnum(e.qty);
    this.raw(k[12]!); this.nnum(e.quoteQty);
    this.raw(k[13]!); this.str(e.stp);
    this.raw(k[14]!); this.nstr(e.clientOrderId);
    this.raw(k[15]!); this.str(e.channel);
    this.raw(k[16]!); this.nnum(e.key);
    this.raw(k[17]!); this.nstr(e.platform);
    this.raw(k[18]!); this.str(e.ip);
    this.raw(k[19]!); this.nstr(e.device);
  }

  private raw(bytes: Uint8Array): void {
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < bytes.length; i++) buf[p++] = bytes[i]!;
    this.pos = p;
  }

  private num(x: unknown): void {
    if (typeof x !== 'number') {
      this.bad = true;
      return;
    }
    let n = x;
    // Beyond 1e15 (and for fractions) the digits come from String(n), the conversion JSON uses.
    if (!Number.isSafeInteger(n) || n >= 1e15 || n <= -1e15) {
      if (!Number.isFinite(n)) this.bad = true;
      else this.pos += this.buf.write(String(n), this.pos, 'latin1');
      return;
    }
    if (n < 0) {
      this.buf[this.pos++] = 0x2d; // -
      n = -n;
    }
    // Integer digits in int32 arithmetic (a float % is a slow library call):
    // split at 1e8 so both halves fit; -0 falls into the `n < 1e8` branch as 0.
    if (n < 1e8) {
      this.small(n | 0, 0);
      return;
    }
    let hi = Math.floor(n / 1e8);
    let lo = n - hi * 1e8;
    if (lo < 0) {
      hi -= 1;
      lo += 1e8;
    } else if (lo >= 1e8) {
      hi += 1;
      lo -= 1e8;
    }
    this.small(hi | 0, 0);
    this.small(lo | 0, 8);
  }

  /** Writes 0 <= v < 1e8 in decimal, zero-padded to at least `width` digits. */
  private small(v: number, width: number): void {
    let digits = 1;
    if (v >= 10) digits = v >= 10_000 ? (v >= 1_000_000 ? (v >= 10_000_000 ? 8 : 7) : v >= 100_000 ? 6 : 5) : v >= 1000 ? 4 : v >= 100 ? 3 : 2;
    if (digits < width) digits = width;
    const buf = this.buf;
    const end = this.pos + digits;
    for (let p = end - 1; p >= this.pos; p--) {
      const q = (v / 10) | 0;
      buf[p] = 0x30 + v - q * 10;
      v = q;
    }
    this.pos = end;
  }

  private nnum(n: unknown): void {
    if (n === null) this.raw(NULL);
    else this.num(n);
  }

  private bool(b: unknown): void {
    if (b === true) this.raw(TRUE);
    else if (b === false) this.raw(FALSE);
    else this.bad = true;
  }

  private str(s: unknown): void {
    if (typeof s !== 'string' || s.length > MAX_FAST_STRING) {
      this.bad = true;
      return;
    }
    const buf = this.buf;
    const start = this.pos;
    let p = start;
    buf[p++] = 0x22; // "
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) {
        // Needs escaping or multi-byte UTF-8: exactly what JSON.stringify does to it.
        this.pos = start + buf.write(JSON.stringify(s), start, 'utf8');
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }

  private nstr(s: unknown): void {
    if (s === null) this.raw(NULL);
    else this.str(s);
  }
}
