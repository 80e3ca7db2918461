/**
 * Reading an event log written by {@link EventLogWriter} (or by an importer):
 * streamed line by line, gzip detected from the file's magic bytes, and every
 * problem reported as `file:line` so it can be found with an editor.
 *
 * Always checked: the header (format and version), that each line is a JSON
 * object, that `seq` counts 0, 1, 2, ... and that `t` never decreases; those are
 * cheap and every detector relies on them. Checked with `validate: true`: each
 * event against the zod schema, which costs several times the parse and is meant
 * for logs from outside (imports, other versions, hand edits).
 */
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import { EVENT_SCHEMA_VERSION, EVENT_TYPES, eventSchema } from '../core/index.js';
import type { MarketEvent } from '../core/index.js';
import { openDecompressed } from './compression.js';
import { EVENT_LOG_FORMAT } from './event-log-writer.js';
import type { EventLogHeader } from './event-log-writer.js';

/** One problem with one field of an event: `path` is like `price` or `ips[0]`. */
export interface LogIssue {
  path: string;
  message: string;
}

/**
 * A log that cannot be read as events. `message` is ready to show:
 * `events.jsonl:17: invalid JSON: ...`, or for schema problems one line per
 * issue, `events.jsonl:17  price: expected int, received number`.
 */
export class LogFormatError extends Error {
  override readonly name = 'LogFormatError';

  /**
   * @param file - the path as the caller gave it
   * @param line - 1-based line number; the header is line 1
   * @param message - full message, already prefixed with file and line
   * @param issues - per-field problems, when the line failed schema validation
   */
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
    readonly issues: readonly LogIssue[] = [],
  ) {
    super(message);
  }

  /** An error about a whole line: `file:line: detail`. */
  static at(file: string, line: number, detail: string): LogFormatError {
    return new LogFormatError(file, line, `${file}:${line}: ${detail}`);
  }

  /** An error listing schema issues, one `file:line  path: message` line each. */
  static schema(file: string, line: number, issues: readonly LogIssue[]): LogFormatError {
    const text = issues.map((i) => `${file}:${line}  ${i.path}: ${i.message}`).join('\n');
    return new LogFormatError(file, line, text, issues);
  }
}

/** Options of {@link readEventLog}. */
export interface ReadEventLogOptions {
  /** Check every event against the event schema (slower). Default false. */
  validate?: boolean;
}

/**
 * Split a text stream into lines, a chunk's worth at a time: handing out arrays
 * keeps the per-line cost to a string slice, with no promise per line.
 */
async function* lineBatches(stream: Readable): AsyncGenerator<string[]> {
  // A decoder in the stream, so a UTF-8 character split across chunks stays whole.
  stream.setEncoding('utf8');
  let rest = '';
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      if (lines.length > 0) yield lines;
    }
    // A last line without a newline still counts; a truncated one fails to parse.
    if (rest.length > 0) yield [rest];
  } finally {
    stream.destroy();
  }
}

/** `["ips", 0, "x"]` -> `ips[0].x`; the event itself is `(event)`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(event)' : out;
}

/** zod issues as short `path: message` pairs, phrased for a log file rather than a form. */
function toLogIssues(error: z.ZodError, value: unknown): LogIssue[] {
  const issues: LogIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: formatPath([...issue.path, key]), message: 'unknown field' });
    } else if (issue.code === 'invalid_union' && formatPath(issue.path) === 'type') {
      // The default lists all 15 types; the type that was found says more.
      const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
      const message =
        type === undefined ? 'missing' : `unknown event type ${JSON.stringify(type)} (expected one of ${EVENT_TYPES.join(', ')})`;
      issues.push({ path: 'type', message });
    } else {
      const message = issue.message
        .replace(/^Invalid input: /, '')
        .replace(/^expected (.+), received undefined$/, 'missing (expected $1)');
      issues.push({ path: formatPath(issue.path), message });
    }
  }
  return issues;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** zlib failures mean corrupt or truncated gzip data: a format problem, not an I/O one. */
function isZlibError(err: unknown): err is Error {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('Z_');
}

/**
 * An event log opened for reading. Iterate it (once) with `for await`; call
 * {@link header} for the header line. The file is opened lazily, on the first
 * of the two; breaking out of the loop closes it, and so does {@link close}.
 */
export class EventLogReader implements AsyncIterable<MarketEvent> {
  private batches: AsyncGenerator<string[]> | undefined;
  /** Lines read past the header, served before the next batch from the file. */
  private held: string[] | undefined;
  private headerRead: Promise<EventLogHeader> | undefined;
  private iterated = false;
  /** Number of the last line taken from the file (1-based; 0 before the header). */
  private lineNo = 0;

  constructor(
    /** The path as given; used verbatim in error messages. */
    readonly path: string,
    private readonly options: ReadEventLogOptions = {},
  ) {}

  /** The header line, checked: right format, a version this code can read. */
  header(): Promise<EventLogHeader> {
    this.headerRead ??= this.readHeader().catch(async (err: unknown) => {
      // Nobody will read past a bad header: release the file now.
      await this.close();
      throw err;
    });
    return this.headerRead;
  }

  /** Stop reading and release the file. Safe to call at any time, and more than once. */
  async close(): Promise<void> {
    await this.batches?.return(undefined);
  }

  [Symbol.asyncIterator](): AsyncIterator<MarketEvent> {
    if (this.iterated) throw new Error(`event log ${this.path} can only be iterated once; call readEventLog again`);
    this.iterated = true;
    return this.events();
  }

  private async *events(): AsyncGenerator<MarketEvent> {
    try {
      await this.header();
      const batches = this.batches;
      if (batches === undefined) return;
      const validate = this.options.validate === true;
      let nextSeq = 0;
      let lastT = 0;
      for (;;) {
        const next = await this.nextBatch(batches);
        if (next === undefined) return;
        for (const text of next) {
          this.lineNo += 1;
          const event = this.parseEvent(text, validate);
          // Order checks after parsing, so a line that is not an event reports that instead.
          const { seq, t } = event as { seq: unknown; t: unknown };
          if (seq !== nextSeq) {
            throw LogFormatError.at(
              this.path,
              this.lineNo,
              typeof seq === 'number'
                ? `seq ${seq} where ${nextSeq} was expected (events are numbered 0, 1, 2, ... without gaps)`
                : `seq: expected a number, got ${JSON.stringify(seq)}`,
            );
          }
          if (typeof t !== 'number') {
            throw LogFormatError.at(this.path, this.lineNo, `t: expected a number, got ${JSON.stringify(t)}`);
          }
          if (t < lastT) {
            throw LogFormatError.at(this.path, this.lineNo, `t ${t} is before the previous event's t ${lastT} (time never goes back)`);
          }
          nextSeq += 1;
          lastT = t;
          yield event;
        }
      }
    } finally {
      await this.close();
    }
  }

  private parseEvent(text: string, validate: boolean): MarketEvent {
    if (text.length === 0) throw LogFormatError.at(this.path, this.lineNo, 'empty line');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw LogFormatError.at(this.path, this.lineNo, `invalid JSON: ${(err as Error).message}`);
    }
    if (validate) {
      const result = eventSchema.safeParse(value);
      if (!result.success) throw LogFormatError.schema(this.path, this.lineNo, toLogIssues(result.error, value));
    } else if (!isPlainObject(value)) {
      throw LogFormatError.at(this.path, this.lineNo, 'expected an event object');
    }
    // Unvalidated lines are trusted to be events (our own writer made them); the
    // caller asked for speed. Returning the parsed object keeps its key order.
    return value as MarketEvent;
  }

  private async readHeader(): Promise<EventLogHeader> {
    this.batches = lineBatches(await openDecompressed(this.path));
    const first = await this.nextBatch(this.batches);
    const fail = (detail: string) => LogFormatError.at(this.path, 1, detail);
    const expected = `expected a first line like {"format":"${EVENT_LOG_FORMAT}","version":${EVENT_SCHEMA_VERSION}}`;
    if (first === undefined || first.length === 0) throw fail(`empty file; ${expected}`);
    // Leave the rest of the first batch for the event loop.
    const text = first.shift() ?? '';
    this.lineNo = 1;
    this.pushBack(first);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw fail(`invalid JSON: ${(err as Error).message}`);
    }
    if (!isPlainObject(value) || !('format' in value)) throw fail(`missing header; ${expected}`);
    const { format, version } = value;
    if (format !== EVENT_LOG_FORMAT) throw fail(`unknown log format ${JSON.stringify(format)}; ${expected}`);
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      throw fail(`header version must be a positive integer, got ${JSON.stringify(version)}`);
    }
    if (version > EVENT_SCHEMA_VERSION) {
      throw fail(
        `event log version ${version} is newer than this surveil can read (version ${EVENT_SCHEMA_VERSION}); upgrade surveil`,
      );
    }
    if (version < EVENT_SCHEMA_VERSION) {
      throw fail(`event log version ${version} is older than this surveil can read (version ${EVENT_SCHEMA_VERSION}); re-run it`);
    }
    return value as EventLogHeader;
  }

  private pushBack(lines: string[]): void {
    if (lines.length > 0) this.held = lines;
  }

  private async nextBatch(batches: AsyncGenerator<string[]>): Promise<string[] | undefined> {
    if (this.held !== undefined) {
      const held = this.held;
      this.held = undefined;
      return held;
    }
    try {
      const next = await batches.next();
      return next.done === true ? undefined : next.value;
    } catch (err) {
      if (isZlibError(err)) {
        throw LogFormatError.at(this.path, this.lineNo + 1, `corrupt or truncated gzip data (${err.message})`);
      }
      throw err;
    }
  }
}

/**
 * Open an event log for reading: plain or gzipped JSONL (detected by magic
 * bytes), streamed line by line in bounded memory.
 *
 * @example
 * ```ts
 * const log = readEventLog('events.jsonl.gz', { validate: true });
 * const header = await log.header();
 * for await (const event of log) detector.observe(event);
 * ```
 * @throws {@link LogFormatError} while iterating (or from `header()`), naming file and line
 */
export function readEventLog(path: string, options: ReadEventLogOptions = {}): EventLogReader {
  return new EventLogReader(path, options);
}

/** Read and check just the header line of a log, then close the file. */
export async function readEventLogHeader(path: string): Promise<EventLogHeader> {
  const reader = readEventLog(path);
  try {
    return await reader.header();
  } finally {
    await reader.close();
  }
}
