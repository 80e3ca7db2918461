/**
 * Parameters of coordinated-burst (coordinated-burst.ts, whose header explains
 * the grouping, the unusualness and the score they tune): their names, units
 * and defaults, as the zod schema the registry and suites validate them with.
 */
import { z } from 'zod';

export const coordinatedBurstParams = z.object({
  /** Orders of one group count together within this window, ms. */
  windowMs: z.number().positive().default(60_000),
  /** Distinct accounts a group needs in the window. */
  minAccounts: z.number().int().min(2).default(4),
  /** Unusual accounts a group needs in the window. */
  minUnusual: z.number().int().min(1).default(3),
  /** Share (0..1) of the group's accounts that must be unusual. */
  minUnusualShare: z.number().min(0).max(1).default(0.4),
  /** Unusualness (0..1) from which an account counts as unusual. */
  unusualAt: z.number().min(0).max(1).default(0.5),
  /** Alert when the score reaches this, 0..1. */
  minScore: z.number().min(0).max(1).default(0.25),
  /** A key or account silent this long is dormant, ms. */
  dormantMs: z.number().positive().default(24 * 3_600_000),
  /** Orders this long after a dormant key woke up still count as dormant, ms. */
  wakeWindowMs: z.number().positive().default(30 * 60_000),
  /** An account's past burst in the same group is remembered this long, ms. */
  familiarMs: z.number().positive().default(30 * 86_400_000),
  /** Bursts of one group closer than this are one episode (not "familiar"), ms. */
  episodeGapMs: z.number().positive().default(10 * 60_000),
  /** Share (0..1) by which familiarity lowers an account's unusualness. */
  familiarDiscount: z.number().min(0).max(1).default(0.6),
  /** Orders kept per group window (older ones drop out early when exceeded). */
  maxMembers: z.number().int().positive().default(512),
  /** Accounts named per alert (the first to join). */
  maxNamed: z.number().int().positive().default(50),
  /** Evidence sequence numbers kept per alert. */
  maxEvidence: z.number().int().positive().default(20),
  /** A group alerts again at once (new subject) when its named accounts grew by this factor. */
  regrowth: z.number().min(1).default(2),
  /** A group that gained accounts alerts again (new roster) after this long, ms. */
  updateMs: z.number().positive().default(60_000),
  /** A group alerts again about the same accounts after this long, ms. */
  repeatMs: z.number().positive().default(5 * 60_000),
  /** Profiles of accounts untouched this long are forgotten (bounds memory), ms. */
  retentionMs: z.number().positive().default(90 * 86_400_000),
  /** Group orders by platform. */
  byPlatform: z.boolean().default(true),
  /** Group orders by IP network (/24, /48). */
  byNetwork: z.boolean().default(true),
  /** Group orders by device fingerprint. */
  byDevice: z.boolean().default(true),
});
export type CoordinatedBurstParams = z.output<typeof coordinatedBurstParams>;
