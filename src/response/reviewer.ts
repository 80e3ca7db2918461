/**
 * The simulated reviewer: a human who, some time after an account was
 * restricted, investigates and decides to lift or keep (the complaint-and-
 * reversal path of December 2022).
 *
 * This is the ONLY part of response/ that may look at the ground truth, and
 * only through the role oracle it is given: it models a person who
 * investigates (calls the customer, reads the logs) and so, most of the time,
 * finds out who the account belongs to. The engine never sees roles; it sees
 * a verdict.
 */
import { type Role, streamFor } from '../core/index.js';

/** What the reviewer decides for one account in one case. */
export interface Verdict {
  /** Lift the account restrictions the policy set (release the funds). */
  liftAccount: boolean;
  /** Restore the API keys the policy revoked. */
  restoreKeys: boolean;
  /** Whether the decision was the right one for the account's role (for reports). */
  correct: boolean;
}

export interface Reviewer {
  review(account: number, caseId: string): Verdict;
}

/** Right decisions by role: attackers stay restricted; honest users are restored; victims get funds back, keys stay revoked. */
function rightVerdict(role: Role | undefined): Omit<Verdict, 'correct'> {
  if (role === 'attacker') return { liftAccount: false, restoreKeys: false };
  if (role === 'victim') return { liftAccount: true, restoreKeys: false };
  return { liftAccount: true, restoreKeys: true };
}

/** The mistake a reviewer makes for a role: the opposite decision on what matters for it. */
function wrongVerdict(role: Role | undefined): Omit<Verdict, 'correct'> {
  if (role === 'attacker') return { liftAccount: true, restoreKeys: true };
  // A wrong call on a victim keeps its funds frozen (and its keys revoked, which does no harm).
  if (role === 'victim') return { liftAccount: false, restoreKeys: false };
  return { liftAccount: false, restoreKeys: false };
}

/**
 * A reviewer who is right with probability `accuracy`. Each (case, account)
 * draws from its own seeded stream, so a verdict does not depend on the order
 * reviews happen in, and the same seed gives the same verdicts.
 *
 * @param roleOf - the ground-truth role of an account (undefined: treated as honest)
 */
export function truthReviewer(roleOf: (account: number) => Role | undefined, accuracy: number, seed: number): Reviewer {
  if (!(accuracy >= 0 && accuracy <= 1)) throw new RangeError(`accuracy must be in [0, 1], got ${accuracy}`);
  return {
    review(account, caseId) {
      const role = roleOf(account);
      const correct = accuracy >= 1 ? true : streamFor(seed, 'response', 'reviewer', caseId, account).chance(accuracy);
      return { ...(correct ? rightVerdict(role) : wrongVerdict(role)), correct };
    },
  };
}
