/**
 * Number formatting with fixed rules, so a report is a pure function of the
 * results (no locale, no clock). Missing values (null) print as an en dash.
 *
 * - rate (a share in [0, 1]): whole percent; one decimal when the whole
 *   percent would round to 0 or 100 without being 0 or 100 (0.4%, 99.6%).
 * - percentage points (a delta of rates): one decimal, signed.
 * - number: integers as is; else 3 significant digits, at most 2 decimals,
 *   trailing zeros dropped.
 * - duration (ms): ms under 1 s, seconds (1 decimal) under 1 min, minutes
 *   (1 decimal) under 1 h, else hours (1 decimal).
 * - score / AUC: 3 decimals.
 * - price: integer ticks times the decimal tick size, exact (no float).
 */

export const DASH = '–';

function clean(s: string): string {
  // -0.0 and friends print as 0; a negative number gets a real minus sign.
  if (/^-0(\.0*)?$/.test(s)) return s.slice(1);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

export function fmtRate(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  const p = x * 100;
  const whole = Math.round(p);
  if ((whole === 0 && p > 0) || (whole === 100 && p < 100)) return `${clean(p.toFixed(1))}%`;
  return `${clean(whole.toFixed(0))}%`;
}

export function fmtNumber(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return clean(trimZeros(a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(2)));
}

const trimZeros = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);

export function fmtSigned(x: number, body: (v: number) => string): string {
  const s = body(Math.abs(x));
  return x > 0 ? `+${s}` : x < 0 ? `−${s}` : s;
}

export function fmtPoints(delta: number | null): string {
  if (delta === null || !Number.isFinite(delta)) return DASH;
  return `${fmtSigned(delta * 100, (v) => clean(v.toFixed(1)))} pp`;
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  const a = Math.abs(ms);
  const sign = ms < 0 ? '−' : '';
  if (a < 1000) return `${sign}${a.toFixed(0)} ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(1)} s`;
  if (a < 3_600_000) return `${sign}${(a / 60_000).toFixed(1)} min`;
  return `${sign}${(a / 3_600_000).toFixed(1)} h`;
}

export function fmtScore(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return DASH;
  return clean(x.toFixed(3));
}

/** `[low–high]` with the value's own formatter; empty when either end is missing. */
export function fmtInterval(low: number | null, high: number | null, f: (x: number) => string): string {
  if (low === null || high === null) return '';
  return `[${f(low)}–${f(high)}]`;
}

/** Sim time as an offset from a reference, e.g. `+1:05` (h:mm) or `−0:30`. */
export function fmtClock(ms: number, from: number): string {
  const d = ms - from;
  const minutes = Math.floor(Math.abs(d) / 60_000);
  const text = `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
  return d < 0 ? `−${text}` : d > 0 ? `+${text}` : '0:00';
}

/**
 * `ticks × tickSize` as a decimal string, exactly (tick size like "0.00000001").
 * Trailing zeros are kept up to the tick size's decimals so a column lines up.
 */
export function ticksToPrice(ticks: number, tickSize: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(tickSize.trim());
  if (m === null || !Number.isSafeInteger(ticks)) return String(ticks * Number(tickSize));
  const decimals = (m[2] ?? '').length;
  const mantissa = BigInt(`${m[1]}${m[2] ?? ''}`);
  const v = BigInt(ticks) * mantissa;
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(decimals + 1, '0');
  const int = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  return `${neg ? '-' : ''}${int}${decimals > 0 ? `.${frac}` : ''}`;
}

/** A price for an axis label: significant digits only (the exact value lives in titles). */
export function fmtPriceShort(ticks: number, tickSize: string): string {
  const v = Number(ticksToPrice(ticks, tickSize));
  if (v === 0) return '0';
  const a = Math.abs(v);
  const digits = a >= 1 ? 4 : Math.min(12, Math.ceil(-Math.log10(a)) + 3);
  return clean(a >= 1000 ? v.toFixed(0) : v.toFixed(a >= 1 ? 3 : digits)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/**
 * An amount in integer units of a quote asset (e.g. satoshi) as a decimal of
 * the asset: two decimals from 1 up (`36.16 BTC`), three significant digits
 * below (`0.0123 BTC`), never more decimals than the asset has. Means of
 * integer amounts need not be integers, hence the number type.
 */
export function fmtQuote(units: number | null | undefined, decimals: number, asset = ''): string {
  if (units === null || units === undefined || !Number.isFinite(units)) return DASH;
  const v = units / 10 ** decimals;
  const a = Math.abs(v);
  let s: string;
  if (a === 0) s = '0';
  else if (a >= 1 || decimals <= 2) s = v.toFixed(Math.min(2, Math.max(0, decimals)));
  else s = trimZeros(v.toFixed(Math.min(decimals, Math.ceil(-Math.log10(a)) + 2)));
  if (Number(s) === 0) s = '0';
  s = clean(s);
  return asset === '' ? s : `${s} ${asset}`;
}

/** Hours, e.g. `5.8 h` (numbers as {@link fmtNumber}). */
export function fmtHours(x: number | null | undefined): string {
  const s = fmtNumber(x);
  return s === DASH ? s : `${s} h`;
}
