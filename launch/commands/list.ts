/**
 * `spikeloop list [--json]`: the scenarios (id, summary, body, default controllers, training
 * budget), the controller presets (id, spiking or not, body kind, summary) and, per scenario,
 * the channels of its body (name, size, unit, bounds), the shipped controller files (named by
 * path in `--controller`), and the body perturbations `--perturb` accepts. Bodies are built to be read, then closed.
 */
import type { Command } from 'commander';
import type { ChannelSpec } from '../../loop/channels.js';
import type { CliIo } from '../cliIo.js';
import { processIo } from '../cliIo.js';
import type { ExperimentCatalog } from '../../experiments/catalog.js';
import { catalog as defaultCatalog } from '../../experiments/defaultCatalog.js';
import { PERTURBATIONS } from '../../scenarios/perturbations/registry.js';
import { shippedControllerFiles, type ShippedControllerFile } from '../../controllers/spec/shippedControllerFiles.js';

export interface ListedChannel {
  readonly name: string;
  readonly size: number;
  readonly unit: string;
  readonly low: number | null;
  readonly high: number | null;
}

export interface Listing {
  readonly scenarios: ReadonlyArray<{ id: string; summary: string; body: string; controllers: { spiking: string; baseline: string }; training: { episodes: number; batch: number; plasticity: string }; controlRate_Hz: number; timeLimit_s: number }>;
  readonly controllers: ReadonlyArray<{ id: string; spiking: boolean; body: string; summary: string }>;
  /** Controller files shipped in controllers/files/ (give the path to --controller). */
  readonly controllerFiles: readonly ShippedControllerFile[];
  readonly bodies: ReadonlyArray<{ scenario: string; kind: string; sensors: ListedChannel[]; actuators: ListedChannel[] }>;
  /** What `--perturb` accepts (scenarios/perturbations). */
  readonly perturbations: ReadonlyArray<{ name: string; usage: string; summary: string; bodies: readonly string[] }>;
}

function channel(c: ChannelSpec): ListedChannel {
  return { name: c.name, size: c.size, unit: c.unit, low: Number.isFinite(c.low) ? c.low : null, high: Number.isFinite(c.high) ? c.high : null };
}

export function listing(catalog: ExperimentCatalog): Listing {
  return {
    scenarios: catalog.scenarios.map((s) => ({
      id: s.id,
      summary: s.summary,
      body: s.bodyKind,
      controllers: { ...s.controllers },
      training: { ...s.training },
      controlRate_Hz: s.controlRate_Hz,
      timeLimit_s: s.timeLimit_s,
    })),
    controllers: catalog.presets.map((p) => ({ id: p.id, spiking: p.spiking, body: p.bodyKind, summary: p.summary })),
    controllerFiles: shippedControllerFiles(),
    bodies: catalog.scenarios.map((s) => {
      const b = s.createBody();
      try {
        return { scenario: s.id, kind: s.bodyKind, sensors: b.sensors.map(channel), actuators: b.actuators.map(channel) };
      } finally {
        b.close?.();
      }
    }),
    perturbations: PERTURBATIONS.map((p) => ({ name: p.name, usage: p.usage, summary: p.summary, bodies: [...p.bodyKinds] })),
  };
}

const bound = (v: number | null, inf: string) => (v === null ? inf : String(v));

function table(head: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string {
  const w = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]) => indent + r.map((x, c) => x.padEnd(w[c]!)).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

export function formatListing(l: Listing): string {
  const out: string[] = [];
  out.push(`Scenarios (${l.scenarios.length}):`);
  out.push(l.scenarios.length === 0 ? '  (none registered)' : table(['id', 'body', 'spiking controller', 'baseline', 'episodes', 'summary'], l.scenarios.map((s) => [s.id, s.body, s.controllers.spiking, s.controllers.baseline, String(s.training.episodes), s.summary])));
  out.push('', `Controller presets (${l.controllers.length}):`);
  out.push(l.controllers.length === 0 ? '  (none registered)' : table(['id', 'spiking', 'body', 'summary'], l.controllers.map((p) => [p.id, p.spiking ? 'yes' : 'no', p.body, p.summary])));
  out.push('', `Controller files (${l.controllerFiles.length}; spiking, give the path to --controller):`);
  out.push(
    l.controllerFiles.length === 0
      ? '  (none found)'
      : table(['file', 'body', 'summary'], l.controllerFiles.map((f) => [f.file, f.body, f.error ? `does not load: ${f.error}` : f.summary])),
  );
  out.push('', 'Bodies (per scenario):');
  if (l.bodies.length === 0) out.push('  (none)');
  for (const b of l.bodies) {
    out.push(`  ${b.kind} in ${b.scenario}:`);
    const rows = [...b.sensors.map((c) => ['sensor', c]), ...b.actuators.map((c) => ['actuator', c])] as Array<[string, ListedChannel]>;
    out.push(table(['', 'channel', 'size', 'unit', 'low', 'high'], rows.map(([k, c]) => [k, c.name, String(c.size), c.unit, bound(c.low, '-inf'), bound(c.high, 'inf')]), '    '));
  }
  out.push('', `Body perturbations for --perturb (${l.perturbations.length}; several apply in order):`);
  out.push(table(['usage', 'bodies', 'summary'], l.perturbations.map((p) => [p.usage, p.bodies.join(', '), p.summary])));
  return `${out.join('\n')}\n`;
}

export function registerList(program: Command, io: CliIo = processIo, catalog: ExperimentCatalog = defaultCatalog): void {
  program
    .command('list')
    .description('list the scenarios, the controller presets, the shipped controller files, the bodies with their channels and the body perturbations')
    .option('--json', 'print one JSON object {scenarios, controllers, controllerFiles, bodies, perturbations} (unbounded limits as null)', false)
    .action((o: { json: boolean }) => {
      const l = listing(catalog);
      io.out(o.json ? `${JSON.stringify(l)}\n` : formatListing(l));
    });
}
