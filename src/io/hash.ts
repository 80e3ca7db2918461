/**
 * SHA-256 helpers. The hash a run prints for its event log is the SHA-256 of
 * the uncompressed JSONL, header line included, so it is the same whether the
 * log was written plain or gzipped (gzip output varies with zlib version and
 * level; the JSONL does not).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { openDecompressed } from './compression.js';

async function sha256Stream(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * SHA-256 (hex) of a file's bytes as stored, streamed so any size fits in
 * constant memory. For a gzipped log this is the hash of the compressed bytes;
 * use {@link sha256EventLog} for the log hash users see.
 */
export async function sha256File(path: string): Promise<string> {
  return sha256Stream(createReadStream(path, { highWaterMark: 1 << 20 }));
}

/**
 * SHA-256 (hex) of a file's uncompressed contents: gunzipped first when it is
 * gzip (detected by magic bytes). Equals what {@link EventLogWriter.close}
 * reported when the log was written.
 */
export async function sha256EventLog(path: string): Promise<string> {
  return sha256Stream(await openDecompressed(path));
}

/**
 * SHA-256 (hex) of lines joined the way an event log stores them: each line
 * followed by `\n`. Lets tests compute an expected log hash without a file.
 */
export function sha256OfLines(lines: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`, 'utf8');
  return hash.digest('hex');
}
