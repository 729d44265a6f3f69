/**
 * How the task's scalar reward reaches the network's modulators (the third factor of R-STDP):
 *
 *  - `dopamine`: the reward itself (optionally minus a running average of the episode's
 *    rewards, clipped) to one or more modulators — plain scalar dopamine.
 *  - `signed-efference`: a signed teaching signal per side of an antagonistic pair: δ = r − b(s)
 *    with r clipped and b(s) = v·(φ(s), 1) an optional linear critic on a feature block, learned
 *    by LMS (v is a learned parameter, saved with the weights); the positive side's modulator
 *    gets +δ·a, the negative side's −δ·a, with a a low-passed efference copy of the command
 *    the pair produced (command / scale). φ is the feature of the period the reward judges
 *    (the previous one). REINFORCE with a state-dependent baseline (Williams 1992; Frémaux,
 *    Sprekeler & Gerstner 2010).
 *  - `feedback-error`: per antagonistic pair, ±(gain / reference)·f_k of a feature block (an
 *    innate reflex's command): feedback-error learning (Kawato, Furukawa & Suzuki 1987).
 *  - `actor-critic`: one TD error for several antagonistic pairs (actors): δ = clip(r) + γ·V(s′)
 *    − V(s), V(s) = v·(φ(s), 1) a linear critic on one or more feature blocks learned by TD(0)
 *    (v saved with the weights); pair k's positive modulator gets +δ·a_k and its negative one
 *    −δ·a_k, a_k the low-passed efference copy of the pair's command minus its centre, over its
 *    scale (a_k ≈ the exploration in that action when the policy's mean sits at the centre).
 *    TD error as dopamine for a spiking actor (Frémaux, Sprekeler & Gerstner 2013), with the
 *    eligibility of each action population gated by its own signed signal. Options: a
 *    normalised critic step (rate / |φ|², NLMS), a clip of δ (`deltaClip`), and per pair
 *    `efference.meanTau_ms`: a_k measured from a slower running mean of the copy instead of
 *    the fixed centre (the deviation of the output from its recent average, Legenstein,
 *    Chase, Schwartz & Maass 2010).
 *
 * Registry: `TEACHING_RULES`, a Map by kind. A rule lists what it refers to (modulators, feature
 * blocks, command elements) so a controller file is checked before anything is built.
 */
import { z } from 'zod';
import type { RewardBinding } from '../sensorimotor/spikingController.js';
import { RewardBaseline } from '../presets/armReachSnn.js';
import type { KindShape } from './specSchemaParts.js';
import { channelName, index, name, nonNegative, positive, strictBlock } from './specSchemaParts.js';

/** A name a rule refers to, with its path inside the rule (for located errors). */
export interface RuleRef {
  readonly keys: readonly PropertyKey[];
  readonly name: string;
  /** For feature and command references: the element read. */
  readonly index?: number;
}

export interface TeachingContext {
  /** A feature block's live values (refreshed at the start of every period). */
  feature(name: string): Float64Array;
  /** An actuator command's live values (float64, before it is stored in the action). */
  command(channel: string): Float64Array;
  readonly controlRate_Hz: number;
}

export interface Teaching {
  /** One per modulator, in the order they are delivered. */
  readonly bindings: readonly RewardBinding[];
  /** Start of every control period (and of `finish`), before the feature blocks are refreshed. */
  beginPeriod(): void;
  /** After the commands of a period are composed. */
  afterCommands(): void;
  reset(): void;
  /** Learned non-synaptic parameters (saved with the weights). */
  readonly parameters: Readonly<Record<string, Float32Array>>;
}

export interface TeachingRule extends KindShape {
  readonly summary: string;
  modulators(p: Record<string, unknown>): readonly RuleRef[];
  features(p: Record<string, unknown>): readonly RuleRef[];
  commands(p: Record<string, unknown>): readonly RuleRef[];
  create(p: Record<string, unknown>, ctx: TeachingContext): Teaching;
}

function rule<S extends z.core.$ZodLooseShape>(def: {
  summary: string;
  params: S;
  modulators(p: z.infer<z.ZodObject<S>>): readonly RuleRef[];
  features?: (p: z.infer<z.ZodObject<S>>) => readonly RuleRef[];
  commands?: (p: z.infer<z.ZodObject<S>>) => readonly RuleRef[];
  create(p: z.infer<z.ZodObject<S>>, ctx: TeachingContext): Teaching;
}): TeachingRule {
  return { features: () => [], commands: () => [], ...def } as unknown as TeachingRule;
}

const clipTo = (v: number, c: number) => (v > c ? c : v < -c ? -c : v);
const nothing = () => {};

export const TEACHING_RULES: ReadonlyMap<string, TeachingRule> = new Map<string, TeachingRule>([
  [
    'dopamine',
    rule({
      summary: 'scalar dopamine: the reward (minus an episode running average, clipped) to every listed modulator',
      params: {
        modulators: z.array(name()).min(1, { error: 'expected at least one modulator' }),
        clip: positive().optional(),
        baseline: strictBlock('a reward baseline', { kind: z.literal('episode-average', { error: "expected 'episode-average'" }), tau_ms: positive() }).optional(),
      },
      modulators: (p) => p.modulators.map((m, k) => ({ keys: ['modulators', k], name: m })),
      create: (p, ctx) => {
        const baseline = p.baseline ? new RewardBaseline(p.baseline.tau_ms / 1000, 1 / ctx.controlRate_Hz, p.clip ?? Infinity) : null;
        const clip = p.clip;
        const last = { value: 0 };
        const first = (r: number): number => (last.value = baseline ? baseline.signal(r) : clip !== undefined ? clipTo(r, clip) : r);
        const bindings: RewardBinding[] = p.modulators.map((m, k) => ({ modulator: m, signal: k === 0 ? first : () => last.value }));
        return { bindings, beginPeriod: nothing, afterCommands: nothing, reset: () => baseline?.reset(), parameters: {} };
      },
    }),
  ],
  [
    'signed-efference',
    rule({
      summary: 'signed per-side teaching: ±(clip(r) − b(s))·a to a pair of modulators, a a low-passed efference copy of the pair’s command, b an optional LMS linear critic',
      params: {
        positive: name(),
        negative: name(),
        clip: positive(),
        efference: strictBlock('an efference copy', { channel: channelName(), index: index(), scale: positive(), tau_ms: positive() }),
        critic: strictBlock('a linear critic', { kind: z.literal('linear-lms', { error: "expected 'linear-lms'" }), feature: name(), rate: nonNegative(), parameter: name().default('critic') }).optional(),
      },
      modulators: (p) => [
        { keys: ['positive'], name: p.positive },
        { keys: ['negative'], name: p.negative },
      ],
      features: (p) => (p.critic ? [{ keys: ['critic', 'feature'], name: p.critic.feature }] : []),
      commands: (p) => [{ keys: ['efference', 'channel'], name: p.efference.channel, index: p.efference.index }],
      create: (p, ctx) => {
        const cmd = ctx.command(p.efference.channel);
        const ei = p.efference.index;
        const scale = p.efference.scale;
        const alpha = -Math.expm1(-1000 / ctx.controlRate_Hz / p.efference.tau_ms);
        const st = { a: 0, centred: 0, havePhi: false, periods: 0 };
        const feature = p.critic ? ctx.feature(p.critic.feature) : null;
        const S = feature ? feature.length : 0;
        const critic = new Float32Array(S + 1);
        const phi = new Float32Array(S + 1);
        phi[S] = 1;
        const rate = p.critic?.rate ?? 0;
        const positiveSignal = (r: number): number => {
          const rc = clipTo(r, p.clip);
          if (feature) {
            if (!st.havePhi) return (st.centred = 0);
            let b = 0;
            for (let k = 0; k <= S; k++) b += critic[k]! * phi[k]!;
            st.centred = rc - b;
            for (let k = 0; k <= S; k++) critic[k] = critic[k]! + rate * st.centred * phi[k]!;
          } else st.centred = rc;
          return st.centred * st.a;
        };
        return {
          bindings: [
            { modulator: p.positive, signal: positiveSignal },
            { modulator: p.negative, signal: () => -st.centred * st.a },
          ],
          beginPeriod: () => {
            // The feature still holds the previous period's values: the state the reward judges.
            if (feature && st.periods > 0) {
              for (let k = 0; k < S; k++) phi[k] = feature[k]!;
              st.havePhi = true;
            }
            st.periods++;
          },
          afterCommands: () => {
            st.a += alpha * (cmd[ei]! / scale - st.a);
          },
          reset: () => {
            st.a = st.centred = 0;
            st.havePhi = false;
            st.periods = 0;
          },
          parameters: p.critic ? { [p.critic.parameter]: critic } : {},
        };
      },
    }),
  ],
  [
    'actor-critic',
    rule({
      summary: 'TD actor–critic: δ = clip(r) + γ·V(s′) − V(s) from a linear TD(0) critic on feature blocks; pair k gets ±δ·a_k, a_k its low-passed, centred efference copy',
      params: {
        clip: positive(),
        gamma: nonNegative().max(1, { error: 'expected a number in [0, 1]' }),
        critic: strictBlock('a TD critic', {
          features: z.array(name()).min(1, { error: 'expected at least one feature block' }),
          rate: nonNegative(),
          parameter: name().default('critic'),
          normalised: z.boolean({ error: 'expected true or false' }).default(false),
        }),
        deltaClip: positive().optional(),
        pairs: z
          .array(
            strictBlock('an actor pair', {
              positive: name(),
              negative: name(),
              efference: strictBlock('an efference copy', {
                channel: channelName(),
                index: index(),
                scale: positive(),
                tau_ms: positive(),
                centre: z.number({ error: 'expected a finite number' }).default(0),
                meanTau_ms: positive().optional(),
              }),
            }),
          )
          .min(1, { error: 'expected at least one pair' }),
      },
      modulators: (p) =>
        p.pairs.flatMap((q, k) => [
          { keys: ['pairs', k, 'positive'], name: q.positive },
          { keys: ['pairs', k, 'negative'], name: q.negative },
        ]),
      features: (p) => p.critic.features.map((f, k) => ({ keys: ['critic', 'features', k], name: f })),
      commands: (p) => p.pairs.map((q, k) => ({ keys: ['pairs', k, 'efference', 'channel'], name: q.efference.channel, index: q.efference.index })),
      create: (p, ctx) => {
        const blocks = p.critic.features.map((f) => ctx.feature(f));
        const S = blocks.reduce((n, b) => n + b.length, 0);
        const critic = new Float32Array(S + 1);
        const phi = new Float64Array(S + 1);
        phi[S] = 1;
        const gamma = p.gamma;
        const rate = p.critic.rate;
        const cmds = p.pairs.map((q) => ctx.command(q.efference.channel));
        const alphas = p.pairs.map((q) => -Math.expm1(-1000 / ctx.controlRate_Hz / q.efference.tau_ms));
        // With meanTau_ms: the slower running mean the copy is measured from (0: none).
        const betas = p.pairs.map((q) => (q.efference.meanTau_ms === undefined ? 0 : -Math.expm1(-1000 / ctx.controlRate_Hz / q.efference.meanTau_ms)));
        // a_k per pair (the low-passed copy minus its running mean), its two filters, and the
        // period's δ; typed arrays, written every period.
        const a = new Float64Array(p.pairs.length);
        const fast = new Float64Array(p.pairs.length);
        const mean = new Float64Array(p.pairs.length);
        const st = new Float64Array(1);
        const flags = { havePhi: false, periods: 0 };
        /** v·(φ(s_now), 1), the features as they are now (this period's state). */
        const valueNow = (): number => {
          let v = critic[S]!;
          let o = 0;
          for (const b of blocks) {
            for (let i = 0; i < b.length; i++) v += critic[o + i]! * b[i]!;
            o += b.length;
          }
          return v;
        };
        const tdError = (r: number): number => {
          if (!flags.havePhi) return (st[0] = 0);
          let vPrev = 0;
          for (let k = 0; k <= S; k++) vPrev += critic[k]! * phi[k]!;
          // The episode's last reward also bootstraps from V(s′): the teaching rule does not know
          // the episode ended; with |V| ≪ the terminal rewards this errs little.
          let d = clipTo(r, p.clip) + gamma * valueNow() - vPrev;
          if (p.deltaClip !== undefined) d = clipTo(d, p.deltaClip);
          // Normalised LMS (rate / |φ|²) keeps TD(0) stable when many features are on at once
          // (a corridor's walls light every sector) and when a batch sums several episodes' updates.
          let step = rate;
          if (p.critic.normalised) {
            let n2 = 0;
            for (let k = 0; k <= S; k++) n2 += phi[k]! * phi[k]!;
            step = rate / n2;
          }
          for (let k = 0; k <= S; k++) critic[k] = critic[k]! + step * d * phi[k]!;
          return (st[0] = d);
        };
        const bindings: RewardBinding[] = p.pairs.flatMap((q, k) => [
          { modulator: q.positive, signal: k === 0 ? (r: number) => tdError(r) * a[0]! : () => st[0]! * a[k]! },
          { modulator: q.negative, signal: () => -st[0]! * a[k]! },
        ]);
        return {
          bindings,
          beginPeriod: () => {
            // The blocks still hold the previous period's values: the state s the reward judges.
            if (flags.periods > 0) {
              let o = 0;
              for (const b of blocks) {
                for (let i = 0; i < b.length; i++) phi[o + i] = b[i]!;
                o += b.length;
              }
              flags.havePhi = true;
            }
            flags.periods++;
          },
          afterCommands: () => {
            for (let k = 0; k < a.length; k++) {
              const q = p.pairs[k]!.efference;
              const u = (cmds[k]![q.index]! - q.centre) / q.scale;
              fast[k] = fast[k]! + alphas[k]! * (u - fast[k]!);
              // The deviation from the running mean (Legenstein et al. 2010's post-activity
              // term): a δ that is not yet zero-mean then moves the policy by the exploration
              // it rewards, not by the whole learned command (which a biased δ would erase or
              // inflate). Without meanTau_ms the mean stays 0.
              mean[k] = mean[k]! + betas[k]! * (u - mean[k]!);
              a[k] = fast[k]! - mean[k]!;
            }
          },
          reset: () => {
            a.fill(0);
            fast.fill(0);
            mean.fill(0);
            st[0] = 0;
            flags.havePhi = false;
            flags.periods = 0;
          },
          parameters: { [p.critic.parameter]: critic },
        };
      },
    }),
  ],
  [
    'feedback-error',
    rule({
      summary: 'feedback-error learning: per pair, +(gain/reference)·f_k to the positive side’s modulator and −(gain/reference)·f_k to the negative side’s, f a feature block (an innate reflex command)',
      params: {
        pairs: z
          .array(strictBlock('a teaching pair', { positive: name(), negative: name(), feature: name(), index: index().default(0), gain: z.number({ error: 'expected a finite number' }), reference: positive().default(1) }))
          .min(1, { error: 'expected at least one pair' }),
      },
      modulators: (p) =>
        p.pairs.flatMap((q, k) => [
          { keys: ['pairs', k, 'positive'], name: q.positive },
          { keys: ['pairs', k, 'negative'], name: q.negative },
        ]),
      features: (p) => p.pairs.map((q, k) => ({ keys: ['pairs', k, 'feature'], name: q.feature, index: q.index })),
      create: (p, ctx) => {
        const bindings: RewardBinding[] = p.pairs.flatMap((q) => {
          const f = ctx.feature(q.feature);
          const i = q.index;
          const scale = q.gain / q.reference;
          return [
            { modulator: q.positive, signal: () => scale * f[i]! },
            { modulator: q.negative, signal: () => -scale * f[i]! },
          ];
        });
        return { bindings, beginPeriod: nothing, afterCommands: nothing, reset: nothing, parameters: {} };
      },
    }),
  ],
]);
