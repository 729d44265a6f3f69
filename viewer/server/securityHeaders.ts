/**
 * Headers sent on every HTTP response of the viewer. The page may not be framed
 * (`X-Frame-Options`, `frame-ancestors`: no clickjacking of its controls), leaks no URL to
 * anyone (`Referrer-Policy`), is never content-sniffed, and under its Content-Security-Policy
 * runs only scripts from its own origin plus its inline import map, allowed by its SHA-256
 * hash (an import map cannot be an external file); styles, images and the WebSocket are
 * same-origin (`connect-src 'self'` covers ws:// to the same host and port in CSP 3), the
 * empty `data:` favicon excepted. Nothing else (no eval, no plugins, no forms, no <base>).
 *
 * Other responses (scripts, stylesheets, errors) get `default-src 'none'`: they are no documents.
 */
import { createHash } from 'node:crypto';

const COMMON: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

const NOT_A_DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The hash sources ('sha256-…') of the inline scripts of `html` (scripts without `src`). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]!)) continue;
    hashes.push(`'sha256-${createHash('sha256').update(m[2]!, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/** The headers for a response; `html` is the document served, if the response is one. */
export function securityHeaders(html?: string): Record<string, string> {
  if (html === undefined) return { ...COMMON, 'Content-Security-Policy': NOT_A_DOCUMENT_CSP };
  const scripts = ["'self'", ...inlineScriptHashes(html)].join(' ');
  const csp = [
    "default-src 'none'",
    `script-src ${scripts}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { ...COMMON, 'Content-Security-Policy': csp };
}
