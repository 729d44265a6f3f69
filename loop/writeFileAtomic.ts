/**
 * Writes a file so that readers see either the old content or the complete new one, never a
 * partial write: the data goes to a temporary file in the same directory (same filesystem, so the
 * rename is atomic), is flushed to disk (fsync) and then renamed over the target. The directory is
 * synced too, so the rename itself survives a crash (best effort: not every platform allows it).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
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
    throw withFile(err, file);
  }
  syncDirectory(dir);
}

/**
 * `err` with the file it concerns as `file` (write errors such as ENOSPC from writeSync carry no
 * path), so a top-level handler can say which file could not be written.
 */
export function withFile(err: unknown, file: string): unknown {
  if (err !== null && typeof err === 'object' && !('file' in err)) Object.assign(err, { file });
  return err;
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

/** `.<target>.<12 hex digits>.tmp`, as writeFileAtomic names its temporary files. */
const TEMPORARY = /^\.(.+)\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes the temporary files writeFileAtomic left beside `files` — a process killed (kill -9,
 * power cut) between creating its temporary file and renaming it leaves one, often empty — and
 * returns their paths. Call it only for files no other process is writing at the same time.
 */
export function removeStaleTemporaries(files: readonly string[]): string[] {
  const removed: string[] = [];
  const byDir = new Map<string, Set<string>>();
  for (const f of files) {
    const d = dirname(f);
    if (!byDir.has(d)) byDir.set(d, new Set());
    byDir.get(d)!.add(basename(f));
  }
  for (const [dir, targets] of byDir) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // no directory, nothing left behind
    }
    for (const name of names) {
      const m = TEMPORARY.exec(name);
      if (!m || !targets.has(m[1]!)) continue;
      try {
        unlinkSync(join(dir, name));
        removed.push(join(dir, name));
      } catch {
        // Already gone.
      }
    }
  }
  return removed;
}
