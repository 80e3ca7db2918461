/**
 * Fee on an amount received, in basis points, rounded down so the exchange
 * never charges more than the rate. Exact for any safe-integer amount.
 */
export function feeOn(received: number, bps: number): number {
  if (bps === 0) return 0;
  const product = received * bps;
  // Remainder first, so the division is exact (a float quotient near 2^53 could round up).
  if (Number.isSafeInteger(product)) return (product - (product % 10_000)) / 10_000;
  return Number((BigInt(received) * BigInt(bps)) / 10_000n);
}
