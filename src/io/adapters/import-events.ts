/**
 * Builds the events of an import: sequence numbers, times relative to the
 * import's origin, and the anonymous fields real data has (account 0, channel
 * `unknown`, no key, platform, device or IP). Adapters call one method per
 * event so every event of a type has the same key order, and the log bytes are
 * the same on every run.
 */
import type { MarketEvent, Side } from '../../core/index.js';
import type { Grid } from './grid.js';

/** Where events go: an EventLogWriter, or an array in tests. */
export interface EventOutput {
  /** Returns false when the consumer wants the producer to wait for {@link drain}. */
  write(e: MarketEvent): boolean;
  drain(): Promise<void>;
}

/** An EventOutput that keeps everything in memory (tests, small files). */
export class EventArray implements EventOutput {
  readonly events: MarketEvent[] = [];
  write(e: MarketEvent): boolean {
    this.events.push(e);
    return true;
  }
  async drain(): Promise<void> {}
}

/** The symbol an import lists: its name, assets and grid. */
export interface SymbolSpec {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  grid: Grid;
}

/** Fields of an order whose source the data does not tell. */
const ANONYMOUS = { channel: 'unknown', key: null, platform: null, ip: '', device: null } as const;

export class ImportEvents {
  private seq = 0;
  private lastT = 0;
  private waiting = false;
  readonly symbol: string;
  /** Events written per type, for the import summary. */
  readonly byType = new Map<string, number>();

  constructor(
    private readonly out: EventOutput,
    readonly spec: SymbolSpec,
  ) {
    this.symbol = spec.symbol;
  }

  /** Events written so far. */
  get count(): number {
    return this.seq;
  }

  /** Await this once per row: it waits only when the writer asked to. */
  async flow(): Promise<void> {
    if (this.waiting) {
      this.waiting = false;
      await this.out.drain();
    }
  }

  private push(e: MarketEvent): void {
    // Adapters check time order per row with a row-numbered error; this guards their logic.
    if (e.t < this.lastT) throw new Error(`import produced time ${e.t} after ${this.lastT} (seq ${e.seq})`);
    this.lastT = e.t;
    this.seq++;
    this.byType.set(e.type, (this.byType.get(e.type) ?? 0) + 1);
    if (!this.out.write(e)) this.waiting = true;
  }

  /** `asset-listed` for base and quote, then `symbol-listed`: readers learn tick and lot first. */
  listing(): void {
    const { grid, baseAsset, quoteAsset } = this.spec;
    for (const [asset, decimals] of [
      [baseAsset, grid.baseDecimals],
      [quoteAsset, grid.quoteDecimals],
    ] as const) {
      this.push({ seq: this.seq, t: 0, type: 'asset-listed', asset, decimals, confirmationMs: 0, withdrawalDelayMs: 0 });
    }
    this.push({
      seq: this.seq,
      t: 0,
      type: 'symbol-listed',
      symbol: this.symbol,
      baseAsset,
      quoteAsset,
      tickSize: grid.tick,
      lotSize: grid.lot,
      quoteUnitsPerTickLot: grid.quoteUnitsPerTickLot,
      baseUnitsPerLot: grid.baseUnitsPerLot,
      minNotional: 0,
      makerFeeBps: 0,
      takerFeeBps: 0,
    });
  }

  /** A resting limit order of unknown origin. `clientOrderId` marks synthetic orders (e.g. `synthetic:snapshot`). */
  order(t: number, order: number, side: Side, price: number, qty: number, clientOrderId: string | null = null): void {
    this.push({
      seq: this.seq,
      t,
      type: 'order-accepted',
      order,
      account: 0,
      symbol: this.symbol,
      side,
      kind: 'limit',
      tif: 'gtc',
      postOnly: false,
      price,
      qty,
      quoteQty: null,
      stp: 'none',
      clientOrderId,
      ...ANONYMOUS,
    });
  }

  /** A resting order's new price and remaining quantity. */
  amend(t: number, order: number, price: number, qty: number, keptPriority: boolean): void {
    this.push({ seq: this.seq, t, type: 'order-amended', order, account: 0, symbol: this.symbol, price, qty, keptPriority });
  }

  /** A resting order removed (by its owner, as far as the data tells). */
  cancel(t: number, order: number, side: Side, price: number, qty: number): void {
    this.push({ seq: this.seq, t, type: 'cancel', order, account: 0, symbol: this.symbol, side, price, qty, reason: 'user' });
  }

  /**
   * A trade between anonymous accounts. Its quote value is price x qty x
   * quoteUnitsPerTickLot; the caller has checked it is a safe integer.
   */
  trade(t: number, trade: number, price: number, qty: number, aggressor: Side, makerOrder: number, takerOrder: number): void {
    this.push({
      seq: this.seq,
      t,
      type: 'trade',
      trade,
      symbol: this.symbol,
      price,
      qty,
      quoteQty: price * qty * this.spec.grid.quoteUnitsPerTickLot,
      aggressor,
      makerAccount: 0,
      makerOrder,
      takerAccount: 0,
      takerOrder,
      makerFee: 0,
      takerFee: 0,
    });
  }

  /** Trading on the symbol halted (`set`) or resumed (`lifted`). */
  halt(t: number, action: 'set' | 'lifted', reason: string): void {
    this.push({ seq: this.seq, t, type: 'restriction', kind: 'halted', action, account: null, key: null, symbol: this.symbol, reason });
  }
}

/** True when a trade's quote value fits the core's integers. */
export function quoteValueFits(price: number, qty: number, grid: Grid): boolean {
  return Number.isSafeInteger(price * qty * grid.quoteUnitsPerTickLot);
}
