/**
 * What the exchange remembers of each trade so it can reverse it later: who
 * bought and sold, and exactly which units moved, fees included.
 *
 * Only trades younger than the reversal window are kept (exchanges bust trades
 * within hours, not months), so memory stays bounded on long runs. Trades get
 * consecutive ids and arrive in time order, so the store is a ring of typed
 * arrays indexed by id: 49 bytes a trade and no object per trade, which matters
 * when a busy day holds millions of them.
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
  private cap = 1024;
  private t = new Float64Array(this.cap);
  private base = new Float64Array(this.cap);
  private quote = new Float64Array(this.cap);
  private buyerFee = new Float64Array(this.cap);
  private sellerFee = new Float64Array(this.cap);
  private buyer = new Int32Array(this.cap);
  private seller = new Int32Array(this.cap);
  private market = new Int32Array(this.cap);
  private reversed = new Uint8Array(this.cap);
  /** Id of the oldest kept trade, and one past the newest. */
  private first = 1;
  private end = 1;

  constructor(private readonly windowMs: number) {}

  /** Records trade `id`, which must be the next id (ids are consecutive). */
  add(id: number, t: number, market: number, buyer: number, seller: number, base: number, quote: number, buyerFee: number, sellerFee: number): void {
    if (id !== this.end) throw new Error(`trade ids must be consecutive: expected ${this.end}, got ${id}`);
    this.prune(t);
    if (this.end - this.first === this.cap) this.grow();
    const i = id % this.cap;
    this.t[i] = t;
    this.market[i] = market;
    this.buyer[i] = buyer;
    this.seller[i] = seller;
    this.base[i] = base;
    this.quote[i] = quote;
    this.buyerFee[i] = buyerFee;
    this.sellerFee[i] = sellerFee;
    this.reversed[i] = 0;
    this.end = id + 1;
  }

  /** The trade, or undefined when unknown or older than the window. */
  get(id: number, now: number): TradeRecord | undefined {
    this.prune(now);
    if (id < this.first || id >= this.end) return undefined;
    const i = id % this.cap;
    return {
      id,
      t: this.t[i]!,
      market: this.market[i]!,
      buyer: this.buyer[i]!,
      seller: this.seller[i]!,
      base: this.base[i]!,
      quote: this.quote[i]!,
      buyerFee: this.buyerFee[i]!,
      sellerFee: this.sellerFee[i]!,
      reversed: this.reversed[i] === 1,
    };
  }

  markReversed(id: number): void {
    if (id >= this.first && id < this.end) this.reversed[id % this.cap] = 1;
  }

  /** Forgets trades older than the window. */
  private prune(now: number): void {
    const limit = now - this.windowMs;
    while (this.first < this.end && this.t[this.first % this.cap]! < limit) this.first++;
  }

  /** Doubles the ring, keeping each kept trade at index id % cap. */
  private grow(): void {
    const old = { t: this.t, base: this.base, quote: this.quote, buyerFee: this.buyerFee, sellerFee: this.sellerFee, buyer: this.buyer, seller: this.seller, market: this.market, reversed: this.reversed };
    const oldCap = this.cap;
    this.cap *= 2;
    this.t = new Float64Array(this.cap);
    this.base = new Float64Array(this.cap);
    this.quote = new Float64Array(this.cap);
    this.buyerFee = new Float64Array(this.cap);
    this.sellerFee = new Float64Array(this.cap);
    this.buyer = new Int32Array(this.cap);
    this.seller = new Int32Array(this.cap);
    this.market = new Int32Array(this.cap);
    this.reversed = new Uint8Array(this.cap);
    // The kept ids map to at most two runs of consecutive indices in the old ring; each run
    // stays consecutive in the new one (cap doubled, so a run never wraps there), and is
    // copied with one set() per array instead of element by element (a busy day grows
    // the ring to millions of trades).
    let id = this.first;
    while (id < this.end) {
      const from = id % oldCap;
      const len = Math.min(this.end - id, oldCap - from);
      const to = id % this.cap;
      this.t.set(old.t.subarray(from, from + len), to);
      this.base.set(old.base.subarray(from, from + len), to);
      this.quote.set(old.quote.subarray(from, from + len), to);
      this.buyerFee.set(old.buyerFee.subarray(from, from + len), to);
      this.sellerFee.set(old.sellerFee.subarray(from, from + len), to);
      this.buyer.set(old.buyer.subarray(from, from + len), to);
      this.seller.set(old.seller.subarray(from, from + len), to);
      this.market.set(old.market.subarray(from, from + len), to);
      this.reversed.set(old.reversed.subarray(from, from + len), to);
      id += len;
    }
  }
}
