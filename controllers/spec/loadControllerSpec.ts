/**
 * Controller files from disk or data: parsed (JSON or YAML), validated once against
 * controllerSpecSchema.ts, then checked as a whole — every name a block refers to must exist
 * (sensor and actuator channels, feature blocks, populations, modulators, decoded outputs), sizes
 * must agree (an encoder drives exactly its population, a decoder reads exactly its populations)
 * and the network must build. Every failure is one SpecError naming the file, line:column, the
 * path inside the file and what was expected, with "did you mean" where a name is close to a
 * valid one, e.g.
 *   my.yaml:41:9: outputs[1].populations[0]: unknown population 'slide_lef' (did you mean 'slide_left'?); populations are: …
 *
 * The network is the ordinary network spec, inline or by path (relative to the controller
 * file). Inline, a projection may give `generate: {kind, …}` (weightGenerators.ts) instead of
 * `connectivity` and `weights`.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { ChannelSpec } from '../../loop/channels.js';
import { locateIssues, parseSpecText, readText, specFormatOf } from '../../loop/specFile.js';
import { issueText, SpecError, toSpecIssues } from '../../loop/specIssues.js';
import type { SpecIssue } from '../../loop/specIssues.js';
import { formatPath } from '../../loop/specIssues.js';
import { createDecoder } from '../coding/decoder.js';
import { createEncoder } from '../coding/encoder.js';
import { buildNetworkFrom, loadNetworkSpec } from '../network/loadNetworkSpec.js';
import { networkSpecSchema } from '../network/networkSchema.js';
import type { NetworkSpec, ProjectionSpec } from '../network/networkSpec.js';
import { Rng } from '../../loop/rng.js';
import { COMMAND_STAGES } from './commandStages.js';
import type { ChannelEntry, ControllerSpec } from './controllerSpecSchema.js';
import { CONTROLLER_SPEC_FORMAT, CONTROLLER_SPEC_VERSION, controllerSpecSchema } from './controllerSpecSchema.js';
import type { ChannelUse } from './featureBlocks.js';
import { FEATURE_BLOCKS } from './featureBlocks.js';
import { strictBlock } from './specSchemaParts.js';
import { didYouMean } from '../../loop/suggestName.js';
import { TEACHING_RULES } from './teachingRules.js';
import { WEIGHT_GENERATORS } from './weightGenerators.js';

/** A projection whose connectivity and weights a generator makes. */
export interface GeneratedProjection {
  readonly projection: number;
  readonly kind: string;
  readonly params: Record<string, unknown>;
}

export interface LoadedControllerSpec {
  readonly spec: ControllerSpec;
  /** The network, with placeholders where generators fill in connectivity and weights. */
  readonly network: NetworkSpec;
  readonly generated: readonly GeneratedProjection[];
  readonly sensors: readonly ChannelSpec[];
  readonly actuators: readonly ChannelSpec[];
  /** Where the file came from (errors name it), its text (for positions) and the spec's path inside it. */
  readonly source: string;
  readonly text: string | undefined;
  readonly prefix: readonly PropertyKey[];
  /** Where the network's build errors are located: its file, text and path prefix. */
  readonly networkSource: { readonly source: string; readonly text: string | undefined; readonly path: string };
  /** The file as data with the network inline: what a saved controller embeds to be rebuilt. */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface ValidateOptions {
  /** The text `data` was parsed from, for line:column positions. */
  readonly text?: string;
  /** Directory a network path is relative to. @default the current directory */
  readonly baseDir?: string;
  /** Where the spec sits inside `source` (e.g. ['spec'] in a saved controller). @default [] */
  readonly prefix?: readonly PropertyKey[];
}

/** Whether a file is a controller file (YAML, or JSON with its format) rather than a saved controller. */
export function isControllerSpecFile(file: string, text: string): boolean {
  const lower = file.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return true;
  try {
    const d = JSON.parse(text.replace(/^\uFEFF/, '')) as { format?: unknown } | null;
    return d !== null && typeof d === 'object' && d.format === CONTROLLER_SPEC_FORMAT;
  } catch {
    return false;
  }
}

/** Reads, parses and checks a controller file. */
export function loadControllerSpec(file: string): LoadedControllerSpec {
  const text = readText(file);
  const data = parseSpecText(text, file, specFormatOf(file));
  return validateControllerSpec(data, file, { text, baseDir: dirname(file) });
}

function nest(prefix: readonly PropertyKey[], data: unknown): unknown {
  return prefix.reduceRight<unknown>((acc, k) => ({ [k as string]: acc }), data);
}

function channelOf(c: ChannelEntry): ChannelSpec {
  return { name: c.name, size: c.size, low: c.low ?? -Infinity, high: c.high ?? Infinity, unit: c.unit, ...(c.doc ? { doc: c.doc } : {}) };
}

/** Checks parsed data as a controller file; see the module comment. */
export function validateControllerSpec(data: unknown, source: string, opts: ValidateOptions = {}): LoadedControllerSpec {
  const prefix = opts.prefix ?? [];
  const text = opts.text;
  const fail = (issues: SpecIssue[]): never => {
    throw new SpecError(source, locateIssues(issues, text));
  };
  const at = (keys: readonly PropertyKey[], message: string): SpecIssue => ({ path: formatPath([...prefix, ...keys]), keys: [...prefix, ...keys], message });

  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail([at([], `expected a controller file: an object with "format": "${CONTROLLER_SPEC_FORMAT}"`)]);
  const d = data as Record<string, unknown>;
  if (d.format !== CONTROLLER_SPEC_FORMAT) fail([at(['format'], `expected "${CONTROLLER_SPEC_FORMAT}", got ${JSON.stringify(d.format)}`)]);
  if (d.version !== CONTROLLER_SPEC_VERSION) fail([at(['version'], `version ${JSON.stringify(d.version)} is not supported; this spikeloop reads version ${CONTROLLER_SPEC_VERSION}`)]);
  const parsed = controllerSpecSchema.safeParse(d, { error: issueText });
  if (!parsed.success) fail(toSpecIssues(parsed.error.issues, nest(prefix, d), prefix));
  const spec = parsed.data!;

  // ---- the network: by path, or inline with generators --------------------------------------
  let network: NetworkSpec;
  let rawNetwork: unknown;
  const generated: GeneratedProjection[] = [];
  let networkSource: LoadedControllerSpec['networkSource'];
  if (typeof spec.network === 'string') {
    const file = isAbsolute(spec.network) ? spec.network : resolve(opts.baseDir ?? '.', spec.network);
    network = loadNetworkSpec(file);
    rawNetwork = network;
    networkSource = { source: file, text: readText(file), path: '' };
  } else {
    rawNetwork = spec.network;
    const raw = structuredClone(spec.network) as { projections?: unknown };
    const issues: SpecIssue[] = [];
    if (Array.isArray(raw.projections)) {
      raw.projections.forEach((p: unknown, k: number) => {
        if (p === null || typeof p !== 'object' || !('generate' in p)) return;
        const proj = p as Record<string, unknown>;
        const keys = ['network', 'projections', k, 'generate'];
        const g = proj.generate as { kind?: unknown } | null;
        delete proj.generate;
        if ('connectivity' in proj || 'weights' in proj) issues.push(at(keys, "a generator makes the projection's connectivity and weights: drop 'connectivity' and 'weights', or 'generate'"));
        const gen = g && typeof g === 'object' && typeof g.kind === 'string' ? WEIGHT_GENERATORS.get(g.kind) : undefined;
        if (!gen) {
          const kinds = [...WEIGHT_GENERATORS.keys()];
          const kind = g && typeof g === 'object' ? g.kind : undefined;
          issues.push(at(typeof kind === 'string' ? [...keys, 'kind'] : keys, `expected a weight generator kind, one of ${kinds.map((n) => `'${n}'`).join(', ')}${typeof kind === 'string' ? didYouMean(kind, kinds) : ''}, got ${JSON.stringify(kind)}`));
          return;
        }
        const { kind, ...params } = g as Record<string, unknown>;
        const r = strictBlock(`weight generator '${String(kind)}'`, gen.params).safeParse(params, { error: issueText });
        if (!r.success) issues.push(...toSpecIssues(r.error.issues, nest([...prefix, ...keys], params), [...prefix, ...keys]));
        else generated.push({ projection: k, kind: kind as string, params: r.data as Record<string, unknown> });
        proj.connectivity = { kind: 'list', pairs: [] };
        if (!('weight' in proj)) proj.weight = 0;
      });
    }
    const r = networkSpecSchema.safeParse(raw, { error: issueText });
    if (!r.success) issues.push(...toSpecIssues(r.error.issues, nest([...prefix, 'network'], raw), [...prefix, 'network']));
    if (issues.length > 0) fail(issues);
    network = r.data as NetworkSpec;
    networkSource = { source, text, path: formatPath([...prefix, 'network']) };
  }

  const loadedBase = { spec, network, generated, networkSource, source, text, prefix };
  // Generator sizes against the populations, then a trial build (names, delays, modulators of plastic projections).
  const sizeIssues: SpecIssue[] = [];
  const popByName = new Map(network.populations.map((p) => [p.name, p]));
  for (const g of generated) {
    const gen = WEIGHT_GENERATORS.get(g.kind)!;
    const proj = network.projections![g.projection]!;
    const keys = ['network', 'projections', g.projection, 'generate'];
    const pre = popByName.get(proj.pre);
    const post = popByName.get(proj.post);
    const wantPre = gen.preSize(g.params);
    const wantPost = gen.postSize(g.params);
    if (pre && wantPre !== undefined && wantPre !== pre.size) sizeIssues.push(at(keys, `generator '${g.kind}' makes ${wantPre} pre-synaptic neurons, population '${pre.name}' has ${pre.size}`));
    if (post && wantPost !== undefined && wantPost !== post.size) sizeIssues.push(at(keys, `generator '${g.kind}' makes ${wantPost} post-synaptic neurons, population '${post.name}' has ${post.size}`));
  }
  if (sizeIssues.length > 0) fail(sizeIssues);
  const net = buildNetworkFrom(expandNetwork(loadedBase, 0), networkSource.source, { seed: 0 }, networkSource.text, networkSource.path);

  // ---- cross-references ---------------------------------------------------------------------
  const issues: SpecIssue[] = [];
  const sensors = new Map<string, ChannelEntry>();
  const actuators = new Map<string, ChannelEntry>();
  for (const [list, map, key] of [
    [spec.sensors, sensors, 'sensors'],
    [spec.actuators, actuators, 'actuators'],
  ] as const) {
    list.forEach((c, k) => {
      if (map.has(c.name)) issues.push(at([key, k, 'name'], `duplicate channel '${c.name}'`));
      map.set(c.name, c);
    });
  }
  const checkReads = (reads: readonly ChannelUse[], keys: readonly PropertyKey[]) => {
    for (const u of reads) {
      const c = sensors.get(u.channel);
      const where = u.key ? [...keys, u.key] : keys;
      if (!c) issues.push(at(where, `reads sensor channel '${u.channel}', which 'sensors' does not list${didYouMean(u.channel, sensors.keys())}; sensors are: ${[...sensors.keys()].join(', ') || '(none)'}`));
      else if (c.size < u.minSize) issues.push(at(where, `needs at least ${u.minSize} elements of '${u.channel}', which has ${c.size}`));
    }
  };

  const featureSize = new Map<string, number>();
  const sensorSpecs = new Map([...sensors].map(([n, c]) => [n, channelOf(c)]));
  (spec.features ?? []).forEach((f, k) => {
    const kind = FEATURE_BLOCKS.get(f.kind)!;
    const fname = f.name as string;
    if (featureSize.has(fname)) issues.push(at(['features', k, 'name'], `duplicate feature block '${fname}'`));
    const before = issues.length;
    checkReads(kind.reads(f), ['features', k]);
    if (issues.length > before) return;
    try {
      featureSize.set(fname, kind.create(f, sensorSpecs).size);
    } catch (e) {
      issues.push(at(['features', k], (e as Error).message));
    }
  });
  const featureRef = (fname: string, idx: number | undefined, keys: readonly PropertyKey[]) => {
    const size = featureSize.get(fname);
    if (size === undefined) issues.push(at(keys, `unknown feature block '${fname}'${didYouMean(fname, featureSize.keys())}; feature blocks are: ${[...featureSize.keys()].join(', ') || '(none)'}`));
    else if (idx !== undefined && idx >= size) issues.push(at(keys, `feature block '${fname}' has ${size} value(s); index ${idx} is out of range`));
    return size;
  };

  const pops = new Map(net.populations.map((p) => [p.name, p]));
  const popRef = (pname: string, keys: readonly PropertyKey[]) => {
    const p = pops.get(pname);
    if (!p) issues.push(at(keys, `unknown population '${pname}'${didYouMean(pname, pops.keys())}; populations are: ${[...pops.keys()].join(', ')}`));
    return p;
  };
  const inputPops = new Set<string>();
  (spec.inputs ?? []).forEach((b, k) => {
    const p = popRef(b.population, ['inputs', k, 'population']);
    const size = featureRef(b.feature, undefined, ['inputs', k, 'feature']);
    if (!p || size === undefined) return;
    const ps = network.populations.find((x) => x.name === b.population)!;
    if (!('source' in ps) || ps.source.kind !== 'external') {
      issues.push(at(['inputs', k, 'population'], `population '${b.population}' is not an external source (an encoder drives only populations with source {kind: external})`));
      return;
    }
    if (inputPops.has(b.population)) issues.push(at(['inputs', k, 'population'], `population '${b.population}' is already driven by another input`));
    inputPops.add(b.population);
    try {
      const enc = createEncoder(b.encoder, size, net.dt_ms);
      if (enc.size !== p.size) issues.push(at(['inputs', k, 'encoder'], `the ${b.encoder.kind} encoder drives ${enc.size} neurons (${size} value(s) of '${b.feature}'), population '${b.population}' has ${p.size}`));
    } catch (e) {
      issues.push(at(['inputs', k, 'encoder'], (e as Error).message));
    }
  });

  const outputValues = new Map<string, number>();
  spec.outputs.forEach((o, k) => {
    if (outputValues.has(o.name)) issues.push(at(['outputs', k, 'name'], `duplicate output '${o.name}'`));
    outputValues.set(o.name, o.values);
    const ps = o.populations.map((n, j) => popRef(n, ['outputs', k, 'populations', j]));
    if (ps.some((p) => !p)) return;
    try {
      const dec = createDecoder(o.decoder, o.values, net.dt_ms);
      const size = ps.reduce((s, p) => s + p!.size, 0);
      if (dec.sources !== ps.length || dec.size !== size) {
        issues.push(at(['outputs', k, 'decoder'], `the ${o.decoder.kind} decoder reads ${dec.size} neurons from ${dec.sources} population(s), but ${o.populations.join(' + ')} ${ps.length > 1 ? 'have' : 'has'} ${size}`));
      }
    } catch (e) {
      issues.push(at(['outputs', k, 'decoder'], (e as Error).message));
    }
  });

  const commandSize = new Map<string, number>();
  spec.commands.forEach((c, k) => {
    const ch = actuators.get(c.channel);
    if (!ch) {
      issues.push(at(['commands', k, 'channel'], `unknown actuator channel '${c.channel}'${didYouMean(c.channel, actuators.keys())}; actuators are: ${[...actuators.keys()].join(', ')}`));
      return;
    }
    if (commandSize.has(c.channel)) issues.push(at(['commands', k, 'channel'], `channel '${c.channel}' already has a command`));
    commandSize.set(c.channel, c.elements.length);
    if (c.elements.length > ch.size) issues.push(at(['commands', k, 'elements'], `${c.elements.length} elements for channel '${c.channel}' of size ${ch.size}`));
    c.elements.forEach((e, j) =>
      e.sum.forEach((t, i) => {
        const keys = ['commands', k, 'elements', j, 'sum', i];
        if ('output' in t) {
          const n = outputValues.get(t.output);
          if (n === undefined) issues.push(at([...keys, 'output'], `unknown output '${t.output}'${didYouMean(t.output, outputValues.keys())}; outputs are: ${[...outputValues.keys()].join(', ') || '(none)'}`));
          else if (t.index >= n) issues.push(at([...keys, 'index'], `output '${t.output}' decodes ${n} value(s); index ${t.index} is out of range`));
        } else if ('feature' in t) featureRef(t.feature, t.index, [...keys, 'feature']);
      }),
    );
    (c.stages ?? []).forEach((s, j) => {
      const st = COMMAND_STAGES.get(s.kind)!;
      if (st.commandSize !== undefined && st.commandSize !== c.elements.length) issues.push(at(['commands', k, 'stages', j], `stage '${s.kind}' works on ${st.commandSize} elements, the command has ${c.elements.length}`));
      checkReads(st.reads(s), ['commands', k, 'stages', j]);
    });
  });
  const missing = [...actuators.keys()].filter((n) => !commandSize.has(n));
  if (missing.length > 0) issues.push(at(['commands'], `no command for actuator channel(s) ${missing.map((n) => `'${n}'`).join(', ')}`));

  if (spec.reward) {
    const rule = TEACHING_RULES.get(spec.reward.kind)!;
    const mods = (network.modulators ?? []).map((m) => m.name);
    for (const r of rule.modulators(spec.reward)) {
      if (!mods.includes(r.name)) issues.push(at(['reward', ...r.keys], `the network declares no modulator '${r.name}'${didYouMean(r.name, mods)}; modulators are: ${mods.join(', ') || '(none)'}`));
    }
    for (const r of rule.features(spec.reward)) featureRef(r.name, r.index, ['reward', ...r.keys]);
    for (const r of rule.commands(spec.reward)) {
      const n = commandSize.get(r.name);
      if (n === undefined) issues.push(at(['reward', ...r.keys], `no command writes channel '${r.name}'${didYouMean(r.name, commandSize.keys())}; commands write: ${[...commandSize.keys()].join(', ')}`));
      else if (r.index !== undefined && r.index >= n) issues.push(at(['reward', ...r.keys], `the command of '${r.name}' has ${n} element(s); index ${r.index} is out of range`));
    }
  }
  if (issues.length > 0) fail(issues);

  return {
    ...loadedBase,
    sensors: spec.sensors.map(channelOf),
    actuators: spec.actuators.map(channelOf),
    data: { ...d, network: rawNetwork },
  };
}

/** The network spec with every generated projection's connectivity and weights filled in (seeded). */
export function expandNetwork(loaded: Pick<LoadedControllerSpec, 'network' | 'generated'>, seed: number): NetworkSpec {
  if (loaded.generated.length === 0) return loaded.network;
  const rngs = new Map<string, Rng>();
  const rngOf = (stream: string) => {
    let r = rngs.get(stream);
    if (!r) rngs.set(stream, (r = new Rng(seed, stream)));
    return r;
  };
  const sizes = new Map(loaded.network.populations.map((p) => [p.name, p.size]));
  const byIndex = new Map(loaded.generated.map((g) => [g.projection, g]));
  const projections = (loaded.network.projections ?? []).map((p, k): ProjectionSpec => {
    const g = byIndex.get(k);
    if (!g) return p;
    const { pairs, weights } = WEIGHT_GENERATORS.get(g.kind)!.generate(g.params, sizes.get(p.pre) ?? 0, sizes.get(p.post) ?? 0, rngOf);
    return { ...p, connectivity: { kind: 'list', pairs }, weights };
  });
  return { ...loaded.network, projections };
}
