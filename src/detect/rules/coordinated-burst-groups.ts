/**
 * What coordinated-burst keeps per symbol and side: the groups of accounts that
 * ordered through one source (platform, network or device) within the window,
 * each a growable ring of recent orders and a map of its members with their
 * unusualness; the pooled single records of sources only one account used;
 * the last roster alerted; and each account's memory of the bursts it took
 * part in (for familiarity). The rule that fills and judges them is in
 * coordinated-burst.ts.
 */

/** What was out of character about a member (bits of {@link Member.flags}), counted per group for the explanation. */
export const DORMANT = 1;
export const NEW_SOURCE = 2;
export const NEW_SYMBOL = 4;
export const FAMILIAR = 8;
export const NO_HISTORY = 16;

export type Kind = 'platform' | 'network' | 'device';

export interface Member {
  /** Orders of the account still in the window. */
  count: number;
  /** Unusualness at its first order in the window. */
  u: number;
  flags: number;
  seq: number;
}

/** Accounts of one group that ordered within the window. */
export class Group {
  /** Ring of recent orders (time, account); starts small and doubles up to maxMembers. */
  t: Float64Array;
  account: Float64Array;
  head = 0;
  len = 0;
  readonly members = new Map<number, Member>();
  unusual = 0;
  dormant = 0;
  newSource = 0;
  newSymbol = 0;
  familiar = 0;
  noHistory = 0;
  /** Named-account count at the last alert, its generation (subject), time, and members joined since. */
  raisedAt = 0;
  generation = 0;
  raisedT = -1;
  joinedSince = 0;
  readonly label: string;
  lastT = 0;
  /** Whether the group is in a burst now (members >= minAccounts). */
  bursting = false;

  constructor(
    readonly kind: Kind,
    readonly value: string,
    readonly symbol: string,
    readonly side: 'buy' | 'sell',
    readonly cap: number,
  ) {
    this.t = new Float64Array(Math.min(8, cap));
    this.account = new Float64Array(Math.min(8, cap));
    this.label = `${kind}:${value}`;
  }

  /** Time from the oldest to the newest order in the ring, ms (0 when empty). */
  span(): number {
    return this.len > 0 ? this.t[(this.head + this.len - 1) % this.t.length]! - this.t[this.head]! : 0;
  }

  /** Doubles the ring (keeping order), up to cap; returns false when already at cap. */
  grow(): boolean {
    const n = this.t.length;
    if (n >= this.cap) return false;
    const m = Math.min(this.cap, 2 * n);
    const t = new Float64Array(m);
    const a = new Float64Array(m);
    for (let k = 0; k < this.len; k++) {
      const i = (this.head + k) % n;
      t[k] = this.t[i]!;
      a[k] = this.account[i]!;
    }
    this.t = t;
    this.account = a;
    this.head = 0;
    return true;
  }
}

/** An order of one account under a source no other account used in the window yet (no group needed). */
export interface Single {
  account: number;
  t: number;
  seq: number;
  dorm: number;
  fresh: boolean;
  newSym: boolean;
  noHistory: boolean;
}

/** The groups and single sources of one symbol and side, per kind of source. */
export class SideGroups {
  readonly platform = new Map<string, Group>();
  readonly network = new Map<string, Group>();
  readonly device = new Map<string, Group>();
  /** Sources seen from one account only (most of them): a pooled record each, a group only on a second account. */
  readonly platformSingles = new Map<string, Single>();
  readonly networkSingles = new Map<string, Single>();
  readonly deviceSingles = new Map<string, Single>();
}

/** The last roster alerted on a symbol and side (to avoid naming the same accounts twice for one burst). */
export interface Roster {
  group: Group;
  t: number;
  accounts: Set<number>;
}

/** The last two burst episodes an account took part in (group label and time), for familiarity. */
export interface BurstMemory {
  label: string;
  t: number;
  prevLabel: string;
  prevT: number;
}
