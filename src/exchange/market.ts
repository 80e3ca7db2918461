import {
  type AssetCode,
  DecimalError,
  multiplyDecimals,
  stepRatio,
  formatUnits,
  type SymbolCode,
} from '../core/index.js';
import { OrderBook } from '../book/index.js';

/** An asset the exchange holds, e.g. BTC with 8 decimals. */
export interface AssetSpec {
  code: AssetCode;
  /** Decimal places of the smallest unit. */
  decimals: number;
  /** Milliseconds from a deposit being seen to its credit. */
  confirmationMs: number;
  /** Milliseconds from a withdrawal request to its processing. */
  withdrawalDelayMs: number;
}

/** A trading pair as listed, with decimal steps as exact strings. */
export interface SymbolSpec {
  code: SymbolCode;
  base: AssetCode;
  quote: AssetCode;
  /** Price step: quote per whole base coin, e.g. "0.00000001". */
  tickSize: string;
  /** Quantity step in base coin, e.g. "1" or "0.001". */
  lotSize: string;
  /** Smallest order value, in quote units. */
  minNotional: number;
  makerFeeBps: number;
  takerFeeBps: number;
}

/**
 * A listed symbol at run time: its spec, its book, and the integer factors
 * that turn ticks and lots into asset units.
 *
 * One tick times one lot must be a whole number of quote units, and one lot a
 * whole number of base units; listing refuses a symbol where it is not, so every
 * trade settles exactly.
 */
export class Market {
  readonly book: OrderBook;
  /** Quote units per (tick x lot): notional = price x qty x this. */
  readonly quoteUnitsPerTickLot: number;
  /** Base units per lot. */
  readonly baseUnitsPerLot: number;
  halted = false;

  constructor(
    readonly spec: SymbolSpec,
    readonly index: number,
    readonly baseAsset: number,
    readonly quoteAsset: number,
    baseDecimals: number,
    quoteDecimals: number,
  ) {
    this.book = new OrderBook();
    const tickLot = multiplyDecimals(spec.tickSize, spec.lotSize);
    const quoteUnit = formatUnits(1, quoteDecimals);
    const baseUnit = formatUnits(1, baseDecimals);
    try {
      this.quoteUnitsPerTickLot = stepRatio(tickLot, quoteUnit);
    } catch {
      throw new DecimalError('tickSize', spec.tickSize, 'grid',
        `symbol ${spec.code}: tick size ${spec.tickSize} x lot size ${spec.lotSize} = ${tickLot} ${spec.quote} is not a whole number of ${spec.quote} units (${quoteUnit}); use a larger tick or lot`);
    }
    try {
      this.baseUnitsPerLot = stepRatio(spec.lotSize, baseUnit);
    } catch {
      throw new DecimalError('lotSize', spec.lotSize, 'grid',
        `symbol ${spec.code}: lot size ${spec.lotSize} is not a whole number of ${spec.base} units (${baseUnit})`);
    }
  }

  /** Quote units for `qty` lots at `price` ticks; NaN past 2^53 (the caller rejects). */
  notional(price: number, qty: number): number {
    const v = price * qty * this.quoteUnitsPerTickLot;
    return Number.isSafeInteger(v) ? v : NaN;
  }
}
