/**
 * Growing the typed arrays that pools, tables and queues keep their state in
 * (orders, levels, live orders, agenda entries): typed arrays cannot grow in
 * place, so a pool that fills up moves to a longer array of the same kind.
 */
export type GrowableArray = Float64Array | Int32Array | Uint16Array | Uint8Array;

/** A new array of the same kind and `length` elements, starting with a copy of `from` (the rest zero). */
export function grownTo<T extends GrowableArray>(from: T, length: number): T {
  const to = new (from.constructor as new (n: number) => T)(length);
  to.set(from as never);
  return to;
}
