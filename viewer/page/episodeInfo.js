// @ts-check
/**
 * The episode record (`/spikeloop/episode`, std_msgs/String holding JSON `{scenario, seed,
 * episode, event, …}`) at the play head: the scenario name for the title, and the SNN clock
 * (time step and episode start) that places each spike at its own SNN step in the raster.
 */

/** The latest 'start' record at or before t, with its time, or null. */
export function episodeStartAt(store, t) {
  const s = store.series('/spikeloop/episode');
  if (!s) return null;
  for (let i = s.indexAt(t); i >= 0; i--) {
    let rec = null;
    try {
      rec = JSON.parse(s.messages[i]?.data ?? '');
    } catch {
      continue;
    }
    if (rec?.event === 'start') return { time_s: s.times[i], record: rec };
  }
  return null;
}

/** {dt_s, start_s} when the episode record states the SNN step (`snn_dt_s`), else null. */
export function snnClockAt(store, t) {
  const start = episodeStartAt(store, t);
  const dt = start?.record?.snn_dt_s;
  return typeof dt === 'number' && dt > 0 ? { dt_s: dt, start_s: start.time_s } : null;
}

/**
 * The recording's identity from the hello frame's `metadata` (its MCAP Metadata records:
 * bridges/recording/recordingMetadata.ts) as `{text, detail}` for the header — one line, and
 * every key for the tooltip — or null when the recording has none (live, or another tool's file).
 */
export function recordingSummary(metadata) {
  if (!metadata || typeof metadata !== 'object') return null;
  const s = metadata.spikeloop;
  const bag = metadata.rosbag2?.serialized_metadata;
  const distro = typeof bag === 'string' ? /^ros_distro:\s*"?([^"\n]*)"?\s*$/m.exec(bag)?.[1] ?? '' : '';
  const parts = [];
  if (s) {
    if (s.scenario) parts.push(s.scenario);
    if (s.seed !== undefined) parts.push(`seed ${s.seed}`);
    if (s.controller) parts.push(`controller ${String(s.controller).split('/').pop()}`);
    if (s.profile) parts.push(`profile ${s.profile}`);
    parts.push(`spikeloop ${s.spikeloop_version ?? '?'}`);
    if (typeof s.time_base === 'string') parts.push(s.time_base.startsWith('sim time') ? 'sim time from 0 s' : 'ROS time');
  }
  if (bag !== undefined) parts.push(`ROS ${distro || 'distro unknown'}`);
  if (parts.length === 0) return null;
  const detail = Object.entries(metadata)
    .map(([name, kv]) => `${name}:\n${Object.entries(kv ?? {}).filter(([k]) => k !== 'serialized_metadata').map(([k, v]) => `  ${k}: ${v}`).join('\n')}`)
    .join('\n');
  return { text: parts.join(' · '), detail };
}
