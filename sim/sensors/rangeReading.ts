/**
 * Range values with ROS semantics (sensor_msgs/Range, sensor_msgs/LaserScan, REP-117):
 * a return closer than `rangeMin_m` reads −Infinity, no return within `rangeMax_m` reads
 * +Infinity, anything else is the distance in metres.
 */

/** Validates a [min, max] range pair; throws a RangeError naming `who`. */
export function checkRangeLimits(who: string, rangeMin_m: number, rangeMax_m: number): void {
  if (!(rangeMin_m >= 0) || !Number.isFinite(rangeMin_m)) throw new RangeError(`${who}: rangeMin_m must be ≥ 0 and finite, got ${rangeMin_m}`);
  if (!(rangeMax_m > rangeMin_m) || !Number.isFinite(rangeMax_m)) {
    throw new RangeError(`${who}: rangeMax_m must be finite and > rangeMin_m (${rangeMin_m}), got ${rangeMax_m}`);
  }
}

/** Maps a ray-cast distance (+Infinity for no hit) to a REP-117 reading. */
export function rangeReading(distance_m: number, rangeMin_m: number, rangeMax_m: number): number {
  if (distance_m > rangeMax_m) return Infinity;
  if (distance_m < rangeMin_m) return -Infinity;
  return distance_m;
}
