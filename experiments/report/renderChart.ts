/**
 * Charts are Vega-Lite specs (Satyanarayan et al., "Vega-Lite: A Grammar of Interactive
 * Graphics", IEEE TVCG 2017) rendered to static SVG in Node: vega-lite compiles the spec to
 * Vega, and a headless Vega view (`renderer: 'none'`) writes the scenegraph as SVG, so no
 * browser, canvas or script is needed to draw or to view a chart. resvg rasterises that SVG to
 * PNG for papers, with the system's fonts (Debian: fonts-dejavu-core).
 *
 * vega, vega-lite and resvg are imported on first use: commands that write no report do not
 * load them. Every mark a test or reader may look for carries a `name`; Vega writes it into the
 * class of the mark's group (`<g class="mark-symbol role-mark trainingReturn_marks">`).
 */
import type { TopLevelSpec } from 'vega-lite';

/** Fonts the charts ask for, first the one resvg finds on Debian (fonts-dejavu-core). */
export const CHART_FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

/** Look shared by every chart (merged under each spec's own `config`). */
export const CHART_CONFIG = {
  font: CHART_FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#bbb' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e8e8e8' },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'top', labelLimit: 400 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start', offset: 10 },
  // Grouped digits without trailing zeros: a constant series shows '20', not '20.000000'.
  numberFormat: ',~r',
} as const;

/** A rendered chart: the SVG text and its size in CSS pixels. */
export interface ChartSvg {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** Renders a Vega-Lite spec to an SVG document (no scripts, no external references). */
export async function renderChartSvg(spec: TopLevelSpec): Promise<ChartSvg> {
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const withConfig = { ...wrapTitle(spec), config: { ...CHART_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const compiled = vl.compile(withConfig).spec;
  // 'none': no renderer, the scenegraph only; toSVG writes it. Loader refuses any URL, so a spec
  // can never make the report fetch something.
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: noLoader(vega) });
  try {
    const svg = compactSvg(await view.toSVG());
    const m = /^<svg[^>]*\swidth="([\d.]+)"\s+height="([\d.]+)"/.exec(svg);
    if (!m) throw new Error('renderChartSvg: vega wrote no sized <svg> root');
    return { svg, width: Number(m[1]), height: Number(m[2]) };
  } finally {
    view.finalize();
  }
}

/** Splits a text into lines of at most `max` characters at spaces (a longer word stays whole). */
export function wrapText(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Wraps a chart's title and subtitle to its width (Vega draws each on one line, so a long
 * subtitle would make the SVG wider than the chart and the page would shrink it all).
 */
function wrapTitle(spec: TopLevelSpec): TopLevelSpec {
  const t = (spec as { title?: unknown }).title;
  const w = (spec as { width?: unknown }).width;
  const width = typeof w === 'number' ? w : 520;
  const wrap = (x: unknown, px: number) => (typeof x === 'string' ? wrapText(x, Math.max(30, Math.floor(width / px))) : x);
  if (typeof t === 'string') return { ...spec, title: wrap(t, 9.5) } as TopLevelSpec;
  if (t && typeof t === 'object') {
    const o = t as { text?: unknown; subtitle?: unknown };
    return { ...spec, title: { ...o, text: wrap(o.text, 9.5), ...(o.subtitle !== undefined ? { subtitle: wrap(o.subtitle, 7.5) } : {}) } } as TopLevelSpec;
  }
  return spec;
}

/** Geometry attributes whose numbers are rounded (text and ARIA labels keep theirs). */
const GEOMETRY = /\s(transform|d|x|y|x1|x2|y1|y2|width|height)="([^"]*)"/g;

/**
 * Rounds the coordinates Vega writes with 15 digits (`translate(138.71180065820403,110.1176…)`)
 * to 0.01 px, which no screen or print shows: a raster of thousands of spikes shrinks by a third.
 */
export function compactSvg(svg: string): string {
  return svg.replace(GEOMETRY, (_, name: string, value: string) => ` ${name}="${value.replace(/-?\d*\.\d{3,}(e-?\d+)?/g, (n) => String(Number(Number(n).toFixed(2)) + 0))}"`);
}

function noLoader(vega: typeof import('vega')) {
  const l = vega.loader();
  const refuse = async (uri: string): Promise<never> => {
    throw new Error(`charts load no external data (asked for '${uri}')`);
  };
  l.load = refuse;
  l.sanitize = refuse;
  return l;
}

/** A PNG image and its size in pixels. */
export interface ChartPng {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

/** Rasterises an SVG to PNG at `scale` × its CSS size (2 gives print-quality figures). */
export async function svgToPng(svg: string, scale = 2): Promise<ChartPng> {
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`svgToPng: scale must be a number > 0, got ${scale}`);
  const { Resvg } = await import('@resvg/resvg-js');
  const image = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    logLevel: 'off',
  }).render();
  return { png: image.asPng(), width: image.width, height: image.height };
}
