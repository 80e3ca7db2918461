/**
 * What the exchange remembers of each trade so it can reverse it later: who
 * bought and sold, and exactly which units moved, fees included.
 *
 * Only trades younger than the reversal window are kept (exchanges bust
 * trades within hours, not months), so memory stays bounded on long runs.
 * Trades arrive in time order, so the oldest are dropped from the front.
 */
export interface TradeRecord {
  id: number;
  t: number;
  market: number;
  buyer: number;
  seller: number;
  /** Base units the seller gave up (the buyer got this minus buyerFee). */
  base: number;
  /** Quote units the buyer gave up (the seller got this minus sellerFee). */
  quote: number;
  buyerFee: number;
  sellerFee: number;
  reversed: boolean;
}

export class TradeStore {
  private records: TradeRecord[] = [];
  private head = 0;

  constructor(private readonly windowMs: number) {}

  add(record: TradeRecord): void {
    this.records.push(record);
  }

  /** The trade, or undefined when unknown or older than the window. */
  get(id: number, now: number): TradeRecord | undefined {
    this.prune(now);
    if (this.head === this.records.length) return undefined;
    const first = this.records[this.head]!.id;
    if (id < first) return undefined;
    const r = this.records[this.head + (id - first)];
    return r !== undefined && r.id === id ? r : undefined;
  }

  /** Drops trades older than the window; compacts once half the array is dead. */
  prune(now: number): void {
    const limit = now - this.windowMs;
    const recs = this.records;
    while (this.head < recs.length && recs[this.head]!.t < limit) this.head++;
    if (this.head > 1024 && this.head * 2 > recs.length) {
      this.records = recs.slice(this.head);
      this.head = 0;
    }
  }
}
