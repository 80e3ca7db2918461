/**
 * Integer units of the core. Money and prices never exist as floating-point
 * decimals inside the simulator: a price is a whole number of ticks, a quantity
 * a whole number of lots, a balance a whole number of the asset's smallest unit,
 * and time a whole number of milliseconds since the scenario started.
 *
 * The brands are compile-time only (erased at run time), so the hot paths pay
 * nothing for them; they stop a quantity being passed where a price is expected.
 * Every value is a safe integer (|x| <= 2^53 - 1); constructors check that.
 */

declare const unit: unique symbol;
/** A number tagged with the unit it counts. */
export type Branded<U extends string> = number & { readonly [unit]: U };

/** Price, in ticks of the symbol's tick size (quote per one whole base coin). */
export type Ticks = Branded<'Ticks'>;
/** Order quantity, in lots of the symbol's lot size (base coin). */
export type Lots = Branded<'Lots'>;
/** A balance or amount, in the asset's smallest unit (satoshi-like). */
export type Units = Branded<'Units'>;
/** Simulated time, milliseconds since the scenario started. Never the wall clock. */
export type SimTime = Branded<'SimTime'>;
/** A duration in simulated milliseconds. */
export type Millis = Branded<'Millis'>;

function whole<U extends string>(name: U, value: number, min: number): Branded<U> {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be a safe integer >= ${min}, got ${value}`);
  }
  return value as Branded<U>;
}

export const ticks = (n: number): Ticks => whole('Ticks', n, 1);
export const lots = (n: number): Lots => whole('Lots', n, 0);
/** Balances may be compared or differenced, so negative amounts are allowed here. */
export const units = (n: number): Units => whole('Units', n, Number.MIN_SAFE_INTEGER);
export const simTime = (n: number): SimTime => whole('SimTime', n, 0);
export const millis = (n: number): Millis => whole('Millis', n, 0);

export const SECOND = 1000 as Millis;
export const MINUTE = 60_000 as Millis;
export const HOUR = 3_600_000 as Millis;
export const DAY = 86_400_000 as Millis;
