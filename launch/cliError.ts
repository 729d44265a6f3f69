/** Error codes of a file system that cannot take a write (full, over quota, read-only, failing). */
const WRITE_FAILURES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EROFS: 'read-only file system',
  EIO: 'input/output error',
};

/**
 * A file system failure (ENOSPC, EDQUOT, EFBIG, EROFS, EIO) as a CliError (exit 1) naming the file
 * (`file` set by writeFileAtomic's withFile, or the error's `path`); null for other errors.
 */
export function fileSystemFailure(err: unknown): CliError | null {
  const e = err as { code?: unknown; file?: unknown; path?: unknown } | null;
  if (e === null || typeof e !== 'object' || typeof e.code !== 'string' || !(e.code in WRITE_FAILURES)) return null;
  const file = typeof e.file === 'string' ? e.file : typeof e.path === 'string' ? e.path : null;
  const what = `${WRITE_FAILURES[e.code]} (${e.code})`;
  return new CliError(file ? `cannot write ${file}: ${what}` : `a write failed: ${what}`, 1);
}

/** An error meant for the user: printed as one message, no stack trace, non-zero exit. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
