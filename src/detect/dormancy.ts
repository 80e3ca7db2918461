/**
 * How unusual a silence is: dormancy of an API key or an account at the
 * moment it is used again, from the activity recorded in account profiles.
 */
import type { AccountProfiles } from './account-profile.js';
import type { AccountRecord } from './account-record.js';
import { clamp01 } from './alert.js';

/**
 * How unusual a silence is, 0..1: long against the dormancy threshold, and long against the usual
 * spacing of the activity (`typical`, ms; 0 when unknown): a key used every day is not dormant after
 * 30 h, one never silent for more than an hour is.
 */
export function dormancy(gap: number, dormantMs: number, typical: number): number {
  if (gap < dormantMs) return 0;
  const base = Math.min(1, 0.6 + 0.2 * Math.log2(gap / dormantMs));
  const rarity = typical > 0 ? clamp01((gap / typical - 2) / 4) : 1;
  return base * rarity;
}

/**
 * Dormancy of an API key at an order placed at `t` (read before the order is observed), 0..1:
 * 1 for a first use (now, or at the start of the current run of use no more than `wakeWindowMs`
 * ago) at least `dormantMs` after creation; otherwise {@link dormancy} of the silence that ends now
 * or that ended at the start of the current run. A key never seen (no creation event, no use) scores
 * 0.7 once the memory reaches back `dormantMs`.
 */
export function keyDormancy(profiles: AccountProfiles, r: AccountRecord | undefined, key: number, t: number, dormantMs: number, wakeWindowMs: number): number {
  const k = r?.key(key);
  if (k === undefined) return profiles.memoryStart >= 0 && t - profiles.memoryStart >= dormantMs ? 0.7 : 0;
  const run = profiles.opts.runGapMs;
  const inRun = k.uses > 0 && t - k.lastUsed <= run && t - k.runStart <= wakeWindowMs;
  if (k.uses === 0 || (inRun && k.runUsesBefore === 0)) {
    const first = k.uses === 0 ? t : k.runStart;
    const age = k.createdAt >= 0 ? first - k.createdAt : profiles.memoryStart >= 0 ? first - profiles.memoryStart : 0;
    return age >= dormantMs ? 1 : 0;
  }
  const start = k.createdAt >= 0 ? k.createdAt : k.firstUsed;
  const plus = k.createdAt >= 0 ? 1 : 0;
  if (inRun) return dormancy(k.runGap, dormantMs, (k.runStart - start) / (k.runUsesBefore + plus));
  return dormancy(t - k.lastUsed, dormantMs, (t - start) / (k.uses + plus));
}

/** Dormancy of the account itself at `t` (same conventions as {@link keyDormancy}); 0 without history. */
export function accountDormancy(profiles: AccountProfiles, r: AccountRecord | undefined, t: number, dormantMs: number, wakeWindowMs: number): number {
  if (r === undefined || r.lastActive < 0) return 0;
  if (t - r.lastActive > profiles.opts.runGapMs || t - r.runStart > wakeWindowMs || r.runGap < 0)
    return dormancy(t - r.lastActive, dormantMs, (t - r.firstSeen) / (r.actions + 1));
  return dormancy(r.runGap, dormantMs, (r.runStart - r.firstSeen) / (r.runActionsBefore + 1));
}
