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

/** Formats an amount in an asset's smallest units as a short decimal (4 significant digits). */
export function formatAmount(units: number, decimals: number | undefined): string {
  if (decimals === undefined) return `${Math.round(units)} units`;
  const v = units / 10 ** decimals;
  if (v === 0) return '0';
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 1 ? 3 : Math.min(decimals, Math.max(0, 3 - Math.floor(Math.log10(abs))));
  return Number(v.toFixed(digits)).toString();
}

/** An amount with its asset, "0.1235 BTC"; "5 units of BTC" when the asset's decimals are unknown (its listing was not seen). */
export function formatAssetAmount(units: number, decimals: number | undefined, asset: string): string {
  return decimals === undefined ? `${Math.round(units)} units of ${asset}` : `${formatAmount(units, decimals)} ${asset}`;
}

/** Formats a duration in ms as "850 ms", "42 s", "13 min", "5.2 h" or "10 d". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 2 * 86_400_000) return `${Math.round(ms / 360_000) / 10} h`;
  return `${Math.round(ms / 8_640_000) / 10} d`;
}

/** Formats a ratio as a signed percentage with thousands separators, e.g. "+4,300%". */
export function formatPct(ratio: number): string {
  const p = Math.round(ratio * 100);
  const s = Math.abs(p).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${p < 0 ? '-' : '+'}${s}%`;
}
