import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isGzipFile,
  openEventLog,
  readEventLog,
  readEventLogHeader,
  sha256EventLog,
  sha256File,
  sha256OfLines,
} from '../../src/io/index.js';
import type { MarketEvent } from '../../src/core/index.js';
import { collect, makeEvents, useTempDir } from './fixtures.js';

const dir = useTempDir();

// Enough events for many 64 KiB write chunks and more than one 1 MiB read chunk,
// so chunk and line boundaries (and multi-byte characters) fall everywhere.
const N = 20_000;
const EVENTS = makeEvents(N);
const HEADER = { scenario: 'attack-basic', seed: 7 };
const EXPECTED_LINES = [JSON.stringify({ format: 'surveil-events', version: 2, ...HEADER }), ...EVENTS.map((e) => JSON.stringify(e))];

async function writeLog(path: string, events: readonly MarketEvent[], gzip?: boolean) {
  const log = await openEventLog(path, { header: HEADER, ...(gzip === undefined ? {} : { gzip }) });
  for (const event of events) if (!log.write(event)) await log.drain();
  return log.close();
}

describe('event log round trip', () => {
  it('writes plain JSONL: header line, one event per line, hash of the bytes', async () => {
    const path = join(dir.path, 'events.jsonl');
    const summary = await writeLog(path, EVENTS);

    const text = await readFile(path, 'utf8');
    expect(text).toBe(EXPECTED_LINES.map((l) => `${l}\n`).join(''));
    expect(summary).toEqual({
      path,
      events: N,
      bytes: (await stat(path)).size,
      sha256: sha256OfLines(EXPECTED_LINES),
    });
    expect(await sha256File(path)).toBe(summary.sha256);
    expect(await sha256EventLog(path)).toBe(summary.sha256);
  });

  it('reads back exactly what was written, with the header', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLog(path, EVENTS);
    const reader = readEventLog(path, { validate: true });
    expect(await reader.header()).toEqual({ format: 'surveil-events', version: 2, ...HEADER });
    expect(await collect(reader)).toEqual(EVENTS);
  });

  it('gzips when the path ends in .gz; the hash is still of the uncompressed JSONL', async () => {
    const plain = join(dir.path, 'events.jsonl');
    const gz = join(dir.path, 'events.jsonl.gz');
    const plainSummary = await writeLog(plain, EVENTS);
    const gzSummary = await writeLog(gz, EVENTS);

    expect(await isGzipFile(gz)).toBe(true);
    expect(gzSummary.sha256).toBe(plainSummary.sha256);
    expect(gzSummary.bytes).toBe(plainSummary.bytes);
    const unzipped = gunzipSync(await readFile(gz));
    expect(createHash('sha256').update(unzipped).digest('hex')).toBe(gzSummary.sha256);
    expect(await sha256EventLog(gz)).toBe(gzSummary.sha256);
    expect(await sha256File(gz)).not.toBe(gzSummary.sha256);
    expect(await collect(readEventLog(gz, { validate: true }))).toEqual(EVENTS);
  });

  it('detects gzip by magic bytes, not by name', async () => {
    const zippedButPlainName = join(dir.path, 'a.jsonl');
    const plainButGzName = join(dir.path, 'b.jsonl.gz');
    await writeLog(zippedButPlainName, EVENTS.slice(0, 100), true);
    await writeLog(plainButGzName, EVENTS.slice(0, 100), false);
    expect(await isGzipFile(zippedButPlainName)).toBe(true);
    expect(await isGzipFile(plainButGzName)).toBe(false);
    expect(await collect(readEventLog(zippedButPlainName))).toEqual(EVENTS.slice(0, 100));
    expect(await collect(readEventLog(plainButGzName))).toEqual(EVENTS.slice(0, 100));
  });

  it('writes a header-only log when there are no events', async () => {
    const path = join(dir.path, 'empty.jsonl.gz');
    const summary = await writeLog(path, []);
    expect(summary.events).toBe(0);
    expect(summary.sha256).toBe(sha256OfLines(EXPECTED_LINES.slice(0, 1)));
    expect(await collect(readEventLog(path))).toEqual([]);
    expect(await readEventLogHeader(path)).toEqual({ format: 'surveil-events', version: 2, ...HEADER });
  });

  it('writeAll takes sync and async iterables', async () => {
    async function* later(events: readonly MarketEvent[]) {
      for (const e of events) yield e;
    }
    const a = join(dir.path, 'a.jsonl');
    const b = join(dir.path, 'b.jsonl');
    const logA = await openEventLog(a, { header: HEADER });
    await logA.writeAll(EVENTS);
    const logB = await openEventLog(b, { header: HEADER });
    await logB.writeAll(later(EVENTS));
    expect((await logA.close()).sha256).toBe(sha256OfLines(EXPECTED_LINES));
    expect((await logB.close()).sha256).toBe(sha256OfLines(EXPECTED_LINES));
  });

  it('stops cleanly when the reader breaks out early', async () => {
    const path = join(dir.path, 'events.jsonl.gz');
    await writeLog(path, EVENTS);
    const seen: number[] = [];
    for await (const event of readEventLog(path)) {
      seen.push(event.seq);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([0, 1, 2]);
  });

  it('round-trips any prefix of the event mix (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300 }), fc.boolean(), async (n, gzip) => {
        const events = makeEvents(n);
        const path = join(dir.path, `p-${n}-${gzip}.jsonl`);
        const summary = await writeLog(path, events, gzip);
        expect(await collect(readEventLog(path, { validate: true }))).toEqual(events);
        expect(await sha256EventLog(path)).toBe(summary.sha256);
      }),
      { numRuns: 25, seed: 42 },
    );
  });
});
