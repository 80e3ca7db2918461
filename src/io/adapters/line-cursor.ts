/**
 * The lines of a text file (gzip detected by magic bytes), handed out one at a
 * time as positions in the piece of text that holds them, with their 1-based
 * line numbers.
 *
 * The text is the file's bytes one char per byte (latin1), which costs an
 * eighth of UTF-8 decoding and reads ASCII as itself; {@link spanText} gives a
 * line as the UTF-8 text it is, for messages about it. A line cannot split a
 * UTF-8 character: every byte of a multi-byte character is above 0x7f, never `\n`.
 *
 * Why not an async generator of lines (text-lines.ts) or csv-parse
 * (csv-rows.ts): both cost a promise, a line string and a record object per
 * line, and csv-parse builds an info object for every record (on_record
 * reads the line number from it); on LOBSTER's short numeric lines that was
 * most of the import time. Here only reading a new piece of text (64 KB)
 * awaits, and a line is two offsets until a caller slices it.
 *
 * Lines end at `\n`; a `\r` before it (CRLF files) is not part of the line.
 * Blank lines are skipped but counted, as csv-parse's skip_empty_lines does.
 */
import type { Readable } from 'node:stream';
import { openDecompressed } from '../compression.js';

/**
 * Bytes decoded into one piece of text. Files are read in 1 MB chunks, but a
 * string that large lands in V8's large-object space on fresh pages each time,
 * and touching those cost several times the decoding; 64 KB pieces stay in
 * the young generation, whose memory is reused.
 */
const PIECE_BYTES = 64 * 1024;

/** One line: `text.slice(start, end)` (bytes as latin1), found on line `row` of its file. */
export interface TextSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly row: number;
}

/** A line as text: its bytes decoded as UTF-8. */
export function spanText(line: TextSpan): string {
  return Buffer.from(line.text.slice(line.start, line.end), 'latin1').toString('utf8');
}

export class LineCursor implements TextSpan {
  /** Text holding the current line (a piece of whole lines, plus the start of the next one). */
  text = '';
  start = 0;
  end = 0;
  /** 1-based line number of the current line; 0 before the first. */
  row = 0;
  /** Where the next line starts in `text`. */
  private pos = 0;
  /** `text[0, limit)` is whole lines; the rest waits for the next piece. */
  private limit = 0;
  /** Lines passed so far, blank ones included. */
  private lines = 0;
  private ended = false;
  private stream: Readable | null = null;
  private chunks: AsyncIterator<Buffer> | null = null;
  /** The chunk being decoded, piece by piece, and how far. */
  private chunk: Buffer | null = null;
  private decoded = 0;

  /** Nothing is opened until the first {@link read}, so a cursor can be closed in a `finally` whatever happened. */
  constructor(readonly file: string) {}

  /**
   * Moves to the next non-blank line of the text read so far.
   * @returns false when that text is used up: then {@link read}
   */
  next(): boolean {
    const text = this.text;
    while (this.pos < this.limit) {
      const from = this.pos;
      let nl = text.indexOf('\n', from);
      // Only the last line of the file can lack its '\n'.
      if (nl < 0) nl = this.limit;
      this.pos = nl + 1;
      this.lines++;
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end === from) continue;
      this.start = from;
      this.end = end;
      this.row = this.lines;
      return true;
    }
    return false;
  }

  /**
   * Reads pieces until there is a next line, and moves to it.
   * @returns false at the end of the file
   */
  async read(): Promise<boolean> {
    while (!this.ended) {
      const carry = this.text.slice(this.limit);
      const piece = await this.piece();
      if (piece === null) {
        this.ended = true;
        this.text = carry;
        this.limit = carry.length;
      } else {
        // Only the new piece is searched: a line longer than a piece is not rescanned on every read.
        const nl = piece.lastIndexOf('\n');
        this.text = carry + piece;
        this.limit = nl < 0 ? 0 : carry.length + nl + 1;
      }
      this.pos = 0;
      if (this.next()) return true;
    }
    return false;
  }

  /** The next piece of the file as latin1 text, or null at its end. */
  private async piece(): Promise<string | null> {
    if (this.chunks === null) {
      this.stream = await openDecompressed(this.file);
      this.chunks = (this.stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    }
    while (this.chunk === null || this.decoded === this.chunk.length) {
      const r = await this.chunks.next();
      if (r.done === true) return null;
      this.chunk = r.value;
      this.decoded = 0;
    }
    const from = this.decoded;
    this.decoded = Math.min(this.chunk.length, from + PIECE_BYTES);
    return this.chunk.toString('latin1', from, this.decoded);
  }

  /** Releases the file (also after an early stop). */
  close(): void {
    this.stream?.destroy();
  }
}
