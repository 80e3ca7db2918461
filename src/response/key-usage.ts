/**
 * Which API keys placed an account's orders, on which symbol, last when:
 * learnt from `order-accepted` events, so "revoke the keys used by the
 * flagged orders" needs nothing the stream does not show. One small entry per
 * (account, key, symbol): memory grows with accounts and keys, not orders.
 */
interface Use {
  key: number;
  symbol: string;
  last: number;
}

export class KeyUsage {
  private readonly byAccount = new Map<number, Use[]>();

  record(account: number, key: number, symbol: string, t: number): void {
    let uses = this.byAccount.get(account);
    if (uses === undefined) {
      uses = [];
      this.byAccount.set(account, uses);
    }
    for (const u of uses) {
      if (u.key === key && u.symbol === symbol) {
        u.last = t;
        return;
      }
    }
    uses.push({ key, symbol, last: t });
  }

  /** Keys that placed the account's orders on `symbol` (any symbol when null) at or after `since`, ascending. */
  keysOf(account: number, symbol: string | null, since: number): number[] {
    const keys = new Set<number>();
    for (const u of this.byAccount.get(account) ?? []) if ((symbol === null || u.symbol === symbol) && u.last >= since) keys.add(u.key);
    return [...keys].sort((a, b) => a - b);
  }
}
