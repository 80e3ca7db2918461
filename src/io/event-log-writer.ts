/**
 * Writing an event log: JSON Lines, a header line then one event per line.
 *
 * ```
 * {"format":"surveil-events","version":1,"scenario":"attack-basic","seed":7}
 * {"seq":0,"t":0,"type":"asset-listed",...}
 * ```
 *
 * Byte-for-byte determinism comes from the event factories, not from here:
 * every event of a type is built with the same key order, and JSON.stringify
 * keeps insertion order, so the same run gives the same bytes. Keys are not
 * re-sorted on this hot path (that would cost more than the rest of the write).
 * A header must likewise hold no timestamps or host names; those belong in the
 * run manifest.
 *
 * Speed: lines are encoded straight into a byte buffer (see event-line.ts:
 * the hot event types without JSON.stringify, the rest with it), in chunks of
 * ~1 MiB that a second thread hashes (SHA-256) and writes (see
 * write-thread.ts), so on a busy run the main thread only simulates and
 * encodes. The log is never held in memory or read back.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { EVENT_SCHEMA_VERSION } from '../core/index.js';
import type { MarketEvent } from '../core/index.js';
import { commitTempFile, ensureParentDir, removeQuietly, tempPathFor } from './atomic.js';
import { EventLineEncoder, MAX_FAST_LINE } from './event-line.js';
import { WriteThread } from './write-thread.js';

/** The `format` field of every event log header. */
export const EVENT_LOG_FORMAT = 'surveil-events';

/** First line of an event log. Extra fields (scenario, seed, ...) are free-form. */
export interface EventLogHeader {
  format: typeof EVENT_LOG_FORMAT;
  version: number;
  [field: string]: unknown;
}

/** Options of {@link openEventLog}. */
export interface EventLogWriterOptions {
  /** Gzip the file. Default: true when the path ends in `.gz`. */
  gzip?: boolean;
  /** zlib level 0-9 when gzipping; default 6. Does not affect the log hash. */
  gzipLevel?: number;
  /** Extra header fields, written after `format` and `version` (which they may not override). */
  header?: Record<string, unknown>;
}

/** What {@link EventLogWriter.close} reports about the committed log. */
export interface EventLogSummary {
  /** Final path of the log. */
  path: string;
  /** Number of events written (the header line not included). */
  events: number;
  /** Size of the uncompressed JSONL in bytes, header included. */
  bytes: number;
  /** SHA-256 (hex) of the uncompressed JSONL, header included: the log hash shown to users. */
  sha256: string;
}

type State = 'open' | 'closing' | 'closed' | 'aborted';

/**
 * Streams events to a JSONL file (optionally gzipped) under a temporary name,
 * and renames it into place on {@link close}. Create with {@link openEventLog}.
 *
 * Backpressure: {@link write} is synchronous and returns false when the writer
 * thread has more queued than it wants; a caller that can pause should then
 * `await writer.drain()`. A caller that never awaits still gets a correct file,
 * but unwritten chunks pile up in memory until close.
 *
 * @example
 * ```ts
 * const log = await openEventLog('out/events.jsonl.gz', { header: { seed: 7 } });
 * for (const event of events) if (!log.write(event)) await log.drain();
 * const { sha256 } = await log.close();
 * ```
 */
export class EventLogWriter {
  /** Lines not yet handed to the writer thread: bytes 0..enc.pos of enc.buf. */
  private readonly enc = new EventLineEncoder();
  private eventCount = 0;
  private byteCount = 0;
  private state: State = 'open';
  private closing: Promise<EventLogSummary> | undefined;
  /** Whether the thread was saturated at the last chunk handed over (checked per chunk, not per event). */
  private saturated = false;

  /** @internal use {@link openEventLog} */
  constructor(
    /** Final path; nothing exists there until {@link close} succeeds. */
    readonly path: string,
    /** Where bytes go until close renames the file. */
    readonly tempPath: string,
    /** The temp file, opened here and written by the thread. */
    private readonly file: FileHandle,
    /** Hashes and writes (gzips) the chunks we push. */
    private readonly thread: WriteThread,
    header: EventLogHeader,
  ) {
    this.enc.buf = thread.firstBuffer();
    // The header goes through the same buffer as events, so it is hashed and counted.
    this.writeLine(JSON.stringify(header));
  }

  /** Events written so far. */
  get events(): number {
    return this.eventCount;
  }

  /**
   * Append one event. Synchronous: the line goes to a buffer that is handed to
   * the writer thread every ~1 MiB.
   *
   * @returns false when the writer thread is saturated and the caller should
   *   `await drain()` before writing much more; true otherwise
   * @throws if the log is closed or aborted, or writing already failed
   */
  write(event: MarketEvent): boolean {
    if (this.state !== 'open') throw new Error(`event log ${this.path} is ${this.state}; cannot write`);
    const failure = this.thread.error;
    if (failure !== undefined) throw failure;
    const enc = this.enc;
    if (enc.buf.length - enc.pos < MAX_FAST_LINE) this.pushBuffer();
    if (!enc.fast(event)) this.writeLine(JSON.stringify(event));
    this.eventCount += 1;
    return !this.saturated;
  }

  /** Appends `line` and a newline, pushing the buffer first when it might not fit. */
  private writeLine(line: string): void {
    const enc = this.enc;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const most = line.length * 3 + 1;
    if (enc.buf.length - enc.pos < most) this.pushBuffer();
    if (enc.buf.length < most) {
      const bytes = Buffer.from(`${line}\n`, 'utf8');
      this.byteCount += bytes.length;
      this.thread.pushBytes(bytes);
      return;
    }
    enc.pos += enc.buf.write(line, enc.pos, 'utf8');
    enc.buf[enc.pos++] = 0x0a;
  }

  /**
   * Write every event of a (sync or async) iterable, pausing whenever the
   * writer thread asks for it. Does not close the log.
   */
  async writeAll(events: Iterable<MarketEvent> | AsyncIterable<MarketEvent>): Promise<void> {
    if (Symbol.asyncIterator in events) {
      for await (const event of events) if (!this.write(event)) await this.drain();
    } else {
      // A plain loop: for-await over a sync iterable would cost a microtask per event.
      for (const event of events) if (!this.write(event)) await this.drain();
    }
  }

  /** Resolve once the writer thread can take more data (immediately if it can now). */
  async drain(): Promise<void> {
    await this.thread.drain();
    this.saturated = false;
  }

  /**
   * Hand the buffered lines to the writer thread and wait until it can take
   * more. This does not make the data durable or visible at {@link path}; only
   * {@link close} does.
   */
  async flush(): Promise<void> {
    if (this.state !== 'open') throw new Error(`event log ${this.path} is ${this.state}; cannot flush`);
    this.pushBuffer();
    await this.drain();
  }

  /**
   * Finish the file (flush, end gzip, fsync, close) and rename it to
   * {@link path}. If anything fails the temp file is removed and the error
   * rethrown, so `path` is never left half-written. Calling it again returns the
   * same result.
   */
  close(): Promise<EventLogSummary> {
    if (this.closing) return this.closing;
    if (this.state !== 'open') return Promise.reject(new Error(`event log ${this.path} is ${this.state}; cannot close`));
    this.state = 'closing';
    this.closing = this.finish();
    return this.closing;
  }

  /**
   * Give up on the log: stop the writer thread and delete the temp file.
   * Nothing appears at {@link path}. A no-op after a successful close or a
   * previous abort.
   */
  async abort(): Promise<void> {
    if (this.state === 'closed' || this.state === 'aborted') return;
    if (this.state === 'closing') {
      // Too late to stop: the rename may already be done. Let close settle; if it
      // fails it removes the temp file itself.
      await this.closing?.catch(() => undefined);
      return;
    }
    this.state = 'aborted';
    this.enc.pos = 0;
    await this.discard();
  }

  private async finish(): Promise<EventLogSummary> {
    let sha256: string;
    try {
      const failure = this.thread.error;
      if (failure !== undefined) throw failure;
      this.pushBuffer();
      sha256 = await this.thread.finish();
      // fsync before rename, or a crash could leave the new name pointing at missing data.
      await this.file.sync();
      await this.file.close();
      await commitTempFile(this.tempPath, this.path);
    } catch (err) {
      this.state = 'aborted';
      await this.discard();
      throw err;
    }
    this.state = 'closed';
    return { path: this.path, events: this.eventCount, bytes: this.byteCount, sha256 };
  }

  /** Stop the thread, close the file and remove it; errors here would only hide the first one. */
  private async discard(): Promise<void> {
    await this.thread.stop().catch(() => undefined);
    await this.file.close().catch(() => undefined);
    await removeQuietly(this.tempPath);
  }

  /** Hand the buffered bytes to the writer thread as one chunk and continue in the buffer it gives back. */
  private pushBuffer(): void {
    const enc = this.enc;
    if (enc.pos === 0) return;
    this.byteCount += enc.pos;
    enc.buf = this.thread.push(enc.buf, enc.pos);
    enc.pos = 0;
    this.saturated = this.thread.saturated;
  }
}

/**
 * Open an event log for writing. Creates the parent directories, opens
 * `<path>.<pid>-<n>.tmp`, starts the thread that hashes and writes it, and
 * writes the header line; the log appears at `path` only when
 * {@link EventLogWriter.close} succeeds.
 *
 * @param path - final file name; gzip is the default when it ends in `.gz`
 * @param options - gzip, extra header fields
 * @throws if the header tries to set `format` or `version`, or the file cannot be created
 */
export async function openEventLog(path: string, options: EventLogWriterOptions = {}): Promise<EventLogWriter> {
  const extra = options.header ?? {};
  if ('format' in extra || 'version' in extra) {
    throw new Error('event log header fields "format" and "version" are set by the writer');
  }
  const header: EventLogHeader = { format: EVENT_LOG_FORMAT, version: EVENT_SCHEMA_VERSION, ...extra };
  const gzip = options.gzip ?? path.endsWith('.gz');

  await ensureParentDir(path);
  const tempPath = tempPathFor(path);
  // 'wx': fail rather than write into a file we did not create.
  const file = await open(tempPath, 'wx');
  let thread: WriteThread;
  try {
    thread = new WriteThread(file.fd, gzip, options.gzipLevel ?? 6);
  } catch (err) {
    await file.close();
    await removeQuietly(tempPath);
    throw err;
  }
  return new EventLogWriter(path, tempPath, file, thread, header);
}
