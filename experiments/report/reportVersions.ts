/**
 * Versions a report states, so a figure can be traced to the code that made it: spikeloop (its
 * package.json, found by walking up from this module, which works from the sources and from
 * dist/), Node, and the plotting libraries.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ReportVersions {
  readonly spikeloop: string;
  readonly node: string;
  readonly vega: string;
  readonly vegaLite: string;
}

function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'spikeloop' && typeof pkg.version === 'string') return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

export async function reportVersions(): Promise<ReportVersions> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  return { spikeloop: packageVersion(), node: process.version, vega: vega.version, vegaLite: vl.version };
}

export function versionsText(v: ReportVersions): string {
  return `spikeloop ${v.spikeloop}, Node ${v.node}, vega ${v.vega}, vega-lite ${v.vegaLite}`;
}
