/**
 * Who deposit-linkage links to whom: accounts that deposited a coin from the
 * same source address, withdrew to the same destination, or were seen on the
 * same device. An address or device on more than `maxPerLink` accounts is
 * shared infrastructure (a custodial hot wallet) and links nobody. How a
 * link gates an alert is in deposit-linkage.ts.
 */
import type { DepositLinkageParams } from './deposit-linkage-params.js';
import { type Cand, type Dep, type Link, recentDeposit } from './deposit-linkage-state.js';

/** The links of recent depositors and premium sellers, by deposit address, withdrawal address and device. */
export class LinkIndex {
  /** Coin deposit source address -> recent depositors. */
  readonly depAddr = new Map<string, Link>();
  /** Withdrawal destination -> premium sellers that withdrew there. */
  readonly wdAddr = new Map<string, Link>();
  /** Device -> recent coin depositors seen on it. */
  readonly devAddr = new Map<string, Link>();
  /** How the last linked() call linked: by deposit address, withdrawal address, device (counts, may overlap). */
  readonly linkKinds = [0, 0, 0];
  /** Bumped whenever a link gains an account (invalidates the per-account mayBeLinked cache). */
  private linkVersion = 0;

  constructor(private readonly p: DepositLinkageParams) {}

  link(map: Map<string, Link>, key: string, account: number, t: number): void {
    let l = map.get(key);
    if (l === undefined) {
      l = { accounts: [], t, infra: false };
      map.set(key, l);
    }
    l.t = t;
    if (l.infra || l.accounts.includes(account)) return;
    if (l.accounts.length >= this.p.maxPerLink) {
      l.infra = true;
      l.accounts.length = 0;
      return;
    }
    l.accounts.push(account);
    this.linkVersion++;
  }

  /** Cheap pre-check (no allocation): does one of c's address links carry another account? Cached per link version. */
  mayBeLinked(c: Cand, dep: Dep): boolean {
    if (c.mayLinkVersion === this.linkVersion) return c.mayLink;
    const shared = (l: Link | undefined) => l !== undefined && !l.infra && l.accounts.length > 1;
    const r = shared(this.depAddr.get(dep.address)) || (c.wd !== null && shared(this.wdAddr.get(c.wd.address)));
    c.mayLink = r;
    c.mayLinkVersion = this.linkVersion;
    return r;
  }

  /**
   * Other accounts linked to c, sorted: by address (same coin deposit source among recent depositors of
   * the same coin, same withdrawal destination among premium sellers) and, once an address link or a
   * premium ask holds, by device (recent coin depositors seen on one of c's devices). Devices alone do
   * not gate: a phisher logs in to its victims from its own machine, which links victims too.
   */
  linked(c: Cand, dep: Dep, t: number, cands: ReadonlyMap<number, Cand>): number[] {
    const seen = new Set<number>();
    const kinds = this.linkKinds;
    kinds[0] = kinds[1] = kinds[2] = 0;
    const add = (l: Link | undefined, needCoin: boolean, kind: number) => {
      if (l === undefined || l.infra) return;
      for (const a of l.accounts) {
        if (a === c.account) continue;
        const o = cands.get(a);
        if (o === undefined) continue;
        if (needCoin && recentDeposit(o, dep.asset, t, this.p.depositLookbackMs) === null) continue;
        kinds[kind] = kinds[kind]! + 1;
        seen.add(a);
      }
    };
    add(this.depAddr.get(dep.address), true, 0);
    if (c.wd !== null) add(this.wdAddr.get(c.wd.address), false, 1);
    if (seen.size === 0 && (c.sale === null || c.sale.placedPremium === 0)) return [];
    for (const d of c.devices) add(this.devAddr.get(d), true, 2);
    return [...seen].sort((a, b) => a - b);
  }
}
