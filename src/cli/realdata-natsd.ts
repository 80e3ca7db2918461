/**
 * Reads the NatSD organic spikes and La Morgia's labelled pump chunks and
 * runs the threshold check of evaluate/natsd-check.ts with the rules' default
 * price thresholds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { BUILT_IN_DETECTORS } from '../detect/index.js';
import { natsdFigures, type FeatureChunk, type NatsdFigures } from '../evaluate/index.js';

export interface NatsdResult {
  figures: NatsdFigures;
  summary: string;
  notMapped: string;
}

type Row = Record<string, string>;
const rows = (path: string): Row[] => parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true }) as Row[];
const chunks = (rs: readonly Row[]): FeatureChunk[] =>
  rs.map((r) => ({ index: r.pump_index ?? '', stdRushOrder: Number(r.std_rush_order), avgPriceMax: Number(r.avg_price_max) }))
    .filter((c) => Number.isFinite(c.stdRushOrder) && Number.isFinite(c.avgPriceMax));

/** The check, or null when the NatSD or La Morgia files are absent. */
export function natsdCheck(realdata: string): NatsdResult | null {
  const dir = join(realdata, 'natsd-organic-spikes');
  const labels = join(realdata, 'lamorgia-pump-list', 'label_15S.csv');
  if (!existsSync(join(dir, 'natural_spikes_drawdowns.csv')) || !existsSync(labels)) return null;
  const candles = rows(join(dir, 'natural_spikes_drawdowns.csv')).map((r) => ({
    unixMs: Date.parse(`${(r.timestamp ?? '').replace(' ', 'T')}Z`),
    symbol: r.symbol ?? '',
    open: Number(r.open),
    high: Number(r.high),
    close: Number(r.close),
    type: r.Type ?? '',
  }));
  const pv = BUILT_IN_DETECTORS['price-volume'].params.parse({});
  const ro = BUILT_IN_DETECTORS['rush-orders'].params.parse({});
  const f = natsdFigures(candles, chunks(rows(join(dir, 'features_15S.csv'))), chunks(rows(labels)), { minReturn: pv.minReturn, minRise: ro.minRise });
  const share = (k: number, n: number) => `${k}/${n} (${n === 0 ? '-' : ((100 * k) / n).toFixed(0)}%)`;
  const summary = [
    `NatSD organic moves (BTC, ETH, XRP vs USDT; no trades, so the rules cannot be replayed): ${f.drawdowns} drawdowns stay quiet by construction (both rules fire on upward moves only).`,
    `Upward spikes passing the price test at most: price-volume (return >= ${pv.minReturn * 100}% in 1 min) ${share(f.priceVolumeReturnUpperBound.pass, f.spikes)} by candle high/open, ${share(f.priceVolumeReturnCandle, f.spikes)} by open->close; rush-orders (rise >= ${ro.minRise * 100}% in <= 25 s) ${share(f.rushOrdersRiseUpperBound.pass, f.spikes)}.`,
    `Feature analogue (std_rush_order and avg_price_max both at least the labelled pump chunks' median / 10th percentile in one 15 s chunk): ${share(f.features.atPumpMedian.eventsPassing, f.features.organicEvents)} / ${share(f.features.atPumpP10.eventsPassing, f.features.organicEvents)} of organic events.`,
  ].join('\n');
  const notMapped =
    'Not mappable without trades: the volume ratio and z-score against the symbol\'s own hour, the rush-order z-score against per-minute peaks, the minimum taker-order counts; the features are % changes of rolling statistics with an unknown window.';
  return { figures: f, summary: `${summary}\n${notMapped}`, notMapped };
}
