/**
 * A uniform 2-D grid over world x–y that bins items by their x–y bounds, for queries "which
 * items may touch this rectangle?" (static obstacles near a sensor, static bodies near a moving
 * body).
 *
 * The grid covers the union of the items' bounds, from (x0_m, y0_m) in square cells of edge
 * `cell_m`: nx = max(1, ⌈(x_max − x0)/cell⌉) columns and likewise ny rows; a point maps to the
 * cell ⌊(x − x0)/cell⌋, clamped into the grid, so bounds on the far edge fall into the last cell.
 * Cell c = cy·nx + cx holds items `cellItems[cellStart[c] … cellStart[c+1])` (a counting sort:
 * one pass counts, a prefix sum gives offsets, a second pass fills), in item order within a
 * cell, so queries are deterministic. An item spanning several cells is listed in each; a query
 * reports it once, using a per-item stamp.
 *
 * Building allocates; `xyGridQuery` allocates nothing.
 */

export interface XyGrid {
  /** Cell edge (m). */
  readonly cell_m: number;
  /** Lower-left corner of the grid (m). */
  readonly x0_m: number;
  readonly y0_m: number;
  /** Columns and rows; 0 × 0 for a grid of no items. */
  readonly nx: number;
  readonly ny: number;
  /** Offsets into `cellItems`, nx·ny + 1 of them. */
  readonly cellStart: Int32Array;
  /** Item indices (into the bounds the grid was built from), cell after cell. */
  readonly cellItems: Int32Array;
  /** Query scratch: the stamp each item last got, so an item in several cells is reported once. */
  readonly stamp: Uint32Array;
  /** Stamp of the last query. */
  stampNow: number;
}

/**
 * Bins `n = bounds.length / 4` items, item i having x–y bounds
 * `bounds[4i … 4i+3] = [xMin, yMin, xMax, yMax]` (m, finite, min ≤ max). `cell_m` may be
 * +Infinity: one cell holding everything.
 */
export function buildXyGrid(cell_m: number, bounds: Float64Array): XyGrid {
  if (!(cell_m > 0)) throw new RangeError(`xyGrid: cell_m must be > 0, got ${cell_m}`);
  if (bounds.length % 4 !== 0) throw new RangeError(`xyGrid: bounds must hold 4 numbers per item, got length ${bounds.length}`);
  const n = bounds.length / 4;
  if (n === 0) {
    return { cell_m, x0_m: 0, y0_m: 0, nx: 0, ny: 0, cellStart: new Int32Array(1), cellItems: new Int32Array(0), stamp: new Uint32Array(0), stampNow: 0 };
  }
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, bounds[4 * i]!); y0 = Math.min(y0, bounds[4 * i + 1]!);
    x1 = Math.max(x1, bounds[4 * i + 2]!); y1 = Math.max(y1, bounds[4 * i + 3]!);
  }
  const nx = Math.max(1, Math.ceil((x1 - x0) / cell_m));
  const ny = Math.max(1, Math.ceil((y1 - y0) / cell_m));
  const ncell = nx * ny;
  const counts = new Int32Array(ncell + 1);
  for (let i = 0; i < n; i++) {
    const cx0 = cellIndex(bounds[4 * i]!, x0, cell_m, nx), cx1 = cellIndex(bounds[4 * i + 2]!, x0, cell_m, nx);
    const cy0 = cellIndex(bounds[4 * i + 1]!, y0, cell_m, ny), cy1 = cellIndex(bounds[4 * i + 3]!, y0, cell_m, ny);
    for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) counts[cy * nx + cx + 1]!++;
  }
  for (let c = 0; c < ncell; c++) counts[c + 1]! += counts[c]!;
  const fill = counts.slice(0, ncell);
  const items = new Int32Array(counts[ncell]!);
  for (let i = 0; i < n; i++) {
    const cx0 = cellIndex(bounds[4 * i]!, x0, cell_m, nx), cx1 = cellIndex(bounds[4 * i + 2]!, x0, cell_m, nx);
    const cy0 = cellIndex(bounds[4 * i + 1]!, y0, cell_m, ny), cy1 = cellIndex(bounds[4 * i + 3]!, y0, cell_m, ny);
    for (let cy = cy0; cy <= cy1; cy++) for (let cx = cx0; cx <= cx1; cx++) items[fill[cy * nx + cx]!++] = i;
  }
  return { cell_m, x0_m: x0, y0_m: y0, nx, ny, cellStart: counts, cellItems: items, stamp: new Uint32Array(n), stampNow: 0 };
}

/** Cell of coordinate v along one axis of `count` cells from v0, clamped into [0, count − 1]. */
function cellIndex(v: number, v0: number, cell_m: number, count: number): number {
  const c = Math.floor((v - v0) / cell_m);
  return c < 0 ? 0 : c >= count ? count - 1 : c;
}

/** Column of world x, clamped into the grid. */
export function xyCellX(g: XyGrid, x: number): number {
  return cellIndex(x, g.x0_m, g.cell_m, g.nx);
}

/** Row of world y, clamped into the grid. */
export function xyCellY(g: XyGrid, y: number): number {
  return cellIndex(y, g.y0_m, g.cell_m, g.ny);
}

/**
 * Writes into `out[n …]` each item listed in a cell that the rectangle [xMin, xMax] × [yMin, yMax]
 * touches, once, in cell order; returns the new count. Nothing is written when the rectangle
 * misses the grid (or is NaN). `out` must have room for every item of the grid after `n`.
 */
export function xyGridQuery(g: XyGrid, xMin: number, yMin: number, xMax: number, yMax: number, out: Int32Array, n: number): number {
  if (g.nx === 0) return n;
  const x1 = g.x0_m + g.nx * g.cell_m, y1 = g.y0_m + g.ny * g.cell_m;
  if (!(xMax >= g.x0_m && xMin <= x1 && yMax >= g.y0_m && yMin <= y1)) return n;
  if (++g.stampNow === 0xffffffff) {
    g.stamp.fill(0);
    g.stampNow = 1;
  }
  const s = g.stampNow, stamp = g.stamp, start = g.cellStart, items = g.cellItems;
  const cx0 = xyCellX(g, xMin), cx1 = xyCellX(g, xMax);
  const cy0 = xyCellY(g, yMin), cy1 = xyCellY(g, yMax);
  for (let cy = cy0; cy <= cy1; cy++) {
    for (let cx = cx0; cx <= cx1; cx++) {
      const cell = cy * g.nx + cx;
      for (let k = start[cell]!; k < start[cell + 1]!; k++) {
        const i = items[k]!;
        if (stamp[i] !== s) {
          stamp[i] = s;
          out[n++] = i;
        }
      }
    }
  }
  return n;
}
