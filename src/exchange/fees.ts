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

/*
 * The fees of one fill: the buyer pays on the base it receives, the seller on
 * the quote, each at the taker rate if its order was the one that crossed and
 * at the maker rate otherwise. Settlement and reversal both use these, so a
 * reversal refunds exactly what was charged.
 */

export function buyerFeeOf(base: number, buyerTook: boolean, makerFeeBps: number, takerFeeBps: number): number {
  return feeOn(base, buyerTook ? takerFeeBps : makerFeeBps);
}

export function sellerFeeOf(quote: number, buyerTook: boolean, makerFeeBps: number, takerFeeBps: number): number {
  return feeOn(quote, buyerTook ? makerFeeBps : takerFeeBps);
}
