/** Test fixture: writes a small point-mass study file (2 seeds × (reward, zero-reward control), 8 short training episodes, 4 held-out) into a directory. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writePointMassStudy(dir: string, extra = ''): string {
  const file = join(dir, 'study.yaml');
  writeFileSync(
    file,
    `study: point-mass-small
scenarios: [point-mass-v0]
training:
  episodes: 8
  seeds: 2
  validate_every: 1
  validate_episodes: 2
conditions:
  - name: reward
  - name: zero-reward
    control: zero-reward
evaluation:
  seed: 100
  episodes: 4
metrics: [success_rate, mean_reward]
${extra}`,
  );
  return file;
}
