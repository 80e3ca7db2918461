/**
 * Parameters of deposit-linkage (deposit-linkage.ts, whose header explains the
 * two alert moments they tune): their names, units and defaults, as the zod
 * schema the registry and suites validate them with.
 */
import { z } from 'zod';

export const depositLinkageParams = z.object({
  /** How long a coin deposit stays "recent" (ms): sales of that coin within it are examined. */
  depositLookbackMs: z.number().int().positive().default(24 * 3_600_000),
  /**
   * A sell limit placed at this multiple or more of the market (the larger of the last trade
   * and the slow reference price) when it was accepted is a pre-positioned premium ask (x, > 1).
   */
  placementPremium: z.number().gt(1).default(1.3),
  /** A fill at this multiple or more of the slow pre-spike reference price sold into a spike (x, > 1). */
  fillPremium: z.number().gt(1).default(2),
  /** Premium (x) at which the premium evidence counts in full; it grows with log(premium) below it. */
  fullPremium: z.number().gt(1).default(3),
  /** Half-life of the slow reference price, a time-weighted EWMA of log trade prices (ms). */
  referenceHalfLifeMs: z.number().int().positive().default(30 * 60_000),
  /** A withdrawal of the quote asset requested within this long after a premium sale escalates (ms). */
  withdrawWithinMs: z.number().int().positive().default(60 * 60_000),
  /**
   * An account that posted a resting buy limit (GTC) on the symbol within this long before a fill
   * quotes both sides like a market maker: its fills count as premium only through placement (ms).
   */
  twoSidedMs: z.number().int().positive().default(60 * 60_000),
  /** An unlinked seller whose only premium is a spike fill is alerted when it withdraws within this long (ms). */
  quickWithdrawMs: z.number().int().positive().default(10 * 60_000),
  /** Alerts below this score are not raised (0..1). */
  minScore: z.number().min(0).max(1).default(0.3),
  /** Fills of the sale at which the "sold repeatedly into the spike" evidence is full (count). */
  fullFills: z.number().int().positive().default(10),
  /** Linked accounts (sharing a coin deposit address, withdrawal address or device) at which the linkage evidence is full. */
  fullLinked: z.number().int().positive().default(3),
  /** An address or device seen on more accounts than this is shared infrastructure (a custodial hot wallet), not a link. */
  maxPerLink: z.number().int().positive().default(64),
  /** Raise again for an account only when its score rose by at least this much (0..1). */
  escalation: z.number().min(0).max(1).default(0.1),
  /** Accounts named in one alert at most (the triggering account first, then linked ones). */
  maxNamed: z.number().int().positive().default(50),
  /** Accounts with a recent coin deposit kept at most (oldest dropped first). */
  maxAccounts: z.number().int().positive().default(50_000),
  /** Premium sell orders remembered at most (oldest dropped first). */
  maxOrders: z.number().int().positive().default(20_000),
});
export type DepositLinkageParams = z.output<typeof depositLinkageParams>;
