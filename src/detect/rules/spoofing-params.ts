/**
 * Parameters of spoofing (spoofing.ts, whose header explains what makes an
 * order large, away and short-lived, and the one-sidedness tests they tune):
 * their names, units and defaults, as the zod schema the registry and suites
 * validate them with.
 */
import { z } from 'zod';

export const spoofingParams = z.object({
  /** Window over which one account's qualifying orders are counted (ms). */
  windowMs: z.number().int().positive().default(10 * 60_000),
  /**
   * An order is large when its quantity is at least this share of the visible depth on its side before it,
   * the larger of the depth now and its recent time-weighted average (0..).
   */
  sizeVsDepth: z.number().positive().default(0.5),
  /** Time constant of the average visible depth an order is compared with (ms). */
  depthAverageMs: z.number().int().positive().default(60_000),
  /** Resting orders on a side needed before its depth is trusted (count). */
  minDepthOrders: z.number().int().nonnegative().default(3),
  /** Distance from the last trade price an order must keep, away from the market (bps, 0 = merely not marketable). */
  minAwayBps: z.number().nonnegative().default(0),
  /**
   * A qualifying cancel followed within this long by new orders of the same account on the same side
   * worth at least half its size is a requote (a maker following the market), not a spoof (ms).
   */
  replaceMs: z.number().int().nonnegative().default(2_000),
  /** Cancelled within this long after it was placed (ms). */
  maxLifetimeMs: z.number().int().positive().default(60_000),
  /** Largest filled share of a qualifying order (0..1). */
  maxFillShare: z.number().min(0).max(1).default(0.1),
  /** Qualifying orders on one side within the window that raise an alert (count). */
  minRepeats: z.number().int().positive().default(3),
  /**
   * One-sidedness (0..1): on the other side, the account's qualifying orders, all its cancels (count and
   * lots) may be at most this share of the spoofed side's, and its resting lots at most this share of
   * one spoof order. Makers cancel symmetrically and keep a ladder on both sides.
   */
  maxOtherSideShare: z.number().min(0).max(1).default(0.34),
  /** Largest filled share of all large orders the account placed on the spoofed side within the window (0..1). */
  maxSideFillShare: z.number().min(0).max(1).default(0.2),
  /** Resting orders tracked at most (oldest dropped first). */
  maxOrders: z.number().int().positive().default(200_000),
  /** Accounts with large orders tracked at most (oldest dropped first). */
  maxAccounts: z.number().int().positive().default(20_000),
});
export type SpoofingParams = z.output<typeof spoofingParams>;
