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
 * the hot event types without JSON.stringify, the rest with it) and handed to
 * the stream in ~256 KiB chunks, so stream and hash overhead is paid per chunk,
 * not per event. The SHA-256 is computed over the same chunks as they go, so
 * the log is never held in memory or read back.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ZlibOptions } from 'node:zlib';
import { EVENT_SCHEMA_VERSION } from '../core/index.js';
import type { MarketEvent } from '../core/index.js';
import { commitTempFile, ensureParentDir, removeQuietly, tempPathFor } from './atomic.js';
import { EventLineEncoder, MAX_FAST_LINE } from './event-line.js';

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

/**
 * Bytes per chunk handed to the stream and the hash. Each chunk is a fresh
 * buffer: the stream keeps a reference until the bytes reach the file.
 */
const CHUNK_BYTES = 256 * 1024;
/**
 * Bytes the streams may queue before asking us to wait. Well above one chunk,
 * so a steady writer rarely waits, yet memory stays bounded.
 */
const STREAM_HIGH_WATER = 1024 * 1024;

type State = 'open' | 'closing' | 'closed' | 'aborted';

/**
 * Streams events to a JSONL file (optionally gzipped) under a temporary name,
 * and renames it into place on {@link close}. Create with {@link openEventLog}.
 *
 * Backpressure: {@link write} is synchronous and returns false when the stream
 * has more queued than it wants; a caller that can pause should then
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
  /** Lines not yet handed to the stream: bytes 0..enc.pos of enc.buf. */
  private readonly enc = new EventLineEncoder();
  private eventCount = 0;
  private byteCount = 0;
  private readonly hash = createHash('sha256');
  private state: State = 'open';
  private failure: unknown = undefined;
  private closing: Promise<EventLogSummary> | undefined;

  /** @internal use {@link openEventLog} */
  constructor(
    /** Final path; nothing exists there until {@link close} succeeds. */
    readonly path: string,
    /** Where bytes go until close renames the file. */
    readonly tempPath: string,
    /** Stream we write uncompressed chunks into: the gzip stream or the file itself. */
    private readonly sink: Writable,
    /** Settles once every byte reached the file and it is closed (rejects on any stream error). */
    private readonly done: Promise<void>,
    private readonly destroyStreams: () => void,
    header: EventLogHeader,
  ) {
    this.enc.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    // The header goes through the same buffer as events, so it is hashed and counted.
    this.writeLine(JSON.stringify(header));
    // Record the first stream error so the next write/drain/close reports it.
    done.catch((err: unknown) => {
      this.failure ??= err;
    });
  }

  /** Events written so far. */
  get events(): number {
    return this.eventCount;
  }

  /**
   * Append one event. Synchronous: the line goes to a buffer that is handed to
   * the stream every ~256 KiB.
   *
   * @returns false when the stream is saturated and the caller should
   *   `await drain()` before writing much more; true otherwise
   * @throws if the log is closed or aborted, or the stream already failed
   */
  write(event: MarketEvent): boolean {
    if (this.state !== 'open') throw new Error(`event log ${this.path} is ${this.state}; cannot write`);
    if (this.failure !== undefined) throw this.failure;
    const enc = this.enc;
    if (enc.buf.length - enc.pos < MAX_FAST_LINE) this.pushBuffer();
    if (!enc.fast(event)) this.writeLine(JSON.stringify(event));
    this.eventCount += 1;
    return !this.sink.writableNeedDrain;
  }

  /** Appends `line` and a newline, pushing the buffer first when it might not fit. */
  private writeLine(line: string): void {
    const enc = this.enc;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    const most = line.length * 3 + 1;
    if (enc.buf.length - enc.pos < most) this.pushBuffer();
    if (enc.buf.length < most) {
      const bytes = Buffer.from(`${line}\n`, 'utf8');
      this.hash.update(bytes);
      this.byteCount += bytes.length;
      this.sink.write(bytes);
      return;
    }
    enc.pos += enc.buf.write(line, enc.pos, 'utf8');
    enc.buf[enc.pos++] = 0x0a;
  }

  /**
   * Write every event of a (sync or async) iterable, pausing whenever the
   * stream asks for it. Does not close the log.
   */
  async writeAll(events: Iterable<MarketEvent> | AsyncIterable<MarketEvent>): Promise<void> {
    if (Symbol.asyncIterator in events) {
      for await (const event of events) if (!this.write(event)) await this.drain();
    } else {
      // A plain loop: for-await over a sync iterable would cost a microtask per event.
      for (const event of events) if (!this.write(event)) await this.drain();
    }
  }

  /** Resolve once the stream can take more data (immediately if it can now). */
  async drain(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (!this.sink.writableNeedDrain) return;
    // Race with `done`: a stream that fails while we wait never emits 'drain'.
    await Promise.race([once(this.sink, 'drain'), this.done]);
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Hand the buffered lines to the stream and wait until it can take more.
   * This does not make the data durable or visible at {@link path}; only
   * {@link close} does.
   */
  async flush(): Promise<void> {
    if (this.state !== 'open') throw new Error(`event log ${this.path} is ${this.state}; cannot flush`);
    this.pushBuffer();
    await this.drain();
  }

  /**
   * Finish the file (flush, end the gzip stream, fsync, close) and rename it to
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
   * Give up on the log: stop the streams and delete the temp file. Nothing
   * appears at {@link path}. A no-op after a successful close or a previous abort.
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
    this.destroyStreams();
    await this.done.catch(() => undefined);
    await removeQuietly(this.tempPath);
  }

  private async finish(): Promise<EventLogSummary> {
    try {
      if (this.failure !== undefined) throw this.failure;
      this.pushBuffer();
      this.sink.end();
      await this.done;
      await commitTempFile(this.tempPath, this.path);
    } catch (err) {
      this.state = 'aborted';
      this.destroyStreams();
      await this.done.catch(() => undefined);
      await removeQuietly(this.tempPath);
      throw err;
    }
    this.state = 'closed';
    return { path: this.path, events: this.eventCount, bytes: this.byteCount, sha256: this.hash.digest('hex') };
  }

  /** Move the buffered bytes into the hash and the stream as one chunk, and start a fresh buffer. */
  private pushBuffer(): void {
    const enc = this.enc;
    if (enc.pos === 0) return;
    const chunk = enc.buf.subarray(0, enc.pos);
    enc.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    enc.pos = 0;
    this.hash.update(chunk);
    this.byteCount += chunk.length;
    this.sink.write(chunk);
  }
}

/**
 * Open an event log for writing. Creates the parent directories, opens
 * `<path>.<pid>-<n>.tmp` and writes the header line; the log appears at `path`
 * only when {@link EventLogWriter.close} succeeds.
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
  // 'wx': fail rather than write into a file we did not create. flush: fsync
  // before close, so the renamed file has its data even after a power cut.
  const file = createWriteStream(tempPath, { flags: 'wx', flush: true, highWaterMark: STREAM_HIGH_WATER });
  let sink: Writable = file;
  let done: Promise<void>;
  if (gzip) {
    // highWaterMark reaches the underlying Transform at runtime; @types/node's ZlibOptions omits it.
    const zipOptions: ZlibOptions & { highWaterMark: number } = {
      level: options.gzipLevel ?? 6,
      highWaterMark: STREAM_HIGH_WATER,
    };
    const zip = createGzip(zipOptions);
    sink = zip;
    done = pipeline(zip, file);
  } else {
    done = finished(file);
  }
  // Keep an early failure from surfacing as an unhandled rejection; the writer records it.
  done.catch(() => undefined);
  const destroy = (): void => {
    sink.destroy();
    file.destroy();
  };

  try {
    await Promise.race([once(file, 'open'), done]);
  } catch (err) {
    destroy();
    throw err;
  }
  return new EventLogWriter(path, tempPath, sink, done, destroy, header);
}
