/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) — the checksum MCAP uses for chunks, the
 * data section and the summary. `crc32(b, crc32(a))` is the CRC of a followed by b (zlib's
 * convention). Node ≥ 20.15 computes it natively (`zlib.crc32`); older versions use the table.
 */
import * as zlib from 'node:zlib';

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The table-driven CRC-32 (what `crc32` falls back to), continuing from `previous`. */
export function crc32Table(data: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** The CRC-32 of `data`, continuing from `previous` (the CRC of everything before it; 0 at the start). */
export const crc32: (data: Uint8Array, previous?: number) => number = native !== undefined ? (data, previous = 0) => native(data, previous) : crc32Table;
