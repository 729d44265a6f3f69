/**
 * Binary arrays inside JSON: Float32 weights as base64 of their little-endian bytes (exact: every
 * bit of every weight survives), and a fingerprint of a projection's synapse structure so a file
 * is never loaded onto a network whose synapses are wired differently.
 */
import type { Projection } from '../network/projection.js';

/** Base64 of the little-endian IEEE-754 bytes of `a`. */
export function encodeFloat32(a: Float32Array): string {
  const view = new DataView(new ArrayBuffer(a.length * 4));
  for (let k = 0; k < a.length; k++) view.setFloat32(k * 4, a[k], true);
  return Buffer.from(view.buffer).toString('base64');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes `n` little-endian Float32 values, or returns a reason the text is not that (not base64,
 * or the wrong number of bytes, as in a truncated file).
 */
export function decodeFloat32(text: string, n: number): Float32Array | string {
  if (text.length % 4 !== 0 || !BASE64.test(text)) return 'is not valid base64';
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== n * 4) return `holds ${bytes.length} bytes, expected ${n * 4} (${n} float32 weights)`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = view.getFloat32(k * 4, true);
  return out;
}

/**
 * FNV-1a (32 bit) over the sizes and every synapse's (pre, post, delay in steps), in synapse-id
 * order: equal fingerprints mean the weights array means the same synapses.
 */
export function synapseFingerprint(p: Projection): string {
  let h = 0x811c9dc5;
  const mix = (x: number) => {
    for (let b = 0; b < 4; b++) {
      h ^= (x >>> (8 * b)) & 0xff;
      h = Math.imul(h, 0x01000193);
    }
  };
  mix(p.nPre);
  mix(p.nPost);
  mix(p.nSyn);
  for (let s = 0; s < p.nSyn; s++) {
    mix(p.preOf[s]);
    mix(p.postOf[s]);
    mix(p.delayOf[s]);
  }
  return `fnv1a32:${(h >>> 0).toString(16).padStart(8, '0')}`;
}
