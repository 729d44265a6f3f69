/**
 * Resource limits on what a file may ask for: a few bytes of spec can ask for 1e9 neurons or
 * 1e10 synapses, and typed arrays are allocated outside the JavaScript heap (so
 * `--max-old-space-size` does not stop them). Every reader and builder checks these limits
 * *before* allocating and fails with a LimitError naming the limit, the amount asked for and the
 * environment variable that raises it:
 *
 *   limit        default      environment variable           what it bounds
 *   neurons      10 000 000   SPIKELOOP_MAX_NEURONS          neurons (and source units) of one network
 *   synapses     100 000 000  SPIKELOOP_MAX_SYNAPSES         synapses of one network; spike-history slots
 *   populations  100 000      SPIKELOOP_MAX_POPULATIONS      populations (and NIR nodes) of one network
 *   steps        1e9          SPIKELOOP_MAX_STEPS            steps of a run; spike times (in steps)
 *   fileBytes    64 MiB       SPIKELOOP_MAX_FILE_BYTES       size of a spec, profile, launch, controller or NIR file
 *   depth        64           SPIKELOOP_MAX_DEPTH            nesting of JSON/YAML data and of NIR subgraphs
 *   readSeconds  120          SPIKELOOP_MAX_READ_SECONDS     time the HDF5 library may take to read a NIR file (`nir` commands
 *                                                           read in a worker thread; a corrupt file can make HDF5 loop forever)
 *
 * Values are read from the environment on each check (so `SPIKELOOP_MAX_NEURONS=5e7 spikeloop
 * simulate big.json …` works for every command); `setLimits` overrides them in-process.
 */

export interface Limits {
  readonly neurons: number;
  readonly synapses: number;
  readonly populations: number;
  readonly steps: number;
  readonly fileBytes: number;
  readonly depth: number;
  readonly readSeconds: number;
}

export const DEFAULT_LIMITS: Limits = {
  neurons: 10_000_000,
  synapses: 100_000_000,
  populations: 100_000,
  steps: 1_000_000_000,
  fileBytes: 64 * 1024 * 1024,
  depth: 64,
  readSeconds: 120,
};

export const LIMIT_ENV: Readonly<Record<keyof Limits, string>> = {
  neurons: 'SPIKELOOP_MAX_NEURONS',
  synapses: 'SPIKELOOP_MAX_SYNAPSES',
  populations: 'SPIKELOOP_MAX_POPULATIONS',
  steps: 'SPIKELOOP_MAX_STEPS',
  fileBytes: 'SPIKELOOP_MAX_FILE_BYTES',
  depth: 'SPIKELOOP_MAX_DEPTH',
  readSeconds: 'SPIKELOOP_MAX_READ_SECONDS',
};

const WHAT: Readonly<Record<keyof Limits, string>> = {
  neurons: 'neurons',
  synapses: 'synapses',
  populations: 'populations',
  steps: 'steps',
  fileBytes: 'bytes',
  depth: 'levels of nesting',
  readSeconds: 's',
};

let overrides: Partial<Limits> = {};

/** Overrides limits in this process (tests, library users); `{}` restores the environment's. */
export function setLimits(l: Partial<Limits>): void {
  overrides = { ...l };
}

/** A limit: an in-process override, else its environment variable (a number > 0), else the default. */
export function limit(name: keyof Limits): number {
  const o = overrides[name];
  if (o !== undefined) return o;
  const raw = process.env[LIMIT_ENV[name]];
  if (raw !== undefined && raw.trim() !== '') {
    const v = Number(raw);
    if (Number.isFinite(v) && v > 0) return Math.floor(v);
  }
  return DEFAULT_LIMITS[name];
}

/** A request over a resource limit. Its message starts with `where: ` when given (a spec path). */
export class LimitError extends RangeError {
  constructor(
    readonly limitName: keyof Limits,
    readonly requested: number,
    readonly max: number,
    message: string,
  ) {
    super(message);
    this.name = 'LimitError';
  }
}

function fmt(n: number): string {
  return Number.isFinite(n) && Math.abs(n) < 1e21 ? Math.round(n).toLocaleString('en-US') : String(n);
}

/**
 * Throws a LimitError when `requested` exceeds the limit: `<where>: <what> asks for N neurons,
 * more than the limit of M (raise it with SPIKELOOP_MAX_NEURONS=<n>)`.
 */
export function checkLimit(name: keyof Limits, requested: number, where: string, what: string, unit: string = WHAT[name]): void {
  const max = limit(name);
  if (requested <= max) return;
  const msg = `${where ? `${where}: ` : ''}${what} ${fmt(requested)} ${unit}, more than the limit of ${fmt(max)} (raise it with ${LIMIT_ENV[name]}=<n>)`;
  throw new LimitError(name, requested, max, msg);
}
