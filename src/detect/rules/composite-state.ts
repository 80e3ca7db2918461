/**
 * What composite remembers: a rule's hit (its strongest alert in the window),
 * the record of an (account, symbol) pair with the hits that named it, and a
 * record's combination (the noisy-OR, the rules behind it). The rule that
 * keeps them is in composite.ts, the alert they make in composite-explain.ts.
 */
import type { RuleWeight } from './composite-params.js';

/** The symbol of alerts that name none: they count for every symbol of the accounts they name. */
export const ANY = '*';

export interface Hit {
  rule: RuleWeight;
  score: number;
  t: number;
  seq: number;
  evidence: number[];
}

export interface Rec {
  account: number;
  symbol: string;
  hits: Map<string, Hit>;
  lastT: number;
  alerted: number;
}

export interface Combined {
  score: number;
  /** Distinct non-context rules, own and corroborating. */
  rules: number;
  /** Distinct non-context rules that named this account itself. */
  own: number;
  hits: Hit[];
  /** Rules among hits that named other accounts on the symbol (corroboration). */
  cross: Set<string>;
}
