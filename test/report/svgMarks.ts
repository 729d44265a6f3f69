/**
 * Reads back what Vega drew: the items of the mark groups named `<name>_marks` in an SVG string
 * (Vega writes each named mark as `<g class="mark-<type> role-mark <name>_marks" …>` holding one
 * self-closing element per item; a faceted chart has one such group per cell).
 */
export function markItems(svg: string, name: string, tag: string): string[] {
  const out: string[] = [];
  const open = new RegExp(`<g class="mark-\\w+ role-mark ${name}_marks"[^>]*>`, 'g');
  for (const m of svg.matchAll(open)) {
    const start = m.index + m[0].length;
    const end = svg.indexOf('</g>', start);
    const body = svg.slice(start, end);
    for (const item of body.matchAll(new RegExp(`<${tag}\\b[^>]*/>`, 'g'))) out.push(item[0]);
  }
  return out;
}

/** The number of groups named `<name>_marks`. */
export function markGroups(svg: string, name: string): number {
  return [...svg.matchAll(new RegExp(`<g class="mark-\\w+ role-mark ${name}_marks"`, 'g'))].length;
}
