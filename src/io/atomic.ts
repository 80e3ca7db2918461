/**
 * Atomic file replacement: write under a temporary name next to the target,
 * then rename over it. A rename within one directory is atomic on POSIX file
 * systems, so a reader (or a CI job picking up artifacts) sees either the old
 * file or the complete new one, never a half-written file, even when the run is
 * killed midway.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

let tempCounter = 0;

/**
 * A fresh temporary name beside `path`: `<path>.<pid>-<n>.tmp`.
 *
 * Beside, not in os.tmpdir(), because rename cannot cross file systems. The pid
 * and a per-process counter keep concurrent writers (other processes, or two
 * writers in this one) from sharing a temp file; the `.tmp` suffix is
 * git-ignored, so a file left by a killed run never gets committed.
 */
export function tempPathFor(path: string): string {
  tempCounter += 1;
  return `${path}.${process.pid}-${tempCounter}.tmp`;
}

/** `mkdir -p` the directory that will hold `path`. */
export async function ensureParentDir(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
}

/**
 * Move a finished temp file to its final name. On failure the temp file is
 * removed, so a failed commit leaves nothing behind.
 */
export async function commitTempFile(tempPath: string, path: string): Promise<void> {
  try {
    await rename(tempPath, path);
  } catch (err) {
    await removeQuietly(tempPath);
    throw err;
  }
}

/** Delete a file if it exists; used on abort and error paths, where a second error would only hide the first. */
export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true }).catch(() => undefined);
}

/**
 * Write a small file (results.json, a manifest, a report) atomically: create the
 * parent directories, write and fsync a temp file, rename it over `path`.
 *
 * The whole of `data` is in memory, so this is for small outputs; event logs
 * stream through {@link EventLogWriter}, which commits the same way.
 *
 * @param path - final file name
 * @param data - file contents; strings are written as UTF-8
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await ensureParentDir(path);
  const tempPath = tempPathFor(path);
  try {
    // 'wx': never write into a file we did not create.
    const handle = await open(tempPath, 'wx');
    try {
      await handle.writeFile(data);
      // fsync before rename, or a crash could leave the new name pointing at empty data.
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await removeQuietly(tempPath);
    throw err;
  }
  await commitTempFile(tempPath, path);
}
