/**
 * Maps a request path onto a file inside one root directory, or refuses. A path is refused when
 * it does not decode (bad `%` escape), holds a NUL or a backslash, has a `.` or `..` segment
 * after decoding (so `/../`, `/%2e%2e/` and `/%2E%2E%2F` are all caught), or is not a plain
 * `/`-rooted path (`//host/…`, `C:…`). The resolved path is then checked to lie inside the root,
 * and so is its real path (a symbolic link may not lead out).
 */
import { realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';

/** Why a request path was refused, or the file it names (which may not exist). */
export type SafePath = { readonly ok: true; readonly file: string } | { readonly ok: false; readonly reason: string };

/** Resolves the URL pathname `urlPath` (still percent-encoded, no query) inside `root`. */
export function safePath(root: string, urlPath: string): SafePath {
  if (!urlPath.startsWith('/') || urlPath.startsWith('//')) return { ok: false, reason: 'not a rooted path' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, reason: 'bad percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, reason: 'NUL or backslash in path' };
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return { ok: false, reason: 'dot segment in path' };
  if (segments.some((s, i) => s === '' && i < segments.length - 1)) return { ok: false, reason: 'empty segment in path' };
  const base = resolve(root);
  const file = resolve(base, ...segments);
  if (!file.startsWith(base + sep)) return { ok: false, reason: 'outside the root' };
  return { ok: true, file };
}

/** True when `file` exists and its real path lies inside the real path of `root`. */
export function realInside(root: string, file: string): boolean {
  try {
    return realpathSync(file).startsWith(realpathSync(root) + sep);
  } catch {
    return false;
  }
}
