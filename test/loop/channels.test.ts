import { describe, expect, it } from 'vitest';
import { allocateChannels, compareChannels, describeMismatches } from '../../loop/channels.js';
import type { ChannelSpec } from '../../loop/channels.js';

const lidar: ChannelSpec = { name: 'lidar', size: 16, low: 0, high: 4, unit: 'm' };
const yaw: ChannelSpec = { name: 'yaw_rate', size: 1, low: -2, high: 2, unit: 'rad/s' };

describe('channels', () => {
  it('allocates one zeroed Float32Array per spec with the declared size', () => {
    const c = allocateChannels([lidar, yaw]);
    expect(Object.keys(c)).toEqual(['lidar', 'yaw_rate']);
    expect(c.lidar).toBeInstanceOf(Float32Array);
    expect(c.lidar!.length).toBe(16);
    expect(c.yaw_rate!.length).toBe(1);
  });
  it('reports missing channels, size and unit differences, and (when exact) unexpected ones', () => {
    const offered: ChannelSpec[] = [{ ...lidar, size: 32 }, { name: 'imu', size: 6, low: -Infinity, high: Infinity, unit: 'm/s^2' }];
    const m = compareChannels([lidar, yaw], offered);
    expect(m).toEqual([
      { name: 'lidar', problem: 'size', expected: '16', actual: '32' },
      { name: 'yaw_rate', problem: 'missing', expected: '1 × rad/s' },
    ]);
    expect(compareChannels([lidar], [lidar, yaw])).toEqual([]);
    expect(compareChannels([lidar], [lidar, yaw], true)).toEqual([{ name: 'yaw_rate', problem: 'unexpected', actual: '1 × rad/s' }]);
    expect(compareChannels([yaw], [{ ...yaw, unit: 'deg/s' }])).toEqual([{ name: 'yaw_rate', problem: 'unit', expected: 'rad/s', actual: 'deg/s' }]);
    expect(describeMismatches('controller vs body', m)).toBe(
      "controller vs body:\n  - 'lidar': size 32, expected 16\n  - 'yaw_rate': missing (expected 1 × rad/s)",
    );
  });
});
