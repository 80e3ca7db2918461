/**
 * Hashing and writing an event log on a second thread, so that on a busy run
 * the SHA-256, the write syscalls and gzip cost the simulating thread nothing
 * but a small message per chunk: on 2 cores the two run side by side.
 *
 * The main thread encodes lines straight into a ring of chunk-sized slots in
 * shared memory and posts each full slot's length to the worker
 * (event-log-worker.js), which hashes and writes the slots in turn and counts
 * them off in a shared counter. Reading that counter is synchronous, so the
 * main thread learns which slots are free without waiting for the event loop:
 * no copies, no transfers, no allocation per chunk.
 *
 * Back-pressure: {@link saturated} once half the ring is waiting;
 * {@link drain} resolves when it no longer is. A producer that never waits is
 * not blocked: when no slot is free its chunks are copied into messages, and
 * memory grows as with any unwaited stream.
 */
import { Worker } from 'node:worker_threads';

/**
 * Bytes per ring slot: the unit of hashing, writing and messaging. Big, because
 * each message wakes the worker, and on a busy machine a wake-up can cost the
 * main thread its core for a while.
 */
const SLOT_BYTES = 1024 * 1024;
/** Slots in the ring: 8 MiB of shared memory; half of it holds more than one run slice (run-scenario.ts). */
const SLOTS = 8;
/** Index of the slots-consumed counter in the shared counters (the worker's CONSUMED). */
const CONSUMED = 0;

/** What the worker posts when it is done or has failed. */
type Reply = { sha256: string } | { error: { message: string; stack?: string; name?: string; code?: string; errno?: number; syscall?: string; path?: string } };

export class WriteThread {
  private readonly worker: Worker;
  private readonly ring: SharedArrayBuffer;
  private readonly counters = new Int32Array(new SharedArrayBuffer(4));
  /** Slots posted to the worker so far; the one being filled is `published % SLOTS`. */
  private published = 0;
  /** Resolves with the worker's reply, or a failure of the thread itself. */
  private readonly reply: Promise<Reply>;
  private failure: Error | undefined;
  /** Chunks that found the ring full and went over as a copy. */
  spills = 0;
  private spill: Buffer | undefined;
  /** Callers waiting on the thread; while there are any it keeps the process alive. */
  private waiters = 0;

  /**
   * @param fd - open file to write; stays open (the caller syncs and closes it)
   * @param slots - ring slots (tests use a small ring to make it fill)
   * @param slotBytes - bytes per slot
   */
  constructor(
    fd: number,
    gzip: boolean,
    gzipLevel: number,
    private readonly slots = SLOTS,
    private readonly slotBytes = SLOT_BYTES,
  ) {
    this.ring = new SharedArrayBuffer(slots * slotBytes);
    this.worker = new Worker(new URL('./event-log-worker.js', import.meta.url), {
      workerData: { fd, gzip, gzipLevel, ring: this.ring, slots, counters: this.counters.buffer },
    });
    this.reply = new Promise<Reply>((resolve) => {
      this.worker.once('message', resolve);
      this.worker.once('error', (e) => resolve({ error: e }));
      this.worker.once('exit', (code) => resolve({ error: { message: `event log writer thread exited (code ${code})` } }));
    }).then((r) => {
      if ('error' in r) this.failure ??= r.error instanceof Error ? r.error : Object.assign(new Error(r.error.message), r.error);
      return r;
    });
    // The thread keeps the process alive only while someone waits on it (drain, finish).
    this.worker.unref();
  }

  /** The first error of the thread (a write, gzip, or the thread itself), once known. */
  get error(): Error | undefined {
    return this.failure;
  }

  /** Slots posted and not yet consumed. */
  private get pending(): number {
    return this.published - Atomics.load(this.counters, CONSUMED);
  }

  /** True when half the ring is waiting for the worker: the producer should {@link drain}. */
  get saturated(): boolean {
    return this.pending >= this.slots / 2;
  }

  /** A buffer to fill: the ring slot after the last posted one. */
  firstBuffer(): Buffer {
    return Buffer.from(this.ring, 0, this.slotBytes);
  }

  /**
   * Hand over the first `length` bytes of `buf` (from {@link firstBuffer} or
   * a previous push) and get the next buffer to fill: the next ring slot when
   * it is free, else the spill buffer, whose bytes are copied into the message.
   */
  push(buf: Buffer, length: number): Buffer {
    if (buf.buffer === this.ring) {
      this.worker.postMessage(length);
      this.published++;
    } else {
      this.pushBytes(buf.subarray(0, length));
    }
    if (this.pending < this.slots) return Buffer.from(this.ring, (this.published % this.slots) * this.slotBytes, this.slotBytes);
    this.spills++;
    this.spill ??= Buffer.allocUnsafeSlow(this.slotBytes);
    return this.spill;
  }

  /**
   * Hand over a copy of `bytes` (a spilled chunk, or a line longer than a
   * slot). Copied, not transferred: transferring detaches an ArrayBuffer, and
   * after the first detach V8 checks for detached buffers on every typed-array
   * access in the process, which would slow the encoder down for good.
   */
  pushBytes(bytes: Uint8Array): void {
    this.worker.postMessage(new Uint8Array(bytes));
  }

  /** Resolves once the worker is no longer {@link saturated}; rejects if it failed. */
  async drain(): Promise<void> {
    if (this.waiters++ === 0) this.worker.ref();
    try {
      for (;;) {
        if (this.failure) throw this.failure;
        const consumed = Atomics.load(this.counters, CONSUMED);
        if (this.published - consumed < this.slots / 2) return;
        const { value } = Atomics.waitAsync(this.counters, CONSUMED, consumed);
        await Promise.race([value, this.reply]);
      }
    } finally {
      if (--this.waiters === 0) this.worker.unref();
    }
  }

  /** Ask the worker to finish (after everything pushed) and return the SHA-256 of all bytes pushed. */
  async finish(): Promise<string> {
    this.waiters++;
    this.worker.ref();
    this.worker.postMessage('close');
    const r = await this.reply;
    if ('error' in r) throw this.failure;
    await this.worker.terminate();
    return r.sha256;
  }

  /** Stop the thread now, whatever it was doing; pushed bytes may or may not have been written. */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
