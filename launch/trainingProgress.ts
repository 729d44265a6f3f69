/**
 * Progress of `spikeloop train`: on a terminal (stderr is a TTY), a cli-progress bar updated
 * after every episode — episodes done, moving success rate and mean return over the last
 * MOVING_WINDOW_EPISODES episodes, ETA; elsewhere (pipes, CI logs, tests), one line per round.
 */
import type { SingleBar } from 'cli-progress';
import type { CurveRow } from '../experiments/curveCsv.js';
import type { RoundReport } from '../experiments/train.js';
import { MOVING_WINDOW_EPISODES } from '../experiments/report/movingAverage.js';
import type { CliIo } from './cliIo.js';

export interface TrainingProgress {
  /** Training starts (or resumes) with `done` of `total` episodes done. */
  start(total: number, done: number): void;
  /** An episode of the current round finished (`done` counts episodes of finished rounds plus this round's so far). */
  episode(done: number): void;
  round(r: RoundReport): void;
  /** A message between rounds (stages). */
  note(text: string): void;
  stop(): void;
}

/** Success rate and mean return over the last `MOVING_WINDOW_EPISODES` rows. */
export function recentStats(curve: readonly CurveRow[]): { readonly success: number; readonly meanReturn: number; readonly n: number } {
  const tail = curve.slice(-MOVING_WINDOW_EPISODES);
  const n = tail.length;
  if (n === 0) return { success: NaN, meanReturn: NaN, n };
  return { success: tail.reduce((a, r) => a + (r.success === 1 ? 1 : 0), 0) / n, meanReturn: tail.reduce((a, r) => a + r.return, 0) / n, n };
}

function roundLine(r: RoundReport): string {
  const s = recentStats(r.curve);
  const errors = r.rows.filter((x) => x.error !== '').length;
  let line = `round ${r.round}/${r.rounds}: ${r.episodesDone}/${r.episodes} episodes, success ${s.success.toFixed(2)} and mean return ${s.meanReturn.toFixed(3)} over the last ${s.n}`;
  if (errors > 0) line += `, ${errors} discarded (error)`;
  if (r.validation) line += `; validation success ${r.validation.success_rate.toFixed(2)}, mean return ${r.validation.mean_reward.toFixed(3)}${r.improved ? ' (best so far: best.json)' : ''}`;
  return `${line}\n`;
}

export async function createTrainingProgress(io: CliIo, o: { readonly tty: boolean; readonly label: string }): Promise<TrainingProgress> {
  if (!o.tty) {
    return {
      start: (total, done) => io.err(`${o.label}: ${done}/${total} episodes done\n`),
      episode: () => {},
      round: (r) => io.err(roundLine(r)),
      note: (t) => io.err(`${t}\n`),
      stop: () => {},
    };
  }
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar: SingleBar = new SingleBar(
    {
      format: `${o.label} [{bar}] {value}/{total} episodes | success {success} | return {ret} | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let payload = { success: '-', ret: '-' };
  let started = false;
  return {
    start: (total, done) => {
      bar.start(total, done, payload);
      started = true;
    },
    episode: (done) => bar.update(done, payload),
    round: (r) => {
      const s = recentStats(r.curve);
      payload = { success: s.success.toFixed(2), ret: s.meanReturn.toFixed(2) };
      bar.update(r.episodesDone, payload);
    },
    // A stage's line above the bar (cleared and redrawn), so results such as the first validation show.
    note: (t) => {
      if (!started) return void process.stderr.write(`${t}\n`);
      process.stderr.write(`\r\x1b[K${t}\n`);
      bar.update(payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
