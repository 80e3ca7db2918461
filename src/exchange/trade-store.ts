/**
 * What the exchange remembers of each trade so it can reverse it later: who
 * bought and sold, and exactly which units moved, fees included.
 *
 * Only trades younger than the reversal window are kept (exchanges bust trades
 * within hours, not months), so memory stays bounded on long runs. Trades get
 * consecutive ids and arrive in time order, so the store is a list of
 * fixed-size chunks of typed arrays indexed by id: 35 bytes a trade and no
 * object per trade, which matters when a busy day holds millions of them.
 * Chunks, not one ring that doubles: growing never copies what is stored, and
 * memory follows the trades kept (a doubled ring is up to half empty).
 * Chunks the window left behind are reused, not freed: touching fresh memory
 * costs a page fault per 4 KiB, which on a virtual machine is more than the
 * trade itself. Fees are not stored: they follow from the amounts, the
 * market's rates and which side was the taker (see `tradeFees`).
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
  /** The buyer was the taker (its order arrived and crossed). */
  buyerTook: boolean;
  reversed: boolean;
}

/** Per-trade flags. */
const REVERSED = 1;
const BUYER_TOOK = 2;

/** Trades per chunk (a power of two: the chunk of an id is a shift, its row a mask). */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const ROW = CHUNK - 1;

/** CHUNK consecutive trade ids, from a multiple of CHUNK. */
class Chunk {
  readonly t = new Float64Array(CHUNK);
  readonly base = new Float64Array(CHUNK);
  readonly quote = new Float64Array(CHUNK);
  readonly buyer = new Int32Array(CHUNK);
  readonly seller = new Int32Array(CHUNK);
  readonly market = new Uint16Array(CHUNK);
  readonly flags = new Uint8Array(CHUNK);
}

export class TradeStore {
  /** chunks[i] holds ids from (firstChunk + i) x CHUNK. */
  private readonly chunks: Chunk[] = [];
  /** Chunks pruned, kept for reuse. */
  private readonly spare: Chunk[] = [];
  private firstChunk = 0;
  /** The chunk the next id goes to (the newest), or null before the first trade of a chunk. */
  private tail: Chunk | null = null;
  /** Id of the oldest kept trade, and one past the newest. */
  private first = 1;
  private end = 1;

  constructor(private readonly windowMs: number) {}

  /** Records trade `id`, which must be the next id (ids are consecutive). */
  add(id: number, t: number, market: number, buyer: number, seller: number, base: number, quote: number, buyerTook: boolean): void {
    if (id !== this.end) throw new Error(`trade ids must be consecutive: expected ${this.end}, got ${id}`);
    if (market > 0xffff) throw new RangeError(`market index ${market} does not fit the trade store`);
    this.prune(t);
    const i = id & ROW;
    let c = this.tail;
    if (c === null || i === 0) c = this.newChunk(id);
    c.t[i] = t;
    c.market[i] = market;
    c.buyer[i] = buyer;
    c.seller[i] = seller;
    c.base[i] = base;
    c.quote[i] = quote;
    c.flags[i] = buyerTook ? BUYER_TOOK : 0;
    this.end = id + 1;
  }

  /** The trade, or undefined when unknown or older than the window. */
  get(id: number, now: number): TradeRecord | undefined {
    this.prune(now);
    if (id < this.first || id >= this.end) return undefined;
    const c = this.chunkOf(id);
    const i = id & ROW;
    return {
      id,
      t: c.t[i]!,
      market: c.market[i]!,
      buyer: c.buyer[i]!,
      seller: c.seller[i]!,
      base: c.base[i]!,
      quote: c.quote[i]!,
      buyerTook: (c.flags[i]! & BUYER_TOOK) !== 0,
      reversed: (c.flags[i]! & REVERSED) !== 0,
    };
  }

  markReversed(id: number): void {
    if (id >= this.first && id < this.end) this.chunkOf(id).flags[id & ROW]! |= REVERSED;
  }

  private chunkOf(id: number): Chunk {
    return this.chunks[Math.floor(id / CHUNK) - this.firstChunk]!;
  }

  /** Opens the chunk that starts at `id` (or holds it, for the very first trade). */
  private newChunk(id: number): Chunk {
    const c = this.spare.pop() ?? new Chunk();
    if (this.chunks.length === 0) this.firstChunk = Math.floor(id / CHUNK);
    this.chunks.push(c);
    this.tail = c;
    return c;
  }

  /** Forgets trades older than the window, and the chunks left holding none of the kept ones. */
  private prune(now: number): void {
    const limit = now - this.windowMs;
    const first0 = this.first;
    while (this.first < this.end && this.chunkOf(this.first).t[this.first & ROW]! < limit) this.first++;
    if (this.first === first0) return;
    // Keep the tail even when everything was pruned: the next id still goes into it.
    let drop = Math.floor(this.first / CHUNK) - this.firstChunk;
    if (drop >= this.chunks.length) drop = this.chunks.length - 1;
    if (drop > 0) {
      for (const c of this.chunks.splice(0, drop)) this.spare.push(c);
      this.firstChunk += drop;
    }
  }
}
