/**
 * Reading possibly-gzipped files. Compression is detected from the first two
 * bytes, not the file name: a renamed or downloaded log still reads, and a
 * `.gz` name on a plain file does not break anything.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Every gzip member starts with these two bytes (RFC 1952). */
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Read size for input files: large chunks mean fewer stream callbacks per byte. */
const READ_CHUNK = 1 << 20;

/** True when the file starts with the gzip magic bytes. */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
  } finally {
    await handle.close();
  }
}

/**
 * A stream of the file's uncompressed bytes: gunzipped when the file is gzip,
 * as-is otherwise. Errors of the file stream are forwarded to the returned
 * stream, so a consumer only has one stream to watch.
 */
export async function openDecompressed(path: string): Promise<Readable> {
  const gzip = await isGzipFile(path);
  const file = createReadStream(path, { highWaterMark: READ_CHUNK });
  if (!gzip) return file;
  const gunzip = createGunzip({ chunkSize: READ_CHUNK });
  file.on('error', (err) => gunzip.destroy(err));
  // Destroying the gunzip (e.g. a consumer that stops early) must release the file too.
  gunzip.on('close', () => file.destroy());
  return file.pipe(gunzip);
}
