/**
 * Reader of the standard benchmark order flow (`op,id,side,price,qty`, see
 * ../shared/bench/README.md), plain or gzip. It parses the whole file into
 * typed arrays before any timing starts, so a benchmark measures the book and
 * not the parser. Prices become integer ticks exactly (no float rounding):
 * "99.92" with 2 price decimals is 9992.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { BUY, FLOW_ADD, FLOW_CANCEL, FLOW_MARKET, SELL, type Flow } from '../book/index.js';

export class FlowFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(`${file}:${line}:${column}  ${message}`);
    this.name = 'FlowFormatError';
  }
}

const COMMA = 44;
const NL = 10;
const CR = 13;
const DOT = 46;

/** Reads a flow file. `priceDecimals` is the number of decimals of the tick (2 for 0.01). */
export function readFlow(path: string, priceDecimals = 2): Flow {
  let bytes: Uint8Array = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return parseFlow(bytes, path, priceDecimals);
}

export function parseFlow(bytes: Uint8Array, file: string, priceDecimals = 2): Flow {
  let rows = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === NL) rows++;
  const cap = rows + 1;
  const flow: Flow = {
    length: 0,
    op: new Uint8Array(cap),
    id: new Float64Array(cap),
    side: new Uint8Array(cap),
    price: new Float64Array(cap),
    qty: new Float64Array(cap),
  };
  let pos = 0;
  let line = 0;
  const fail = (col: number, msg: string): never => {
    throw new FlowFormatError(file, line, col, msg);
  };
  // Header.
  line = 1;
  const headerEnd = indexOfByte(bytes, NL, 0);
  const header = Buffer.from(bytes.subarray(0, headerEnd < 0 ? bytes.length : headerEnd)).toString().trim();
  if (header !== 'op,id,side,price,qty') fail(1, `expected header "op,id,side,price,qty", got "${header}"`);
  pos = headerEnd < 0 ? bytes.length : headerEnd + 1;
  let n = 0;
  while (pos < bytes.length) {
    line++;
    const lineStart = pos;
    let end = indexOfByte(bytes, NL, pos);
    if (end < 0) end = bytes.length;
    let stop = end;
    if (stop > pos && bytes[stop - 1] === CR) stop--;
    if (stop === pos) {
      pos = end + 1;
      continue; // blank line (e.g. trailing newline)
    }
    // Split into 5 fields.
    const starts = [pos, 0, 0, 0, 0];
    const ends = [0, 0, 0, 0, 0];
    let f = 0;
    for (let i = pos; i < stop; i++) {
      if (bytes[i] === COMMA) {
        ends[f] = i;
        f++;
        if (f > 4) fail(i - lineStart + 1, 'more than 5 fields');
        starts[f] = i + 1;
      }
    }
    if (f !== 4) fail(stop - lineStart + 1, `expected 5 fields, got ${f + 1}`);
    ends[4] = stop;
    const col = (k: number) => starts[k]! - lineStart + 1;
    const opByte = ends[0]! - starts[0]! === 1 ? bytes[starts[0]!] : 0;
    const id = parseUint(bytes, starts[1]!, ends[1]!);
    if (id < 0) fail(col(1), 'id must be a positive integer');
    flow.id[n] = id;
    if (opByte === 67 /* C */) {
      flow.op[n] = FLOW_CANCEL;
    } else if (opByte === 65 /* A */ || opByte === 77 /* M */) {
      flow.op[n] = opByte === 65 ? FLOW_ADD : FLOW_MARKET;
      const sb = ends[2]! - starts[2]! === 1 ? bytes[starts[2]!] : 0;
      if (sb === 66) flow.side[n] = BUY;
      else if (sb === 83) flow.side[n] = SELL;
      else fail(col(2), 'side must be B or S');
      const q = parseUint(bytes, starts[4]!, ends[4]!);
      if (q <= 0) fail(col(4), 'qty must be a positive integer');
      flow.qty[n] = q;
      if (opByte === 65) {
        const p = parseTicks(bytes, starts[3]!, ends[3]!, priceDecimals);
        if (p <= 0) fail(col(3), `price must be a positive decimal with at most ${priceDecimals} decimals`);
        flow.price[n] = p;
      }
    } else fail(col(0), 'op must be A, C or M');
    n++;
    pos = end + 1;
  }
  flow.length = n;
  return flow;
}

function indexOfByte(bytes: Uint8Array, b: number, from: number): number {
  return bytes.indexOf(b, from);
}

/** Digits only; -1 when empty, not digits, or not a safe integer. */
function parseUint(bytes: Uint8Array, from: number, to: number): number {
  if (from >= to) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return Number.isSafeInteger(v) ? v : -1;
}

/** "99.92" -> 9992 for 2 decimals, exactly; -1 when malformed or with too many decimals. */
function parseTicks(bytes: Uint8Array, from: number, to: number, decimals: number): number {
  if (from >= to) return -1;
  let v = 0;
  let frac = -1;
  for (let i = from; i < to; i++) {
    const c = bytes[i]!;
    if (c === DOT) {
      if (frac >= 0) return -1;
      frac = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
    if (frac >= 0) frac++;
  }
  if (frac > decimals) return -1;
  for (let k = frac < 0 ? 0 : frac; k < decimals; k++) v *= 10;
  return Number.isSafeInteger(v) ? v : -1;
}
