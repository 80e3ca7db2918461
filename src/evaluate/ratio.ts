/**
 * Ratios that stay JSON-able: a ratio with an empty denominator is `null`
 * ("undefined here"), never `NaN` or `Infinity`.
 */

/** `numerator / denominator`, or `null` when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * F1 = 2·P·R / (P + R), the harmonic mean of precision and recall.
 * `null` when either is `null`; 0 when both are 0.
 */
export function f1(precision: number | null, recall: number | null): number | null {
  if (precision === null || recall === null) return null;
  const s = precision + recall;
  return s === 0 ? 0 : (2 * precision * recall) / s;
}
