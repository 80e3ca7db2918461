import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEventLog, readEventLog, writeFileAtomic } from '../../src/io/index.js';
import { collect, makeEvents, rejection, useTempDir } from './fixtures.js';

const dir = useTempDir();
const EVENTS = makeEvents(5_000);

describe('event log atomicity', () => {
  it('shows nothing at the final path until close, then only the final file', async () => {
    const path = join(dir.path, 'events.jsonl');
    const log = await openEventLog(path);
    for (const event of EVENTS) log.write(event);
    await log.flush();

    expect(existsSync(path)).toBe(false);
    expect(existsSync(log.tempPath)).toBe(true);
    expect(log.tempPath.startsWith(`${path}.`)).toBe(true);
    expect(log.tempPath.endsWith('.tmp')).toBe(true);

    await log.close();
    expect(existsSync(path)).toBe(true);
    expect(await readdir(dir.path)).toEqual(['events.jsonl']);
  });

  it('abort leaves nothing behind, for plain and gzip', async () => {
    for (const name of ['a.jsonl', 'b.jsonl.gz']) {
      const log = await openEventLog(join(dir.path, name));
      for (const event of EVENTS) log.write(event);
      await log.flush();
      await log.abort();
      await log.abort(); // idempotent
      expect(() => log.write(EVENTS[0]!)).toThrow(/aborted/);
    }
    expect(await readdir(dir.path)).toEqual([]);
  });

  it('replaces an existing log only on close', async () => {
    const path = join(dir.path, 'events.jsonl');
    await writeFile(path, 'old contents\n');
    const log = await openEventLog(path);
    log.write(EVENTS[0]!);
    await log.flush();
    expect(await readFile(path, 'utf8')).toBe('old contents\n');
    await log.abort();
    expect(await readFile(path, 'utf8')).toBe('old contents\n');

    const again = await openEventLog(path);
    again.write(EVENTS[0]!);
    await again.close();
    expect(await collect(readEventLog(path))).toEqual([EVENTS[0]]);
  });

  it('creates missing parent directories', async () => {
    const path = join(dir.path, 'runs', 'r1', 'events.jsonl.gz');
    const log = await openEventLog(path);
    await log.writeAll(EVENTS.slice(0, 10));
    await log.close();
    expect(await collect(readEventLog(path))).toEqual(EVENTS.slice(0, 10));
  });

  it('close is idempotent, abort after close keeps the file, write after close throws', async () => {
    const path = join(dir.path, 'events.jsonl');
    const log = await openEventLog(path);
    log.write(EVENTS[0]!);
    const first = await log.close();
    expect(await log.close()).toBe(first);
    await log.abort();
    expect(existsSync(path)).toBe(true);
    expect(() => log.write(EVENTS[1]!)).toThrow(/closed/);
  });

  it('refuses header fields that would override format or version', async () => {
    const err = await rejection(openEventLog(join(dir.path, 'x.jsonl'), { header: { version: 99 } }));
    expect(err.message).toMatch(/"format" and "version" are set by the writer/);
    expect(await readdir(dir.path)).toEqual([]);
  });

  it('fails to open in a directory that cannot exist, leaving nothing', async () => {
    const blocker = join(dir.path, 'file');
    await writeFile(blocker, '');
    await expect(openEventLog(join(blocker, 'events.jsonl'))).rejects.toThrow();
    expect(await readdir(dir.path)).toEqual(['file']);
  });
});

describe('writeFileAtomic', () => {
  it('creates parents, writes, overwrites, and leaves no temp files', async () => {
    const path = join(dir.path, 'out', 'results.json');
    await writeFileAtomic(path, '{"a":1}\n');
    expect(await readFile(path, 'utf8')).toBe('{"a":1}\n');
    await writeFileAtomic(path, new TextEncoder().encode('{"a":2}\n'));
    expect(await readFile(path, 'utf8')).toBe('{"a":2}\n');
    expect(await readdir(join(dir.path, 'out'))).toEqual(['results.json']);
  });
});
