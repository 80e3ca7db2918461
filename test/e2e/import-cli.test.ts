/**
 * `surveil import` then `surveil eval` through the built CLI, as a user runs
 * them: an imported folder has no truth, so eval prints alerts and which rules
 * are not applicable; bad input exits 2 naming file, row and column and
 * leaves nothing behind.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { surveil } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'surveil-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small trades file in Binance's layout: quiet trading, then a burst of buys up 40% within a minute. */
function tradesFile(): string {
  const rows = ['id,price,qty,quote_qty,time,is_buyer_maker,is_best_match'];
  const t0 = 1_700_000_000_000;
  let id = 100;
  for (let i = 0; i < 120; i++) rows.push(`${id++},0.00010000,${(i % 7) + 1}.5,0.0001,${t0 + i * 30_000},${i % 2 === 0},true`);
  for (let i = 0; i < 60; i++) rows.push(`${id++},${(0.0001 * (1 + i / 150)).toFixed(8)},${200 + i}.0,0.02,${t0 + 3_600_000 + i * 1000},false,true`);
  const p = join(dir, 'ALTBTC-trades-2023-11-14.csv');
  writeFileSync(p, `${rows.join('\n')}\n`);
  return p;
}

describe('surveil import', () => {
  it('imports Binance trades and eval runs on the folder: alerts only, rules needing accounts not applicable', () => {
    const out = join(dir, 'alt');
    const r = surveil(['import', 'binance-trades', tradesFile(), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rows      180 read, 0 skipped');
    expect(r.stdout).toMatch(/sha256 {4}[0-9a-f]{64}/);
    const header = JSON.parse(readFileSync(join(out, 'events.jsonl'), 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(header['capabilities']).toEqual(['trades']);
    expect(header['origin']).toBe(1_700_000_000_000);
    const imp = JSON.parse(readFileSync(join(out, 'import.json'), 'utf8')) as { events: number; eventsByType: Record<string, number> };
    expect(imp.eventsByType['trade']).toBe(180);

    const e = surveil(['eval', out, '--out', join(dir, 'alt-eval')]);
    expect(e.stderr).toBe('');
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('no ground truth');
    expect(e.stdout).toMatch(/wash-trading +0 +not applicable \(the stream has no accounts\)/);
    expect(e.stdout).toMatch(/price-volume +\d+ +ran/);
    const results = JSON.parse(readFileSync(join(dir, 'alt-eval', 'results.json'), 'utf8')) as { imported: boolean };
    expect(results.imported).toBe(true);
    expect(existsSync(join(dir, 'alt-eval', 'alerts.csv'))).toBe(true);
  });

  it('exits 2 on a malformed row, naming file, row and column, and writes nothing', () => {
    const bad = join(dir, 'BADBTC-trades.csv');
    writeFileSync(bad, '1,0.5,2,1,1600000000000,true,true\n2,0.5,2x,1,1600000000001,true,true\n');
    const out = join(dir, 'bad-out');
    const r = surveil(['import', 'binance-trades', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`surveil: ${bad}:2 column qty: quantity "2x" is not a decimal number\n`);
    expect(existsSync(out)).toBe(false);

    const skip = surveil(['import', 'binance-trades', bad, '--out', out, '--skip-bad-rows']);
    expect(skip.code).toBe(0);
    expect(skip.stdout).toContain('rows      2 read, 1 skipped');
    expect(skip.stdout).toContain(`e.g. ${bad}:2 column qty: quantity "2x" is not a decimal number`);
  });

  it('refuses a missing file and unknown formats with exit 2', () => {
    expect(surveil(['import', 'pump-trades', join(dir, 'no-such.csv'), '--out', join(dir, 'p')]).code).toBe(2);
    expect(surveil(['import', 'nope', 'x.csv', '--out', join(dir, 'p')]).code).toBe(2);
  });
});
