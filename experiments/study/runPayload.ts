/**
 * A run as it travels on the queue (a BullMQ job's data): checked by the worker before it
 * runs anything. A payload that is not a run of this format, or whose hash does not match its
 * spec (truncated, edited, from a buggy producer), is rejected and reported, never run.
 */
import { z } from 'zod';
import { issueText, toSpecIssues, formatIssues } from '../../loop/specIssues.js';
import { runHash } from './runHash.js';
import { REWARD_CONTROLS } from '../rewardControl.js';
import type { StudyRun } from './studyRun.js';
import { STUDY_RUN_FORMAT, STUDY_RUN_VERSION } from './studyRun.js';

const int0 = () => z.number().int().min(0);
const runSpecSchema = z.strictObject({
  format: z.literal(STUDY_RUN_FORMAT),
  version: z.literal(STUDY_RUN_VERSION),
  kind: z.enum(['train', 'baseline']),
  study: z.string().min(1),
  scenario: z.string().min(1),
  controller: z.strictObject({ name: z.string().min(1), file: z.strictObject({ basename: z.string().min(1).regex(/^[^/\\]+$/), text: z.string() }).nullable() }).nullable(),
  condition: z.string().min(1),
  control: z.enum(REWARD_CONTROLS).nullable(),
  perturb: z.array(z.string().min(1)),
  seed: int0().nullable(),
  training: z.strictObject({ episodes: z.number().int().min(1), validate_every: z.number().int().min(1).nullable(), validate_episodes: z.number().int().min(1).nullable() }).nullable(),
  evaluation: z.strictObject({ seed: int0(), episodes: z.number().int().min(1) }),
  spikeloop: z.string().min(1),
  node: z.number().int().min(1),
});

const runSchema = z.strictObject({ hash: z.string().regex(/^[0-9a-f]{64}$/), spec: runSpecSchema, conditionIndex: z.number().int().min(-1) });

export class MalformedRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedRunError';
  }
}

export function parseRunPayload(data: unknown): StudyRun {
  const r = runSchema.safeParse(data, { error: issueText });
  if (!r.success) throw new MalformedRunError(`malformed job payload: ${formatIssues('payload', toSpecIssues(r.error.issues, data)).replace(/\n/g, '; ')}`);
  const run = r.data as StudyRun;
  if (runHash(run.spec) !== run.hash) throw new MalformedRunError(`malformed job payload: its hash ${run.hash.slice(0, 12)}… does not match its spec (${runHash(run.spec).slice(0, 12)}…)`);
  if ((run.spec.kind === 'train') !== (run.spec.training !== null && run.spec.seed !== null)) throw new MalformedRunError(`malformed job payload: a ${run.spec.kind} run ${run.spec.kind === 'train' ? 'needs' : 'takes no'} training settings and seed`);
  return run;
}
