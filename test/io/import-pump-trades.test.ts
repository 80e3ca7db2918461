/**
 * `surveil import pump-trades`: a small generated file in a temp folder through
 * the built CLI and `surveil eval`, the duplicate count in the header notes,
 * errors and --skip-bad-rows, several files as one market, and one real event
 * file checked against the counts of events.csv.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFormatError } from '../../src/io/index.js';
import { surveil } from '../e2e/cli.js';
import { HEADER, line, tradeLines } from '../realdata/pump-fixture.js';
import { importInMemory, streamProblems } from './import-helpers.js';
import { describeRealdata, realdata } from './realdata.js';

const dir = mkdtempSync(join(tmpdir(), 'surveil-import-pump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, lines: string[], gzip = false): string {
  const p = join(dir, name);
  const text = `${[HEADER, ...lines].join('\n')}\n`;
  writeFileSync(p, gzip ? gzipSync(text) : text);
  return p;
}

const T = Date.UTC(2020, 0, 10, 17, 0, 0);

describe('pump-trades import', () => {
  it('imports through the CLI and eval runs the trade rules on the folder', () => {
    // Two hours of quiet trading, then a pump at T; three rows copied as the downloader's page restarts do.
    const rows = tradeLines('ABC', T - 2 * 3_600_000, 3, 10_000, 7, T);
    rows.splice(50, 0, rows[49]!);
    rows.splice(200, 0, rows[199]!);
    rows.splice(rows.length - 5, 0, rows[rows.length - 6]!);
    const f = file('ABCBTC_20200110T1700Z.csv', rows);
    const out = join(dir, 'abc');
    const r = surveil(['import', 'pump-trades', f, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`rows      ${rows.length} read, 0 skipped`);
    expect(r.stdout).toContain(`checks    trades ${rows.length - 3}, duplicatesDropped 3`);
    const header = JSON.parse(readFileSync(join(out, 'events.jsonl'), 'utf8').split('\n')[0]!) as { capabilities: string[]; origin: number; symbol: string; notes: string[] };
    expect(header.capabilities).toEqual(['trades']);
    expect(header.origin).toBe(Date.UTC(2020, 0, 10));
    expect(header.symbol).toBe('ABC/BTC');
    expect(header.notes.some((n) => n.startsWith('3 duplicate row(s) dropped'))).toBe(true);
    expect(header.notes.some((n) => n.includes('order ids are synthetic'))).toBe(true);

    const e = surveil(['eval', out, '--out', join(dir, 'abc-eval')]);
    expect(e.stderr).toBe('');
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('no ground truth');
    expect(e.stdout).toMatch(/rush-orders +[1-9]\d* +ran/);
    expect(e.stdout).toMatch(/wash-trading +0 +not applicable/);
  });

  it('counts exactly the duplicate rows, with synthetic ids and exact quote values', async () => {
    const f = file('DUP.csv.gz', [
      'ADX/BTC,1000,x,buy,1.0e-05,10.0,0.0001',
      'ADX/BTC,1000,x,buy,1.1e-05,10.0,0.00011',
      'ADX/BTC,1000,x,buy,1.0e-05,10.0,0.0001',
      'ADX/BTC,1000,x,sell,1.0e-05,10.0,0.0001',
      'ADX/BTC,1000,x,buy,1.1e-05,10.0,0.00011',
      'ADX/BTC,1001,x,buy,1.0e-05,10.0,0.0001',
    ], true);
    const { header, report, events } = await importInMemory('pump-trades', [f]);
    expect(report.rows).toBe(6);
    expect(report.checks).toEqual({ trades: 4, duplicatesDropped: 2 });
    expect(header.notes).toContain(
      "2 duplicate row(s) dropped: a row whose side, price and amount equal an earlier row of the same millisecond in the same file (the downloader's page restarts repeat that millisecond)",
    );
    expect(streamProblems(events)).toEqual([]);
    const trades = events.filter((e) => e.type === 'trade');
    expect(trades.map((e) => [e.t, e.trade, e.aggressor, e.price, e.qty, e.quoteQty, e.makerOrder, e.takerOrder])).toEqual([
      [1000, 1, 'buy', 1000, 10000, 10_000_000, 1, 2],
      [1000, 2, 'buy', 1100, 10000, 11_000_000, 3, 4],
      [1000, 3, 'sell', 1000, 10000, 10_000_000, 5, 6],
      [1001, 4, 'buy', 1000, 10000, 10_000_000, 7, 8],
    ]);
    expect(events[2]).toMatchObject({ type: 'symbol-listed', symbol: 'ADX/BTC', tickSize: '0.00000001', lotSize: '0.001', quoteUnitsPerTickLot: 1, baseUnitsPerLot: 100_000 });
  });

  it('names file, row and column of a bad row; --skip-bad-rows skips and counts it', async () => {
    const f = file('BAD.csv', [line('ABC', T, 'buy', 10_000, 10), line('ABC', T + 1, 'buy', 10_000, 10).replace(',buy,', ',hold,'), line('ABC', T + 2, 'sell', 10_000, 10)]);
    const err = await importInMemory('pump-trades', [f]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFormatError);
    expect((err as DataFormatError).message).toBe(`${f}:3 column side: "hold" is neither buy nor sell`);
    const { report } = await importInMemory('pump-trades', [f], { skipBadRows: true });
    expect(report.rows).toBe(3);
    expect(report.skipped.count).toBe(1);
    expect(report.checks['trades']).toBe(2);

    const r = surveil(['import', 'pump-trades', f, '--out', join(dir, 'bad-out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`surveil: ${f}:3 column side: "hold" is neither buy nor sell\n`);
  });

  it('reads several files of one market in time order, and refuses another symbol, files out of order or another grid', async () => {
    const a = file('A.csv', [line('ABC', T, 'buy', 10_000, 10), line('ABC', T + 10, 'sell', 10_000, 10)]);
    const b = file('B.csv', [line('ABC', T + 10, 'buy', 10_001, 10), line('ABC', T + 20, 'buy', 10_002, 10)]);
    const { report, events } = await importInMemory('pump-trades', [a, b]);
    expect(report.checks).toEqual({ trades: 4, duplicatesDropped: 0 });
    expect(streamProblems(events)).toEqual([]);

    const back = await importInMemory('pump-trades', [b, a]).catch((e: unknown) => e);
    expect((back as DataFormatError).message).toContain(`${a}:2 column timestamp: ${T} is before the previous file's last trade`);
    const other = file('C.csv', [line('XYZ', T + 30, 'buy', 10_000, 10)]);
    const sym = await importInMemory('pump-trades', [a, other]).catch((e: unknown) => e);
    expect((sym as DataFormatError).message).toContain(`${other}:2 column symbol: "XYZ/BTC" differs from the first file's symbol "ABC/BTC"`);
    const tick = await importInMemory('pump-trades', [a], { tick: '0.01' }).catch((e: unknown) => e);
    expect((tick as DataFormatError).message).toContain('--tick 0.01');
    expect((await importInMemory('pump-trades', [a], { tick: '0.00000001', lot: '0.001' })).report.checks['trades']).toBe(2);
  });
});

describeRealdata('pump-trades import of a real event file', () => {
  it('drops the duplicate rows events.csv counts, and the stream is valid', async () => {
    const index = parse(readFileSync(realdata('binance-pump-trades/events.csv')), { columns: true }) as Record<string, string>[];
    const ev = index.find((r) => r.event_file === 'events/ADXBTC_20190705T1700Z.csv.gz')!;
    const { header, report, events } = await importInMemory('pump-trades', [realdata('binance-pump-trades', ev.event_file!)]);
    expect(report.rows).toBe(Number(ev.rows));
    expect(report.checks).toEqual({ trades: Number(ev.rows) - Number(ev.exact_duplicate_rows), duplicatesDropped: Number(ev.exact_duplicate_rows) });
    expect(header.notes).toContain(
      `${ev.exact_duplicate_rows} duplicate row(s) dropped: a row whose side, price and amount equal an earlier row of the same millisecond in the same file (the downloader's page restarts repeat that millisecond)`,
    );
    expect(header.symbol).toBe('ADX/BTC');
    expect(streamProblems(events)).toEqual([]);
  });
});
