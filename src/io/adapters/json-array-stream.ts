/**
 * The elements of a top-level JSON array, streamed: each element's raw text
 * with its 1-based position, without ever holding the whole file (a recorded
 * feed is one array on one line, megabytes long). The raw text is handed out
 * rather than a parsed value so that callers can read numbers exactly as
 * written (JSON.parse would turn `60940.35136398` into a float).
 */
import { openDecompressed } from '../compression.js';
import { DataFormatError } from './data-format-error.js';

export interface ArrayElement {
  text: string;
  /** 1-based position in the array. */
  index: number;
}

const OPEN_BRACKET = 91; // [
const CLOSE_BRACKET = 93; // ]
const OPEN_BRACE = 123; // {
const CLOSE_BRACE = 125; // }
const QUOTE = 34; // "
const BACKSLASH = 92; // \
const COMMA = 44; // ,

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

export async function* jsonArrayElements(file: string, limit = Infinity): AsyncGenerator<ArrayElement> {
  const stream = await openDecompressed(file);
  stream.setEncoding('utf8');
  let started = false;
  let ended = false;
  let depth = 0; // nesting inside the current element
  let inString = false;
  let escaped = false;
  let current = '';
  let inElement = false;
  let index = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let from = 0;
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        if (!started) {
          if (isSpace(c)) continue;
          if (c !== OPEN_BRACKET) throw new DataFormatError(file, 1, null, 'the file is not a JSON array');
          started = true;
          continue;
        }
        if (ended) {
          if (!isSpace(c)) throw new DataFormatError(file, index, null, 'text after the end of the array');
          continue;
        }
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
          continue;
        }
        if (!inElement) {
          if (isSpace(c) || c === COMMA) continue;
          if (c === CLOSE_BRACKET) {
            ended = true;
            continue;
          }
          inElement = true;
          from = i;
          current = '';
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACKET || c === OPEN_BRACE) depth++;
        else if (c === CLOSE_BRACKET || c === CLOSE_BRACE || (c === COMMA && depth === 0)) {
          if (c !== COMMA) depth--;
          // A scalar element ends at the comma or bracket after it; a nested one at its own closer.
          if (depth <= 0) {
            const scalarEnd = c === COMMA || depth < 0;
            const text = current + chunk.slice(from, scalarEnd ? i : i + 1);
            inElement = false;
            index++;
            yield { text: text.trim(), index };
            if (index >= limit) return;
            if (depth < 0) ended = true;
            depth = 0;
          }
        }
      }
      if (inElement) current += chunk.slice(from);
    }
    if (!ended) throw new DataFormatError(file, index + 1, null, 'the array is not closed (truncated file?)');
  } finally {
    stream.destroy();
  }
}
