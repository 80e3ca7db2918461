import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LogFormatError, openEventLog, readEventLog, readEventLogHeader } from '../../src/io/index.js';
import { HEADER_LINE, collect, makeEvents, rejection, trade, useTempDir, writeLines } from './fixtures.js';

const dir = useTempDir();

/** Read the whole log and return the LogFormatError it fails with. */
async function readError(path: string, validate = false): Promise<LogFormatError> {
  const err = await rejection(collect(readEventLog(path, { validate })));
  expect(err).toBeInstanceOf(LogFormatError);
  return err as LogFormatError;
}

const line = (event: object) => JSON.stringify(event);

describe('event log reader errors name the file and line', () => {
  it('bad JSON on line 3', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLines(path, [HEADER_LINE, line(trade(0, 0)), '{"seq":1,"t":5,', line(trade(2, 5))]);
    const err = await readError(path);
    expect(err.file).toBe(path);
    expect(err.line).toBe(3);
    expect(err.message.startsWith(`${path}:3: invalid JSON: `)).toBe(true);
  });

  it('a seq gap', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLines(path, [HEADER_LINE, line(trade(0, 0)), line(trade(1, 0)), line(trade(3, 0))]);
    const err = await readError(path);
    expect(err.line).toBe(4);
    expect(err.message).toBe(`${path}:4: seq 3 where 2 was expected (events are numbered 0, 1, 2, ... without gaps)`);
  });

  it('a first event that is not seq 0', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLines(path, [HEADER_LINE, line(trade(1, 0))]);
    expect((await readError(path)).message).toBe(`${path}:2: seq 1 where 0 was expected (events are numbered 0, 1, 2, ... without gaps)`);
  });

  it('time going back', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLines(path, [HEADER_LINE, line(trade(0, 10)), line(trade(1, 10)), line(trade(2, 9))]);
    const err = await readError(path);
    expect(err.line).toBe(4);
    expect(err.message).toBe(`${path}:4: t 9 is before the previous event's t 10 (time never goes back)`);
  });

  it('a schema violation, only with validate: true, every issue listed', async () => {
    const path = join(dir.path, 'events.jsonl');
    const bad = { ...trade(1, 0), price: 12.5, qty: -1, extra: true };
    await writeLines(path, [HEADER_LINE, line(trade(0, 0)), line(bad)]);

    // Unvalidated reading trusts the shape (order checks still hold here).
    expect(await collect(readEventLog(path))).toHaveLength(2);

    const err = await readError(path, true);
    expect(err.line).toBe(3);
    expect(err.issues.map((i) => i.path)).toEqual(['price', 'qty', 'extra']);
    expect(err.message.split('\n')).toEqual([
      `${path}:3  price: expected int, received number`,
      `${path}:3  qty: ${err.issues[1]?.message}`,
      `${path}:3  extra: unknown field`,
    ]);
  });

  it('a missing field, with validate: true', async () => {
    const path = join(dir.path, 'events.jsonl');
    const { takerFee: _dropped, ...noFee } = trade(0, 0);
    await writeLines(path, [HEADER_LINE, line(noFee)]);
    expect((await readError(path, true)).message).toBe(`${path}:2  takerFee: missing (expected number)`);
  });

  it('an unknown or missing event type, with validate: true', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLines(path, [HEADER_LINE, line({ seq: 0, t: 0, type: 'teleport' })]);
    const err = await readError(path, true);
    expect(err.message).toMatch(new RegExp(`^${escape(path)}:2  type: unknown event type "teleport" \\(expected one of asset-listed, `));

    await writeLines(path, [HEADER_LINE, line({ seq: 0, t: 0 })]);
    expect((await readError(path, true)).message).toBe(`${path}:2  type: missing`);
  });

  it('a line that is not an object, or is empty', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLines(path, [HEADER_LINE, '[1,2]']);
    expect((await readError(path)).message).toBe(`${path}:2: expected an event object`);
    await writeLines(path, [HEADER_LINE, line(trade(0, 0)), '', line(trade(1, 0))]);
    expect((await readError(path)).message).toBe(`${path}:3: empty line`);
  });

  it('line numbers hold in a gzip file', async () => {
    const path = join(dir.path, 'events.jsonl.gz');
    const lines = [HEADER_LINE, ...makeEvents(9_999).map(line), line(trade(10_000, 1e9))];
    await writeFile(path, gzipSync(lines.map((l) => `${l}\n`).join('')));
    const err = await readError(path);
    expect(err.line).toBe(10_001);
    expect(err.message).toBe(`${path}:10001: seq 10000 where 9999 was expected (events are numbered 0, 1, 2, ... without gaps)`);
  });

  it('a truncated gzip file', async () => {
    const path = join(dir.path, 'events.jsonl.gz');
    const log = await openEventLog(path);
    await log.writeAll(makeEvents(2_000));
    await log.close();
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 100));
    const err = await readError(path);
    expect(err.message).toMatch(/corrupt or truncated gzip data|invalid JSON/);
  });

  it('a last line without a newline is accepted', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeFile(path, `${HEADER_LINE}\n${line(trade(0, 0))}`);
    expect(await collect(readEventLog(path))).toEqual([trade(0, 0)]);
  });

  it('can only be iterated once', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLines(path, [HEADER_LINE]);
    const reader = readEventLog(path);
    await collect(reader);
    await expect(collect(reader)).rejects.toThrow(/only be iterated once/);
  });
});

describe('event log header', () => {
  it('is required', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLines(path, [line(trade(0, 0))]);
    const err = await readError(path);
    expect(err.line).toBe(1);
    expect(err.message).toBe(`${path}:1: missing header; expected a first line like {"format":"surveil-events","version":2}`);
  });

  it('must not be an empty file', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeFile(path, '');
    expect((await readError(path)).message).toMatch(new RegExp(`^${escape(path)}:1: empty file; `));
  });

  it('must name the surveil-events format', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLines(path, [line({ format: 'other-tool', version: 1 })]);
    expect((await readError(path)).message).toMatch(/:1: unknown log format "other-tool"; expected a first line like/);
  });

  it('must not be from a newer version', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLines(path, [line({ format: 'surveil-events', version: 3 }), line(trade(0, 0))]);
    const err = await rejection(readEventLogHeader(path));
    expect(err).toBeInstanceOf(LogFormatError);
    expect(err.message).toBe(`${path}:1: event log version 3 is newer than this surveil can read (version 2); upgrade surveil`);
    expect((await readError(path)).line).toBe(1);
  });

  it('must have an integer version', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLines(path, [line({ format: 'surveil-events', version: '1' })]);
    expect((await readError(path)).message).toBe(`${path}:1: header version must be a positive integer, got "1"`);
  });

  it('keeps extra fields', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeLines(path, [line({ format: 'surveil-events', version: 2, seed: 3 })]);
    expect(await readEventLogHeader(path)).toEqual({ format: 'surveil-events', version: 2, seed: 3 });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
