/**
 * The thread that hashes and writes event logs: whatever the main thread
 * pushes, through ring slots, spilled copies or oversized lines, reaches the
 * file in order with the SHA-256 of exactly those bytes, plain or gzipped; a
 * write error (a full disk) reaches drain and finish with its code.
 */
import { createHash, randomBytes } from 'node:crypto';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WriteThread } from '../../src/io/write-thread.js';
import { rejection, useTempDir } from './fixtures.js';

const dir = useTempDir();

/** Fills buffers handed out by `thread` with random chunks of 1..size bytes; returns everything pushed, in order. */
function pushChunks(thread: WriteThread, chunks: number, size: number): Buffer {
  const pushed: Buffer[] = [];
  let buf = thread.firstBuffer();
  for (let i = 0; i < chunks; i++) {
    const bytes = randomBytes(1 + (i * 7919) % size);
    bytes.copy(buf);
    pushed.push(bytes);
    buf = thread.push(buf, bytes.length);
    if (i % 10 === 3) {
      // A line longer than a slot goes over on its own, between two chunks.
      const long = randomBytes(size * 3);
      thread.pushBytes(long);
      pushed.push(long);
    }
  }
  return Buffer.concat(pushed);
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('write thread', () => {
  for (const gzip of [false, true]) {
    it(`writes and hashes every byte in order through a full ring${gzip ? ', gzipped' : ''}`, async () => {
      const path = join(dir.path, 'out.bin');
      const fd = openSync(path, 'wx');
      // Two 4 KiB slots and no waiting: most chunks find the ring full and spill.
      const thread = new WriteThread(fd, gzip, 1, 2, 4096);
      const pushed = pushChunks(thread, 200, 4096);
      expect(thread.spills).toBeGreaterThan(0);
      expect(await thread.finish()).toBe(sha256(pushed));
      closeSync(fd);
      const written = readFileSync(path);
      expect(gzip ? gunzipSync(written).equals(pushed) : written.equals(pushed)).toBe(true);
    });
  }

  it('drain waits for the ring to empty and resolves', async () => {
    const path = join(dir.path, 'out.bin');
    const fd = openSync(path, 'wx');
    const thread = new WriteThread(fd, false, 6, 4, 4096);
    const pushed = pushChunks(thread, 50, 4096);
    await thread.drain();
    expect(thread.saturated).toBe(false);
    expect(await thread.finish()).toBe(sha256(pushed));
    closeSync(fd);
    expect(readFileSync(path).equals(pushed)).toBe(true);
  });

  it('a full disk fails drain and finish with ENOSPC', async () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const thread = new WriteThread(fd, false, 6, 4, 4096);
      pushChunks(thread, 50, 4096);
      const drained = await rejection(thread.drain());
      expect((drained as NodeJS.ErrnoException).code).toBe('ENOSPC');
      const finished = await rejection(thread.finish());
      expect((finished as NodeJS.ErrnoException).code).toBe('ENOSPC');
      await thread.stop();
    } finally {
      closeSync(fd);
    }
  });
});
