/**
 * Test helper: decodes the PNGs Chromium writes for screenshots (8-bit RGB or RGBA, not
 * interlaced; PNG spec §9 filters None/Sub/Up/Average/Paeth) into RGBA pixels, and finds pixels
 * of a colour. Written out so the tests read the pixels without trusting the page.
 */
import { inflateSync } from 'node:zlib';

export interface Rgba {
  readonly width: number;
  readonly height: number;
  /** width·height·4 bytes, row-major from the top-left. */
  readonly data: Uint8Array;
}

export function decodePng(png: Buffer): Rgba {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new TypeError('decodePng: not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const body = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8]!;
      const colour = body[9]!;
      if (depth !== 8 || (colour !== 2 && colour !== 6) || body[12] !== 0) throw new TypeError(`decodePng: only 8-bit RGB/RGBA non-interlaced, got depth ${depth}, colour type ${colour}`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const cur = new Uint8Array(stride);
  const prev = new Uint8Array(stride);
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? cur[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const x = line[i]!;
      let v: number;
      if (f === 0) v = x;
      else if (f === 1) v = x + a;
      else if (f === 2) v = x + b;
      else if (f === 3) v = x + ((a + b) >> 1);
      else {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      cur[i] = v & 0xff;
    }
    for (let px = 0; px < width; px++) {
      for (let k = 0; k < 3; k++) out[4 * (y * width + px) + k] = cur[px * channels + k]!;
      out[4 * (y * width + px) + 3] = channels === 4 ? cur[px * channels + 3]! : 255;
    }
    prev.set(cur);
  }
  return { width, height, data: out };
}

/** Pixels (in image coordinates) for which `match(r, g, b)` holds, with their centroid. */
export function findPixels(img: Rgba, match: (r: number, g: number, b: number) => boolean): { count: number; x: number; y: number } {
  let count = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = 4 * (y * img.width + x);
      if (match(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!)) {
        count++;
        sx += x + 0.5;
        sy += y + 0.5;
      }
    }
  }
  return { count, x: count > 0 ? sx / count : NaN, y: count > 0 ? sy / count : NaN };
}

/** Number of distinct RGB colours in the image (a blank or flat canvas has 1 or a few). */
export function distinctColours(img: Rgba): number {
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) seen.add((img.data[i]! << 16) | (img.data[i + 1]! << 8) | img.data[i + 2]!);
  return seen.size;
}
