/**
 * `surveil realdata pumps` through the built CLI: on a small synthetic copy of
 * the realdata layout (always), and on one real coin when ../shared/realdata
 * is there (or required by SURVEIL_REALDATA=required).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writePumpFixture } from '../realdata/pump-fixture.js';
import { surveil } from './cli.js';

describe('surveil realdata pumps (synthetic fixture)', () => {
  it('catches the one pump, writes every output, and prints a table', () => {
    const root = writePumpFixture(mkdtempSync(join(tmpdir(), 'realdata-')));
    const out = join(root, 'out');
    const r = surveil(['realdata', 'pumps', '--realdata', root, '--out', out, '--splits', '2', '--grid', 'defaults']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rush-orders\s+defaults, all data\s+100\.0% \(1\/1\)/);
    for (const f of ['results.json', 'false-alarms.csv', 'misses.csv', 'report.md']) expect(existsSync(join(out, f))).toBe(true);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.data).toMatchObject({ events: 1, visibleEvents: 1, negativeFiles: 1 });
    expect(results.rules['price-volume'].defaults.recall.successes).toBe(1);
    const again = surveil(['realdata', 'pumps', '--realdata', root, '--out', join(root, 'out2'), '--splits', '2', '--grid', 'defaults', '--json']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(readFileSync(join(out, 'results.json'), 'utf8'));
  });

  it('exits 2 naming file, line and column of a bad row', () => {
    const root = writePumpFixture(mkdtempSync(join(tmpdir(), 'realdata-')), { badRow: true });
    const r = surveil(['realdata', 'pumps', '--realdata', root, '--out', join(root, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ABCBTC_20200110T1700Z\.csv\.gz:102 column side: "bye" is neither buy nor sell/);
  });

  it('exits 2 when the folder is not a realdata folder', () => {
    const r = surveil(['realdata', 'pumps', '--realdata', tmpdir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no binance-pump-trades/ folder');
  });
});

const realdata = fileURLToPath(new URL('../../../shared/realdata/', import.meta.url));
describe.skipIf(!existsSync(join(realdata, 'binance-pump-trades')) && process.env.SURVEIL_REALDATA !== 'required')('surveil realdata pumps (one real coin)', () => {
  it('runs on the real ADX files', () => {
    const out = mkdtempSync(join(tmpdir(), 'realdata-adx-'));
    const r = surveil(['realdata', 'pumps', '--realdata', realdata, '--coins', 'ADX', '--splits', '2', '--grid', 'defaults', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.data.events).toBe(3);
    expect(res.rules['rush-orders'].defaults.recall.n).toBeGreaterThan(0);
  });
});
