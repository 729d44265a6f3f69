/**
 * The HDF5 library (h5wasm, HDF5 compiled to WebAssembly, its Node build reading the host file
 * system directly), loaded on first use: the CLI imports this module for every command, and
 * only `nir` commands should pay for instantiating the WebAssembly module.
 *
 * HDF5 errors are made to throw (h5wasm's throwing error handler) instead of printing a
 * diagnostic to stderr and carrying on with an invalid handle.
 */
import { readFileSync, statSync } from 'node:fs';
import { LIMIT_ENV, limit } from '../../loop/limits.js';
import type * as H5 from 'h5wasm/node';

export type H5Module = typeof H5.default;
export type { Dataset as H5Dataset, File as H5File, Group as H5Group } from 'h5wasm/node';

let loading: Promise<H5Module> | null = null;

export function loadHdf5(): Promise<H5Module> {
  loading ??= (async () => {
    const h5 = (await import('h5wasm/node')).default;
    const module = await h5.ready;
    module.activate_throwing_error_handler();
    return h5;
  })();
  return loading;
}

/** The 8-byte HDF5 format signature. */
const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Whether `bytes` hold an HDF5 file: the signature sits at offset 0 or at 512, 1024, 2048, …
 * (HDF5 file format specification, "Format Signature"; a user block shifts it).
 */
export function isHdf5(bytes: Uint8Array): boolean {
  for (let off = 0; off + SIGNATURE.length <= bytes.length; off = off === 0 ? 512 : off * 2) {
    if (SIGNATURE.equals(bytes.subarray(off, off + SIGNATURE.length))) return true;
  }
  return false;
}

/** Reads `file` and checks it is HDF5; returns a reason when it cannot be read or is not. */
export function checkHdf5File(file: string): string | null {
  let bytes: Buffer;
  try {
    // Refused above the file-size limit (loop/limits.ts) before reading.
    const size = statSync(file).size;
    if (size > limit('fileBytes')) return `the file is ${size} bytes, more than the limit of ${limit('fileBytes')} bytes (raise it with ${LIMIT_ENV.fileBytes}=<n>)`;
    bytes = readFileSync(file);
  } catch (e) {
    return `cannot read the file: ${(e as Error).message}`;
  }
  if (bytes.length === 0) return 'the file is empty';
  if (!isHdf5(bytes)) return 'not an HDF5 file (no HDF5 signature); NIR graphs are HDF5 files written by nir.write';
  return null;
}

/** The last "minor:" line of an HDF5 error stack, or the message itself. */
export function hdf5Reason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const minors = [...msg.matchAll(/minor: (.+)/g)].map((m) => m[1]!.trim());
  return minors.length > 0 ? minors[minors.length - 1]! : msg.split('\n')[0]!;
}
