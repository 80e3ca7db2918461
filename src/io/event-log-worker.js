// @ts-check
/**
 * The thread of {@link WriteThread} (write-thread.ts): hashes the uncompressed
 * JSONL and writes it (gzipped when asked) to a file descriptor the main thread
 * opened, while the main thread goes on simulating and encoding.
 *
 * Plain JavaScript, not TypeScript, so the same file runs from src/ under
 * vitest and from dist/ (a worker cannot load a .ts file on Node 20); tsc
 * checks it (@ts-check) and copies it to dist/.
 *
 * Messages from the main thread, in the order it sent them:
 * - a number n: the next ring slot (slots are used in turn) holds n bytes;
 *   once they are hashed and written (or taken in by gzip), CONSUMED in the
 *   shared counters goes up by one and the main thread may refill the slot;
 * - a Uint8Array: bytes that did not go through the ring (a spilled chunk,
 *   an oversized line), copied to this thread;
 * - 'close': finish gzip, then post `{ sha256 }`.
 * Any failure posts `{ error }` once and ignores what follows.
 */
import { createHash } from 'node:crypto';
import { fdatasync, writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createGzip } from 'node:zlib';

/** @type {{ fd: number, gzip: boolean, gzipLevel: number, ring: SharedArrayBuffer, slots: number, counters: SharedArrayBuffer }} */
const data = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
const slotBytes = data.ring.byteLength / data.slots;
const counters = new Int32Array(data.counters);
/** Index of CONSUMED in the shared counters (see write-thread.ts). */
const CONSUMED = 0;
const hash = createHash('sha256');
let nextSlot = 0;
let failed = false;

/**
 * Bytes written between background fdatasyncs. Why: the kernel starts writing
 * dirty pages back only when there are gigabytes of them, so a big log would be
 * written to disk entirely by the fsync at close, with the caller waiting
 * (seconds for a 2.7 GB log). Syncing as we go, on the libuv pool while this
 * thread keeps writing, spreads that over the run and leaves close little to do.
 */
const SYNC_EVERY = 64 * 1024 * 1024;
let unsynced = 0;
/** Settles when the background fdatasync in progress, if any, is done. */
let syncing = Promise.resolve();
let syncPending = false;

/** @param {Uint8Array} bytes */
function writeAll(bytes) {
  let done = 0;
  while (done < bytes.length) done += writeSync(data.fd, bytes, done, bytes.length - done);
  unsynced += bytes.length;
  if (unsynced >= SYNC_EVERY && !syncPending) {
    unsynced = 0;
    syncPending = true;
    syncing = new Promise((resolve) => {
      fdatasync(data.fd, (err) => {
        syncPending = false;
        if (err) fail(err);
        resolve(undefined);
      });
    });
  }
}

/** @param {unknown} err */
function fail(err) {
  if (failed) return;
  failed = true;
  const e = /** @type {NodeJS.ErrnoException} */ (err instanceof Error ? err : new Error(String(err)));
  // Structured clone keeps an Error's message and stack but not fields like `code`: send those beside it.
  port.postMessage({ error: { message: e.message, stack: e.stack, name: e.name, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path } });
}

const gzip = data.gzip ? createGzip({ level: data.gzipLevel }) : null;
gzip?.on('data', (/** @type {Buffer} */ out) => {
  try {
    if (!failed) writeAll(out);
  } catch (e) {
    fail(e);
  }
});
gzip?.on('error', fail);

/**
 * Hash `bytes` and write them, or hand them to gzip; `done` runs once the
 * bytes are no longer needed (gzip reads its input on another thread).
 * @param {Uint8Array} bytes
 * @param {() => void} done
 */
function take(bytes, done) {
  hash.update(bytes);
  if (gzip) gzip.write(bytes, done);
  else {
    writeAll(bytes);
    done();
  }
}

function slotDone() {
  Atomics.add(counters, CONSUMED, 1);
  Atomics.notify(counters, CONSUMED);
}

port.on('message', (/** @type {number | Uint8Array | 'close'} */ m) => {
  if (failed) return;
  try {
    if (typeof m === 'number') {
      const slot = nextSlot;
      nextSlot = (nextSlot + 1) % data.slots;
      take(new Uint8Array(data.ring, slot * slotBytes, m), slotDone);
    } else if (m === 'close') {
      const finish = () => {
        // The main thread fsyncs and closes the file after this reply, so no sync may still be running.
        void syncing.then(() => {
          if (!failed) port.postMessage({ sha256: hash.digest('hex') });
        });
      };
      if (gzip) {
        // 'end': gzip's last output has been through the 'data' handler (the end callback only means input taken).
        gzip.once('end', finish);
        gzip.end();
      } else finish();
    } else {
      take(m, () => undefined);
    }
  } catch (e) {
    fail(e);
  }
});
