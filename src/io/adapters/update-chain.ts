/**
 * Binance's rule for keeping a local book from a depth snapshot plus diffs:
 *
 * - spot: drop diffs with u <= lastUpdateId; the first applied diff must have
 *   U <= lastUpdateId + 1 <= u; after it, every diff's U = previous u + 1;
 * - USD-M futures (diffs carry pu): drop diffs with u < lastUpdateId; the first
 *   applied has U <= lastUpdateId <= u; after it, every diff's pu = previous u.
 *
 * Anything else is a gap: events were lost and the book is wrong from there.
 * The check returns what was expected and what was found, and the adapter
 * turns it into an error naming the file and row.
 */
export type ChainMode = 'spot' | 'futures';

export interface UpdateIds {
  /** first update id in the diff */
  U: number;
  /** final update id in the diff */
  u: number;
  /** futures only: final update id of the previous diff */
  pu?: number | undefined;
}

export type ChainVerdict = { kind: 'apply' } | { kind: 'stale' } | { kind: 'gap'; field: 'U' | 'pu'; expected: string; found: string };

export class UpdateChain {
  /** Final update id the book reflects. */
  last: number;
  private started = false;

  constructor(
    readonly snapshotId: number,
    readonly mode: ChainMode,
  ) {
    this.last = snapshotId;
  }

  check(d: UpdateIds): ChainVerdict {
    const s = this.snapshotId;
    if (!this.started) {
      if (this.mode === 'spot' ? d.u <= s : d.u < s) return { kind: 'stale' };
      const ok = this.mode === 'spot' ? d.U <= s + 1 && s + 1 <= d.u : d.U <= s && s <= d.u;
      if (!ok) {
        const want = this.mode === 'spot' ? s + 1 : s;
        return { kind: 'gap', field: 'U', expected: `a first diff with U <= ${want} <= u (snapshot lastUpdateId ${s})`, found: `U ${d.U}, u ${d.u}` };
      }
    } else if (this.mode === 'spot' && d.U !== this.last + 1) {
      return { kind: 'gap', field: 'U', expected: `U = ${this.last + 1} (previous u + 1)`, found: `U ${d.U}` };
    } else if (this.mode === 'futures' && d.pu !== this.last) {
      return { kind: 'gap', field: 'pu', expected: `pu = ${this.last} (previous u)`, found: `pu ${d.pu ?? 'missing'}` };
    }
    this.started = true;
    this.last = d.u;
    return { kind: 'apply' };
  }
}
