/**
 * Progress of `spikeloop study run`: runs done/running/failed of all and an ETA (the mean wall
 * time of the runs finished so far × the runs left ÷ the runs going at once). On a terminal a
 * cli-progress bar; elsewhere one line per run started, finished or failed; with --json one
 * JSON object per event on stdout.
 */
import type { SingleBar } from 'cli-progress';
import type { StudyEvent } from '../experiments/study/studyEvents.js';
import type { StudyRun } from '../experiments/study/studyRun.js';
import { shortHash } from '../experiments/study/runHash.js';
import type { CliIo } from './cliIo.js';

export interface StudyProgress {
  event(e: StudyEvent): void;
  stop(): void;
}

function what(run: StudyRun): string {
  const r = run.spec;
  return `${r.scenario} ${r.kind === 'baseline' ? `baseline (${r.controller?.name ?? ''})` : `${r.condition}${r.controller ? ` ${r.controller.name}` : ''} seed ${r.seed}`} [${shortHash(run.hash)}]`;
}

function eta(walls: readonly number[], left: number, running: number): string {
  if (walls.length === 0 || left === 0) return '–';
  const s = ((walls.reduce((a, b) => a + b, 0) / walls.length) * left) / Math.max(1, running);
  return s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`;
}

export async function createStudyProgress(io: CliIo, o: { readonly tty: boolean; readonly json: boolean }): Promise<StudyProgress> {
  let total = 0;
  let done = 0;
  let failed = 0;
  let parallel = 1;
  const running = new Set<string>();
  const walls: number[] = [];
  const count = (e: StudyEvent) => {
    if (e.type === 'plan') {
      total = e.runs;
      done = e.done;
    } else if (e.type === 'start') {
      running.add(e.run.hash);
      parallel = Math.max(parallel, running.size);
    } else if (e.type === 'done') {
      running.delete(e.run.hash);
      done++;
      walls.push(e.wall_s);
    } else if (e.type === 'failed') {
      running.delete(e.run.hash);
      failed++;
    }
  };
  const status = () => `${done}/${total} runs done, ${running.size} running, ${failed} failed, ETA ${eta(walls, total - done - failed, parallel)}`;
  if (o.json) {
    return {
      event: (e) => {
        count(e);
        const base = e.type === 'plan' || e.type === 'note' ? e : { type: e.type, run: e.run.hash, kind: e.run.spec.kind, scenario: e.run.spec.scenario, condition: e.run.spec.condition, seed: e.run.spec.seed, ...('by' in e && e.by ? { by: e.by } : {}), ...('done' in e ? { done: e.done, total: e.total } : {}), ...('wall_s' in e ? { wall_s: e.wall_s } : {}), ...('error' in e ? { error: e.error } : {}) };
        io.out(`${JSON.stringify({ event: base.type, ...base, type: undefined, runs_done: done, runs_running: running.size, runs_failed: failed, runs: total })}\n`);
      },
      stop: () => {},
    };
  }
  if (!o.tty) {
    return {
      event: (e) => {
        count(e);
        if (e.type === 'plan') io.err(`study: ${e.runs} runs, ${e.done} already done; running on ${e.where}\n`);
        else if (e.type === 'start') io.err(`started ${what(e.run)}${e.by ? ` on ${e.by}` : ''}\n`);
        else if (e.type === 'done') io.err(`done    ${what(e.run)} in ${e.wall_s.toFixed(1)} s — ${status()}\n`);
        else if (e.type === 'failed') io.err(`FAILED  ${what(e.run)}: ${e.error} — ${status()}\n`);
        else if (e.type === 'note') io.err(`${e.text}\n`);
      },
      stop: () => {},
    };
  }
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar: SingleBar = new SingleBar({ format: 'study [{bar}] {value}/{total} runs | running {running} | failed {failed} | ETA {myeta}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  let started = false;
  const payload = () => ({ running: running.size, failed, myeta: eta(walls, total - done - failed, parallel) });
  return {
    event: (e) => {
      count(e);
      if (e.type === 'plan') {
        process.stderr.write(`study: ${e.runs} runs, ${e.done} already done; running on ${e.where}\n`);
        bar.start(total, done, payload());
        started = true;
        return;
      }
      if (e.type === 'failed' || e.type === 'note') process.stderr.write(`\r\x1b[K${e.type === 'failed' ? `FAILED ${what(e.run)}: ${e.error}` : e.text}\n`);
      if (started) bar.update(done, payload());
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
