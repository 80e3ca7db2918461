/**
 * Trades of the last `horizonMs` per symbol: who bought, who sold. A policy
 * that reverses flagged trades after the fact looks them up here; older ones
 * are dropped as new ones arrive, so memory stays bounded on long runs.
 */
export interface RecentTrade {
  id: number;
  t: number;
  buyer: number;
  seller: number;
  /** Set once the engine has tried to reverse it. */
  reversed: boolean;
}

/** One symbol's trades; `head` is the first one still inside the horizon. */
interface Ring {
  items: RecentTrade[];
  head: number;
}

export class RecentTrades {
  private readonly bySymbol = new Map<string, Ring>();

  constructor(private readonly horizonMs: number) {}

  record(symbol: string, id: number, t: number, buyer: number, seller: number): void {
    let r = this.bySymbol.get(symbol);
    if (r === undefined) {
      r = { items: [], head: 0 };
      this.bySymbol.set(symbol, r);
    }
    r.items.push({ id, t, buyer, seller, reversed: false });
    const cutoff = t - this.horizonMs;
    while (r.head < r.items.length && r.items[r.head]!.t < cutoff) r.head++;
    // Compact once the expired head is half the array (amortised O(1) per trade).
    if (r.head > 1024 && r.head * 2 >= r.items.length) {
      r.items.splice(0, r.head);
      r.head = 0;
    }
  }

  /** Trades of `symbol` with `from <= t <= to`, in the order they happened. */
  between(symbol: string, from: number, to: number): RecentTrade[] {
    const r = this.bySymbol.get(symbol);
    if (r === undefined) return [];
    const out: RecentTrade[] = [];
    for (let i = r.head; i < r.items.length; i++) {
      const x = r.items[i]!;
      if (x.t >= from && x.t <= to) out.push(x);
    }
    return out;
  }
}
