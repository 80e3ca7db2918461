/**
 * Parameters of account-takeover (account-takeover.ts, whose header explains
 * the indicators and gates they tune): their names, units and defaults, as the
 * zod schema the registry and suites validate them with.
 */
import { z } from 'zod';

const HOUR = 3_600_000;

export const accountTakeoverParams = z.object({
  /** A key (or account) unused this long is dormant, ms. */
  dormantMs: z.number().positive().default(24 * HOUR),
  /** Alert when the score reaches this, 0..1. */
  minScore: z.number().min(0).max(1).default(0.5),
  /** Access-anomaly strength (0..1) that, with strong behaviour, allows an alert (a new IP alone, 0.35, does not). */
  minAccess: z.number().min(0).max(1).default(0.4),
  /** Access strength (0..1) so high that a buy of a never-traded symbol suffices as behaviour. */
  highAccess: z.number().min(0).max(1).default(0.75),
  /** Strong-behaviour strength (liquidation, premium, spend; 0..1) every other alert needs. */
  minBehaviour: z.number().min(0).max(1).default(0.2),
  /** Strong-behaviour strength (0..1) that, with a liquidation, allows an alert without any access anomaly. */
  behaviourAlone: z.number().min(0).max(1).default(0.5),
  /** Share of a holding sold (0..1) that counts it as liquidated. */
  liquidationFraction: z.number().min(0).max(1).default(0.8),
  /** Orders this long after a dormant key or account woke up still carry the dormancy, ms. */
  wakeWindowMs: z.number().positive().default(30 * 60_000),
  /** Sells this long before a buy count towards a liquidation, ms. */
  liquidationWindowMs: z.number().positive().default(30 * 60_000),
  /** A limit buy this far above the reference price (ratio, 0.5 = +50%) is price-insensitive. */
  farLimitPremium: z.number().positive().default(0.5),
  /** Fill premium over the pre-burst price (ratio) that makes price insensitivity full strength. */
  fullPremium: z.number().positive().default(3),
  /** A sell filled this far below the reference (ratio, 0.2 = -20%) is a dump. */
  dumpDiscount: z.number().positive().default(0.2),
  /** A deposit of the quote coin this recent lowers the score, ms. */
  depositWindowMs: z.number().nonnegative().default(6 * HOUR),
  /** Factor applied to the score after such a deposit, 0..1. */
  depositFactor: z.number().min(0).max(1).default(0.5),
  /** Actions (orders, logins) an account needs before IP/device novelty counts. */
  minBaseline: z.number().int().nonnegative().default(2),
  /** A device used on at least this many accounts is shared (linkage). */
  sharedDeviceAccounts: z.number().int().min(2).default(3),
  /** Evidence sequence numbers kept per alert. */
  maxEvidence: z.number().int().positive().default(20),
  /** Profiles of accounts untouched this long are forgotten (bounds memory), ms. */
  retentionMs: z.number().positive().default(90 * 86_400_000),
});
export type AccountTakeoverParams = z.output<typeof accountTakeoverParams>;
