// @ts-check
/**
 * Units of what the plots show, from the message type of the recorded topic (REP-103: ROS
 * messages carry SI units) and, for the std_msgs scalars whose type says nothing, from the
 * standard spikeloop topics (bridges/recording/standardTopics.ts). A field not in the table is
 * labelled "no unit given" rather than guessed.
 */

/** By message type, then field path as the plots read it. */
const BY_TYPE = {
  'geometry_msgs/msg/Twist': { 'linear': 'm/s', 'angular': 'rad/s' },
  'nav_msgs/msg/Odometry': { 'twist.twist.linear': 'm/s', 'twist.twist.angular': 'rad/s' },
  // The arms' joints are revolute (a prismatic joint's velocity would be m/s, its effort N).
  'sensor_msgs/msg/JointState': { velocity: 'rad/s', effort: 'N·m', position: 'rad' },
};

/** By standard topic, for types that carry no unit of their own (std_msgs). */
const BY_TOPIC = {
  '/spikeloop/reward': 'dimensionless',
  '/spikeloop/dopamine': 'dimensionless',
  '/forward_velocity_controller/commands': 'rad/s',
  '/forward_effort_controller/commands': 'N·m',
  '/forward_position_controller/commands': 'rad',
  '/spikeloop/rotors': 'rad/s',
};

/** The firing rate of a population: spikes per neuron per second. */
export const RATE_UNIT = 'Hz';

/**
 * The unit of `field` of the messages on `series` (its topic and type), or 'no unit given'.
 * @param {{topic: string, type?: string} | undefined} series
 * @param {string} [field]
 */
export function unitOf(series, field = '') {
  if (!series) return 'no unit given';
  // 'pkg/msg/Name' (ROS 2) or 'pkg/Name' (ROS 1 style names in some bags).
  const type = series.type && !series.type.includes('/msg/') ? series.type.replace('/', '/msg/') : series.type;
  const byType = type ? BY_TYPE[/** @type {keyof typeof BY_TYPE} */ (type)] : undefined;
  if (byType && field in byType) return byType[/** @type {keyof typeof byType} */ (field)];
  return BY_TOPIC[/** @type {keyof typeof BY_TOPIC} */ (series.topic)] ?? 'no unit given';
}

/**
 * One unit for several series: theirs when they agree, else the distinct units joined by ", ".
 * @param {string[]} units
 */
export function commonUnit(units) {
  const distinct = [...new Set(units)];
  return distinct.length === 0 ? 'no unit given' : distinct.join(', ');
}
