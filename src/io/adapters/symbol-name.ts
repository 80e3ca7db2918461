/**
 * The symbol of an import. Exchanges write `BTCUSDT`; the event stream wants
 * base and quote apart (`BTC/USDT`) to list both assets. A `/` in `--symbol`
 * says it outright; otherwise the quote is the longest known quote suffix.
 */
import { basename } from 'node:path';
import { DataFormatError } from './data-format-error.js';

const QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'BTC', 'ETH', 'BNB', 'EUR', 'TRY', 'USD', 'DAI'];

export interface SymbolName {
  symbol: string;
  base: string;
  quote: string;
}

/** `BTC/USDT`, `BTCUSDT` or `tBTCUSD` (Bitfinex) to base and quote; undefined when unknown. */
export function splitSymbol(text: string): SymbolName | undefined {
  const t = text.startsWith('t') && /^t[A-Z]/.test(text) ? text.slice(1) : text;
  const slash = t.indexOf('/');
  if (slash > 0 && slash < t.length - 1) {
    const base = t.slice(0, slash).toUpperCase();
    const quote = t.slice(slash + 1).toUpperCase();
    return { symbol: `${base}/${quote}`, base, quote };
  }
  const up = t.toUpperCase();
  for (const q of QUOTES) {
    if (up.length > q.length && up.endsWith(q)) {
      const base = up.slice(0, -q.length);
      return { symbol: `${base}/${q}`, base, quote: q };
    }
  }
  return undefined;
}

/** The leading letters and digits of a file name: `BTCUSDT-trades-2024-08-08.csv` gives `BTCUSDT`. */
export function symbolFromFileName(file: string): string | undefined {
  const m = /^[A-Za-z0-9]+/.exec(basename(file));
  return m?.[0];
}

/**
 * The symbol from `--symbol`, else from the data, else from the file name.
 * @throws DataFormatError (row 1) when none of them names a known quote
 */
export function resolveSymbol(option: string | undefined, fromData: string | undefined, file: string): SymbolName {
  for (const candidate of [option, fromData, symbolFromFileName(file)]) {
    if (candidate === undefined) continue;
    const s = splitSymbol(candidate);
    if (s !== undefined) return s;
    if (candidate === option) break;
  }
  throw new DataFormatError(file, 1, null, `cannot tell base and quote of the symbol${option !== undefined ? ` ${JSON.stringify(option)}` : ''}; pass --symbol BASE/QUOTE`);
}
