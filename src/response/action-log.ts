/**
 * What a response engine did, in the order it did it: one entry per exchange
 * action (or review verdict), with the case and the alert behind it. The
 * event log holds the same restrictions as events; this log adds the why
 * (cause, case, verdict) and what the exchange refused (`applied: false`).
 */
import type { ReversalOutcome } from '../exchange/index.js';

export type ActionKind =
  | 'suspend-withdrawals'
  | 'withdrawal-only'
  | 'freeze'
  | 'revoke-key'
  | 'cancel-orders'
  | 'halt'
  | 'resume'
  | 'reverse-trade'
  /** review verdicts */
  | 'lift'
  | 'keep'
  /** what a lift undoes */
  | 'lift-frozen'
  | 'lift-withdrawal-only'
  | 'lift-withdrawals-suspended'
  | 'restore-key';

export interface ResponseAction {
  /** Sim time the action ran, ms. */
  t: number;
  kind: ActionKind;
  /** The engine's case (symbol#n). */
  case: string;
  symbol: string | null;
  /** `rule@t` of the alert behind it, or `review`. */
  cause: string;
  /** False when the exchange changed nothing (already set, unknown key, trade too old...). */
  applied: boolean;
  account?: number;
  key?: number;
  trade?: number;
  buyer?: number;
  seller?: number;
  /** Orders cancelled (cancel-orders). */
  count?: number;
  reversal?: ReversalOutcome;
  /** Review verdicts: whether the reviewer decided right for the account's role. */
  correct?: boolean;
  note?: string;
}

export class ActionLog {
  readonly entries: ResponseAction[] = [];

  add(a: ResponseAction): void {
    this.entries.push(a);
  }

  /** Entries of some kinds. */
  ofKind(...kinds: ActionKind[]): ResponseAction[] {
    return this.entries.filter((e) => kinds.includes(e.kind));
  }
}
