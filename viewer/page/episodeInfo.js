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
