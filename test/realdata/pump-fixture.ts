/**
 * A small synthetic copy of the realdata layout (binance-pump-trades with
 * events.csv, negatives.csv, the spike screen, long_windows/, and the La
 * Morgia list) for fast, deterministic tests of `surveil realdata pumps`
 * without ../shared/realdata. Trades are made by a tiny LCG, never Math.random.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const HEADER = 'symbol,timestamp,datetime,side,price,amount,btc_volume';

/** One CSV line of the pump-trade layout (price in satoshi, amount in coins). */
export function line(sym: string, ms: number, side: 'buy' | 'sell', priceSat: number, amount: number): string {
  const price = (priceSat / 1e8).toExponential();
  return `${sym}/BTC,${ms},${new Date(ms).toISOString()},${side},${price},${amount.toFixed(1)},${(priceSat * amount) / 1e8}`;
}

/** Quiet trading from `from` for `hours`, a trade every ~20 s around `priceSat`, then optionally a pump at `pumpAt`. */
export function tradeLines(sym: string, from: number, hours: number, priceSat: number, seed: number, pumpAt?: number): string[] {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const out: string[] = [];
  const end = from + hours * 3_600_000;
  let t = from;
  let price = priceSat;
  while (t < end) {
    if (pumpAt !== undefined && t >= pumpAt && t < pumpAt + 20_000) {
      // A pump: 40 buy orders in 20 s, the price walked up 0.5% each.
      for (let k = 0; k < 40; k++) {
        price = Math.round(price * 1.005);
        out.push(line(sym, pumpAt + k * 500, 'buy', price, 100));
      }
      t = pumpAt + 20_000;
      continue;
    }
    const side = rnd() < 0.5 ? 'buy' : 'sell';
    out.push(line(sym, t, side, price + (side === 'buy' ? 1 : 0), 10 + Math.floor(rnd() * 50)));
    t += 5_000 + Math.floor(rnd() * 30_000);
  }
  return out;
}

const utc = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');

/** Writes the fixture under `root` and returns it; one coin (ABC) with one visible pump and one negatives file. */
export function writePumpFixture(root: string, opts: { badRow?: boolean } = {}): string {
  const dir = join(root, 'binance-pump-trades');
  for (const d of ['events', 'negatives', 'long_windows']) mkdirSync(join(dir, d), { recursive: true });
  mkdirSync(join(root, 'lamorgia-pump-list'), { recursive: true });
  const T = Date.UTC(2020, 0, 10, 17, 0, 0);
  const ev = 'events/ABCBTC_20200110T1700Z.csv.gz';
  const rows = tradeLines('ABC', T - 6 * 3_600_000, 8, 10_000, 7, T);
  if (opts.badRow) rows.splice(100, 1, line('ABC', T - 5 * 3_600_000, 'buy', 10_000, 10).replace(',buy,', ',bye,'));
  writeFileSync(join(dir, ev), gzipSync([HEADER, ...rows].join('\n') + '\n'));
  const neg = 'negatives/ABCBTC_20200110T1700Z_pre.csv.gz';
  writeFileSync(join(dir, neg), gzipSync([HEADER, ...tradeLines('ABC', T - 12 * 86_400_000, 48, 10_000, 11)].join('\n') + '\n'));
  writeFileSync(
    join(dir, 'events.csv'),
    `event_file,symbol,announced_utc,announced_ms,visible_pump_at_announce\n${ev},ABC,${utc(T)},${T},yes\n`,
  );
  writeFileSync(join(dir, 'negatives.csv'), `file,symbol,market_days\n${neg},ABC,2.0\n`);
  writeFileSync(join(dir, 'negatives_spike_screen.csv'), 'file,onset_utc,peak_utc\n');
  writeFileSync(join(root, 'lamorgia-pump-list', 'pump_telegram.csv'), 'symbol,group,date,hour,exchange\nABC,XX,2020-01-10,17:00,binance\n');
  return root;
}
