/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) — the checksum MCAP uses for chunks, the
 * data section and the summary — in the streaming init/update/final form.
 */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The running state before any byte. */
export function crc32Init(): number {
  return 0xffffffff;
}

/** The running state after `data`. */
export function crc32Update(state: number, data: Uint8Array): number {
  let c = state;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}

/** The checksum of everything fed to `state`. */
export function crc32Final(state: number): number {
  return (state ^ 0xffffffff) >>> 0;
}

/** The CRC-32 of one buffer. */
export function crc32(data: Uint8Array): number {
  return crc32Final(crc32Update(crc32Init(), data));
}
