import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { surveil } from './cli.js';

const dir = mkdtempSync(join(tmpdir(), 'surveil-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('surveil bench book', () => {
  it('replays a flow file and prints one JSON line with the final book state', () => {
    const flow = join(dir, 'tiny.csv');
    // Two asks, a bid that crosses one of them, a cancel, and a market sell into the bid.
    writeFileSync(flow, 'op,id,side,price,qty\nA,1,S,100.05,10\nA,2,S,100.10,5\nA,3,B,100.05,4\nA,4,B,99.90,7\nC,2,,,\nM,5,S,,3\n');
    const r = surveil(['bench', 'book', '--flow', flow, '--runs', '1', '--live', '1000']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!);
    expect(out).toMatchObject({
      bench: 'book',
      ops: 6,
      tradedQty: 7,
      liveOrders: 2,
      restingQty: 10,
      bestBid: 9990,
      bestAsk: 10005,
      memoryLiveOrders: 1000,
    });
    expect(out.opsPerSec).toBeGreaterThan(0);
    expect(out.heapBytesPerLiveOrder).toBeGreaterThan(0);
  });

  it('names file, line and column of a malformed row and exits 2', () => {
    const flow = join(dir, 'bad.csv');
    writeFileSync(flow, 'op,id,side,price,qty\nA,1,S,100.05,10\nA,2,X,100.10,5\n');
    const r = surveil(['bench', 'book', '--flow', flow, '--runs', '1', '--live', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${flow}:3:5  side must be B or S`);
    expect(r.stdout).toBe('');
  });

  it('rejects a price off the tick grid', () => {
    const flow = join(dir, 'offgrid.csv');
    writeFileSync(flow, 'op,id,side,price,qty\nA,1,S,100.055,10\n');
    const r = surveil(['bench', 'book', '--flow', flow]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${flow}:2:7  price must be a positive decimal with at most 2 decimals`);
  });

  it('exits 2 on an unknown command or flag', () => {
    expect(surveil(['frobnicate']).code).toBe(2);
    expect(surveil(['bench', 'book', '--flwo', 'x']).code).toBe(2);
  });
});

describe('surveil bench sim', () => {
  it('reports the first run and the warm runs of the loop on a scenario, with the same event count', () => {
    const r = surveil(['bench', 'sim', '--scenario', 'scenarios/quiet-market.yaml', '--hours', '0.5', '--warm-runs', '1', '--no-full-run']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out).toMatchObject({ bench: 'sim-loop', scenario: 'quiet-market', simulatedHours: 0.5, warmRuns: 1 });
    expect(out.events).toBeGreaterThan(1000);
    expect(out.steps).toBeGreaterThan(0);
    expect(out.eventsPerSec).toBeGreaterThan(0);
    expect(out.warmEventsPerSec).toBeGreaterThan(0);
    expect(out.minorPageFaults).toBeGreaterThanOrEqual(0);
  });

  it('refuses a negative --warm-runs', () => {
    const r = surveil(['bench', 'sim', '--scenario', 'scenarios/quiet-market.yaml', '--hours', '0.1', '--warm-runs', '-1', '--no-full-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--warm-runs');
  });
});
