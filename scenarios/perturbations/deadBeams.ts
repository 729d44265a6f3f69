/**
 * `dead-beams:<i>[-<j>][,<k>…][,channel=lidar]` — lidar beams i … j (inclusive, 0-based) are
 * dead: they always read +Inf, "no return" per REP-117, which is also what the lidar reads for
 * nothing within its maximum range — a dead sector looks like open space. On the crossing
 * scenarios' 37-beam lidar (beam i at −90° + 5°·i), 19-27 is the front-left sector 5° … 45°.
 */
import { withDeadSensorElements } from '../../loop/wrappers/withDeadSensorElements.js';
import type { Perturbation } from './perturbation.js';

export const DEAD_BEAMS: Perturbation = {
  name: 'dead-beams',
  summary: 'listed lidar beams read +Inf (no return), e.g. dead-beams:19-27',
  usage: 'dead-beams:<i>[-<j>][,<k>…][,channel=lidar]',
  bodyKinds: ['quadrotor'],
  apply(body, args) {
    const channel = args.sensor(body, args.string('channel', 'lidar'), { unit: 'm', what: 'a range-sensor channel' });
    const ranges = args.takePositional();
    args.done(['channel']);
    if (ranges.length === 0) args.fail('name the dead beams, e.g. dead-beams:19-27');
    const last = channel.size - 1;
    const dead = new Set<number>();
    for (const r of ranges) {
      const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(r);
      if (!m) return args.fail(`'${r}' is not a beam index or a range i-j`);
      const a = Number(m[1]);
      const b = m[2] === undefined ? a : Number(m[2]);
      if (b < a) args.fail(`beam range ${a}-${b} is backwards`);
      if (b > last) args.fail(`beam ${b} is past the lidar's last beam ${last} ('${channel.name}' has ${channel.size} beams)`);
      for (let i = a; i <= b; i++) dead.add(i);
    }
    return withDeadSensorElements(body, channel.name, [...dead].sort((x, y) => x - y), Infinity);
  },
};
