/**
 * Writes a file so that readers see either the old content or the complete new one, never a
 * partial write: the data goes to a temporary file in the same directory (same filesystem, so the
 * rename is atomic), is flushed to disk (fsync) and then renamed over the target. The directory is
 * synced too, so the rename itself survives a crash (best effort: not every platform allows it).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fd = -1;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== -1) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // The temporary file was never created, or is already renamed.
    }
    throw err;
  }
  syncDirectory(dir);
}

/** fsyncs a directory, so a rename into it survives a crash (best effort: not every platform can). */
export function syncDirectory(dir: string): void {
  let fd = -1;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Directories cannot be opened or synced on some platforms (Windows); the data is synced.
  } finally {
    if (fd !== -1) closeSync(fd);
  }
}
