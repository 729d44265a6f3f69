/**
 * A procedural solid texture (Perlin 1985: a function of the 3-D surface point, so every surface
 * gets a pattern without texture coordinates): the log reflectance modulation
 *
 *   ln τ(x, y, z) = lod · a · [sin(2πx/λ) + sin(2πy/λ) + sin(2πz/λ)]
 *
 * with contrast a (ln units per term) and period λ (m). On the ground (z constant) it is a plaid
 * of stripes along x and y; on an upright trunk, stripes around it and bands up it. An event
 * camera sees nothing move over an untextured surface, so texture is what makes self-motion
 * produce events.
 *
 * Level of detail: a pixel integrates the texture over its footprint w on the surface (the
 * pixel's angular size × distance / |cos incidence|); a box filter of width w scales a sinusoid
 * of period λ by sinc(w/λ), which vanishes at w = λ. We approximate that factor by
 * lod = max(0, 1 − w/λ), so distant and grazing surfaces fade to their mean brightness instead of
 * aliasing into flicker (and spurious events) as the camera moves.
 *
 * The sine is a 1024-entry table per period, indexed by ⌊x·1024/λ⌋ mod 1024 (32-bit integer
 * arithmetic: |x| must stay below 2³¹·λ/1024, about 10⁶ m for λ = 0.5 m).
 */

export interface SolidTextureParams {
  /** Amplitude a of each sine term in ln reflectance (0 = untextured). @default 0.3 */
  readonly contrast?: number;
  /** Period λ of the stripes (m). @default 0.5 */
  readonly period_m?: number;
}

/** Table entries per period. */
export const TEXTURE_TABLE_SIZE = 1024;
/** Index mask (table size − 1). */
export const TEXTURE_MASK = TEXTURE_TABLE_SIZE - 1;
const MASK = TEXTURE_MASK;

/** A texture ready to sample: the sine table (scaled by a) and the index scale 1024/λ. */
export interface SolidTexture {
  readonly table: Float64Array;
  /** Table index per metre, 1024/λ. */
  readonly indexPerM: number;
  /** Period λ (m). */
  readonly period_m: number;
  /** 1/λ (1/m), so the per-pixel level of detail multiplies instead of dividing. */
  readonly perM: number;
  /** Whether the texture is flat (a = 0): renderers may skip sampling. */
  readonly flat: boolean;
}

export function createSolidTexture(p: SolidTextureParams = {}, where = 'texture'): SolidTexture {
  const a = p.contrast ?? 0.3;
  const lambda = p.period_m ?? 0.5;
  if (!(a >= 0) || !Number.isFinite(a)) throw new RangeError(`${where}.contrast must be a finite number ≥ 0 (ln units), got ${a}`);
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new RangeError(`${where}.period_m must be a positive finite length (m), got ${lambda}`);
  const table = new Float64Array(TEXTURE_TABLE_SIZE);
  for (let i = 0; i < TEXTURE_TABLE_SIZE; i++) table[i] = a * Math.sin((2 * Math.PI * i) / TEXTURE_TABLE_SIZE);
  return { table, indexPerM: TEXTURE_TABLE_SIZE / lambda, period_m: lambda, perM: 1 / lambda, flat: a === 0 };
}

/** One sine term at coordinate c (m). */
function term(t: SolidTexture, c: number): number {
  // `| 0` truncates towards zero; `& MASK` is then a true modulo for negative integers too.
  return t.table[((c * t.indexPerM) | 0) & MASK]!;
}

/**
 * ln τ at the surface point (x, y, z) seen with footprint w (m): lod · (term(x) + term(y) + term(z)),
 * lod = max(0, 1 − w/λ).
 */
export function lnTexture(t: SolidTexture, x: number, y: number, z: number, footprint_m: number): number {
  const lod = 1 - footprint_m * t.perM;
  if (!(lod > 0)) return 0;
  return lod * (term(t, x) + term(t, y) + term(t, z));
}
