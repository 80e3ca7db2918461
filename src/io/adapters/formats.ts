/**
 * The import formats by name, as `surveil import <format>` knows them. One
 * adapter file per format; a slot whose value is null is reserved for an
 * adapter that another change wires in.
 */
import { binanceAggTrades, binanceTrades } from './binance-trades.js';
import { binanceKlines } from './binance-klines.js';
import type { ImportFormat } from './importer.js';
import { lobster } from './lobster.js';
import { binanceWsCapture } from './binance-ws-capture.js';
import { binanceDepth } from './binance-depth.js';
import { bitfinexL3 } from './bitfinex-l3.js';
import { pumpTrades } from './pump-trades-import.js';

export const IMPORT_FORMATS = {
  'binance-trades': binanceTrades,
  'binance-aggtrades': binanceAggTrades,
  'binance-klines': binanceKlines,
  lobster,
  'binance-depth': binanceDepth,
  'binance-ws-capture': binanceWsCapture,
  'bitfinex-l3': bitfinexL3,
  'pump-trades': pumpTrades,
} satisfies Record<string, ImportFormat | null>;

export type ImportFormatName = keyof typeof IMPORT_FORMATS;
export const IMPORT_FORMAT_NAMES = Object.keys(IMPORT_FORMATS) as ImportFormatName[];
