// @ts-check
/**
 * The HTML around one plot canvas: a header with its title (and unit) and a legend of its
 * series, both plain text that wraps, so no label is ever cut; each legend entry's tooltip
 * (`title`) says what it is drawn from. Rebuilt only when the entries change. Styles are set
 * through the CSSOM (allowed by the page's CSP, unlike style attributes).
 */

/** @typedef {{label: string, color: string, dash?: boolean, detail?: string}} LegendEntry */

export class PlotFrame {
  /** @param {HTMLCanvasElement} canvas inside a `.plot` element whose `.plot-head` is the header */
  constructor(canvas) {
    this.canvas = canvas;
    const figure = /** @type {HTMLElement} */ (canvas.closest('.plot'));
    this.head = /** @type {HTMLElement} */ (figure.querySelector('.plot-head'));
    this.key = '';
    /** @type {import('./linePlot.js').PlotLayout | null} */
    this.layout = null;
    this.title = '';
  }

  /**
   * @param {string} title
   * @param {LegendEntry[]} entries
   */
  setHeader(title, entries) {
    const key = JSON.stringify([title, entries]);
    if (key === this.key) return;
    this.key = key;
    this.title = title;
    const doc = this.head.ownerDocument;
    const nodes = [];
    const t = doc.createElement('span');
    t.className = 'plot-title';
    t.textContent = title;
    nodes.push(t);
    for (const e of entries) {
      const item = doc.createElement('span');
      item.className = 'key';
      item.title = e.detail ?? e.label;
      const swatch = doc.createElement('i');
      swatch.className = 'swatch';
      swatch.style.borderTopColor = e.color;
      swatch.style.borderTopStyle = e.dash ? 'dashed' : 'solid';
      item.append(swatch, doc.createTextNode(e.label));
      item.style.color = e.color;
      nodes.push(item);
    }
    this.head.replaceChildren(...nodes);
  }

  /** The legend's labels as shown (DOM text). */
  legend() {
    return [...this.head.querySelectorAll('.key')].map((k) => k.textContent ?? '');
  }
}
