/**
 * Scoring one rule configuration's alerts on the real pump data, case by case
 * (a case is one file: a pump event window, a negatives file, a long window).
 * Conventions, all in one place:
 *
 * - **Alert episodes.** A rule raises a first alert and maybe escalations; an
 *   alert within `EPISODE_GAP_MS` of the previous one continues its episode.
 *   A false alarm is an episode, so an escalating alert counts once.
 * - **Hit window** of a pump announced at T: [T − 60 s, T + 30 min], both ends
 *   included. The admins may start up to 2 min early (La Morgia labels);
 *   60 s before is the most we credit without knowing the announcement.
 *   Delay = first alert in the window − T (negative when before T).
 * - **Price at the alert** over the peak: last trade price at the alert over
 *   the highest trade price in [T, T + 30 min]: how much of the rise was
 *   still ahead when the alert came (1.0 = at the top).
 * - **Hours before a pump** (in the event files, which start at T − 6 h): false
 *   alarms are episodes starting in [first trade + 1 h, T − 5 min): the file
 *   starts cold, while at an exchange the rules would have the hour of
 *   history their baselines hold (default warm-up is 10 min, so alarms in
 *   the first hour would be artefacts of the cut); the last
 *   5 min before T may hold the organisers' own pre-pump, so alerts in
 *   [T − 5 min, T − 60 s) are counted apart as "early", neither hit nor false.
 * - **Negatives** (ordinary trading 12 → 1 days before a pump): every episode
 *   is a false alarm; its exposure is the file's market-days (negatives.csv).
 *   An episode is "screened" when it starts in [onset − 5 min, peak + 15 min]
 *   of a move of negatives_spike_screen.csv (a heuristic list of spikes, not
 *   labels: some look like unlisted pumps).
 * - **Long windows** (whole source files of several days): episodes starting in
 *   [P − 5 min, P + 2 h) of a known pump P of the coin are hits, not false
 *   alarms; that time, and the cold first hour, are taken out of the exposure.
 *   (The negatives files start cold too; their first hours are counted: about
 *   7 of 1,812 market-days.)
 */
import type { TradeTape } from '../core/index.js';
import type { TapeAlert } from './tape-replay.js';

export const EPISODE_GAP_MS = 5 * 60_000;
export const HIT_BEFORE_MS = 60_000;
export const HIT_AFTER_MS = 30 * 60_000;
export const PRE_SKIP_MS = 60 * 60_000;
export const PRE_GUARD_MS = 5 * 60_000;
export const SPIKE_BEFORE_MS = 5 * 60_000;
export const SPIKE_AFTER_PEAK_MS = 15 * 60_000;
export const LONG_ZONE_BEFORE_MS = 5 * 60_000;
export const LONG_ZONE_AFTER_MS = 2 * 3_600_000;
const DAY_MS = 86_400_000;

export interface PumpEventCase {
  /** Event file, e.g. `events/ADXBTC_20190705T1700Z.csv.gz`. */
  id: string;
  coin: string;
  /** Announcement, unix ms. */
  announcedMs: number;
  /** events.csv `visible_pump_at_announce`. */
  visible: boolean;
  tape: TradeTape;
}

export interface Spike {
  onsetMs: number;
  peakMs: number;
}

export interface NegativeCase {
  id: string;
  coin: string;
  marketDays: number;
  tape: TradeTape;
  spikes: readonly Spike[];
}

export interface LongWindowCase {
  id: string;
  coin: string;
  tape: TradeTape;
  /** Known pumps of the coin inside the file (listed, and any unlisted one documented), unix ms. */
  pumpsMs: readonly number[];
}

/** A false alarm, for listing. */
export interface FalseAlarm {
  case: string;
  coin: string;
  unixMs: number;
  score: number;
  screened: boolean;
  explanation: string;
}

export interface EventScore {
  id: string;
  coin: string;
  visible: boolean;
  announcedMs: number;
  detected: boolean;
  delayMs: number | null;
  priceOverPeak: number | null;
  /** Episodes before the pump (false alarms) and the exposure they were counted on, ms. */
  preAlarms: FalseAlarm[];
  preExposureMs: number;
  /** Episodes in [T − 5 min, T − 60 s). */
  early: number;
}

export interface NegativeScore {
  id: string;
  coin: string;
  marketDays: number;
  alarms: FalseAlarm[];
}

export interface LongWindowScore {
  id: string;
  coin: string;
  alarms: FalseAlarm[];
  exposureDays: number;
  /** Per known pump: the first episode's delay from P, ms, or null when missed. */
  pumps: { unixMs: number; delayMs: number | null }[];
}

/** The first alert of every episode (alerts sorted by time). */
export function episodeStarts(alerts: readonly TapeAlert[], gapMs = EPISODE_GAP_MS): TapeAlert[] {
  const out: TapeAlert[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const a of alerts) {
    if (a.unixMs - last > gapMs) out.push(a);
    last = a.unixMs;
  }
  return out;
}

/** Index of the last trade at or before `unixMs`, -1 when none. */
function lastIndexAtOrBefore(tape: TradeTape, unixMs: number): number {
  let lo = 0;
  let hi = tape.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tape.t[mid]! <= unixMs) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** Highest price of trades in [from, to], 0 when none. */
export function highIn(tape: TradeTape, from: number, to: number): number {
  let h = 0;
  for (let i = lastIndexAtOrBefore(tape, from - 1) + 1; i < tape.length && tape.t[i]! <= to; i++) if (tape.price[i]! > h) h = tape.price[i]!;
  return h;
}

const alarm = (c: { id: string; coin: string }, a: TapeAlert, screened: boolean): FalseAlarm => ({
  case: c.id,
  coin: c.coin,
  unixMs: a.unixMs,
  score: a.score,
  screened,
  explanation: a.explanation,
});

/** Scores one pump event file (conventions in the file header). */
export function scoreEvent(c: PumpEventCase, alerts: readonly TapeAlert[]): EventScore {
  const T = c.announcedMs;
  const eps = episodeStarts(alerts);
  // Hits use every alert, not only episode starts: an episode that began early may continue into the window.
  const hit = alerts.find((a) => a.unixMs >= T - HIT_BEFORE_MS && a.unixMs <= T + HIT_AFTER_MS);
  let priceOverPeak: number | null = null;
  if (hit !== undefined) {
    const peak = highIn(c.tape, T, T + HIT_AFTER_MS);
    const at = c.tape.price[hit.index]!;
    priceOverPeak = peak > 0 ? at / peak : null;
  }
  const start = c.tape.length > 0 ? c.tape.t[0]! + PRE_SKIP_MS : T;
  const preEnd = T - PRE_GUARD_MS;
  return {
    id: c.id,
    coin: c.coin,
    visible: c.visible,
    announcedMs: T,
    detected: hit !== undefined,
    delayMs: hit === undefined ? null : hit.unixMs - T,
    priceOverPeak,
    preAlarms: eps.filter((a) => a.unixMs >= start && a.unixMs < preEnd).map((a) => alarm(c, a, false)),
    preExposureMs: Math.max(0, preEnd - start),
    early: eps.filter((a) => a.unixMs >= preEnd && a.unixMs < T - HIT_BEFORE_MS).length,
  };
}

/** True when t falls in a screened spike's span. */
export function inScreenedSpike(spikes: readonly Spike[], t: number): boolean {
  return spikes.some((s) => t >= s.onsetMs - SPIKE_BEFORE_MS && t <= s.peakMs + SPIKE_AFTER_PEAK_MS);
}

/** Scores one negatives file: every episode is a false alarm. */
export function scoreNegative(c: NegativeCase, alerts: readonly TapeAlert[]): NegativeScore {
  return {
    id: c.id,
    coin: c.coin,
    marketDays: c.marketDays,
    alarms: episodeStarts(alerts).map((a) => alarm(c, a, inScreenedSpike(c.spikes, a.unixMs))),
  };
}

/** Scores one long window: episodes near known pumps are hits, the rest false alarms. */
export function scoreLongWindow(c: LongWindowCase, alerts: readonly TapeAlert[]): LongWindowScore {
  const eps = episodeStarts(alerts);
  const inZone = (t: number) => c.pumpsMs.some((p) => t >= p - LONG_ZONE_BEFORE_MS && t < p + LONG_ZONE_AFTER_MS);
  const first = c.tape.length > 0 ? c.tape.t[0]! : 0;
  const last = c.tape.length > 0 ? c.tape.t[c.tape.length - 1]! : 0;
  let zoneMs = 0;
  for (const p of c.pumpsMs) zoneMs += Math.max(0, Math.min(last, p + LONG_ZONE_AFTER_MS) - Math.max(first, p - LONG_ZONE_BEFORE_MS));
  return {
    id: c.id,
    coin: c.coin,
    alarms: eps.filter((a) => a.unixMs >= first + PRE_SKIP_MS && !inZone(a.unixMs)).map((a) => alarm(c, a, false)),
    exposureDays: Math.max(0, last - first - PRE_SKIP_MS - zoneMs) / DAY_MS,
    pumps: c.pumpsMs.map((p) => {
      const a = alerts.find((x) => x.unixMs >= p - LONG_ZONE_BEFORE_MS && x.unixMs < p + LONG_ZONE_AFTER_MS);
      return { unixMs: p, delayMs: a === undefined ? null : a.unixMs - p };
    }),
  };
}
