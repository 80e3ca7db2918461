/**
 * Lines of a text file (gzip detected by magic bytes), streamed with their
 * 1-based line numbers. For feeds that are not CSV, e.g. a WebSocket capture
 * with one message per line.
 */
import { openDecompressed } from '../compression.js';

export interface TextLine {
  text: string;
  row: number;
}

export async function* textLines(file: string, limit = Infinity): AsyncGenerator<TextLine> {
  const stream = await openDecompressed(file);
  // A decoder in the stream keeps a UTF-8 character split across chunks whole.
  stream.setEncoding('utf8');
  let rest = '';
  let row = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const text of lines) {
        row++;
        if (text.length > 0) yield { text, row };
        if (row >= limit) return;
      }
    }
    if (rest.length > 0) yield { text: rest, row: row + 1 };
  } finally {
    stream.destroy();
  }
}
