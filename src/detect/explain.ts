/** Readable amounts and numbers for alert explanations. */
import type { EventOf } from '../core/index.js';

/**
 * Decimals of each symbol's quote asset, learnt from `asset-listed` and
 * `symbol-listed` events, so explanations can say "3.1 BTC" rather than
 * "310000000 units". Bounded by the number of listed assets and symbols.
 */
export class QuoteDecimals {
  private readonly assetDecimals = new Map<string, number>();
  private readonly symbolQuote = new Map<string, { asset: string; decimals: number | null }>();

  /** Feed every event; only listings are looked at. */
  onEvent(e: { type: string }): void {
    if (e.type === 'asset-listed') {
      const a = e as EventOf<'asset-listed'>;
      this.assetDecimals.set(a.asset, a.decimals);
    } else if (e.type === 'symbol-listed') {
      const s = e as EventOf<'symbol-listed'>;
      this.symbolQuote.set(s.symbol, { asset: s.quoteAsset, decimals: this.assetDecimals.get(s.quoteAsset) ?? null });
    }
  }

  /** A quote amount (units) of a symbol as text: "3.1042 BTC", or "310420000 quote units" when unknown. */
  format(symbol: string, units: number): string {
    const q = this.symbolQuote.get(symbol);
    const dec = q ? (q.decimals ?? this.assetDecimals.get(q.asset) ?? null) : null;
    if (q === undefined || dec === null) return `${Math.round(units)} quote units`;
    const v = units / 10 ** dec;
    return `${v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(3) : v.toPrecision(3)} ${q.asset}`;
  }
}

/** A ratio as "+12.3%" / "-4.0%". */
export const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
/** A number with one decimal, or an integer when whole. */
export const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2));
