/**
 * Durations as people write them in configuration files (scenarios, suites,
 * response policies): `500ms`, `90s`, `15m`, `2h`, `1h30m`, `3d`. Lives in core
 * so every folder that reads configuration parses durations the same way
 * without importing scenario/.
 */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;

/**
 * A duration as text: whole numbers with units, largest unit first, each unit at
 * most once, no spaces: `500ms`, `90s`, `15m`, `2h`, `3d`, `1h30m`, `1d12h`.
 * ECMAScript syntax, as JSON Schema `pattern` requires.
 */
export const DURATION_PATTERN = '^(?=\\d)(?:\\d+d)?(?:\\d+h)?(?:\\d+m(?!s))?(?:\\d+s)?(?:\\d+ms)?$';
export const DURATION_RE = new RegExp(DURATION_PATTERN);
const DURATION_PART = /(\d+)(ms|d|h|m|s)/g;
export const DURATION_HINT = 'use e.g. 500ms, 90s, 15m, 2h, 3d';

/**
 * Milliseconds in a duration text (see {@link DURATION_PATTERN}), or `undefined`
 * when the text is not a duration or the total exceeds 2^53 - 1 ms.
 */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_RE.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(DURATION_PART)) total += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return Number.isSafeInteger(total) ? total : undefined;
}

/**
 * The shortest duration text for `ms` (largest units first): `5400000` → `"1h30m"`,
 * `1500` → `"1s500ms"`, `0` → `"0s"`. Inverse of {@link parseDuration}.
 *
 * @throws RangeError unless `ms` is a non-negative safe integer
 */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`duration must be a non-negative safe integer of ms, got ${ms}`);
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}
