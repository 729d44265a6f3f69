// @ts-check
/**
 * The controls under the 3D view: play/pause (space), step to the next control step (→),
 * speed, follow camera (f), back to the live edge (l), and the timeline to scrub.
 */

/**
 * @param {import('./playhead.js').Playhead} playhead
 * @param {import('./scene3d.js').Scene3d} scene
 * @param {import('./store.js').Store} store
 */
export function bindControls(playhead, scene, store) {
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const play = /** @type {HTMLButtonElement} */ ($('play'));
  const step = /** @type {HTMLButtonElement} */ ($('step'));
  const live = /** @type {HTMLButtonElement} */ ($('live'));
  const speed = /** @type {HTMLSelectElement} */ ($('speed'));
  const follow = /** @type {HTMLInputElement} */ ($('follow'));
  const timeline = /** @type {HTMLInputElement} */ ($('timeline'));
  const clock = $('clock');
  let scrubbing = false;

  /** The topic whose messages mark control steps. */
  const stepTopic = () => ['/clock', '/odom', '/joint_states'].find((tp) => store.series(tp)) ?? '/odom';

  play.addEventListener('click', () => playhead.togglePlay());
  step.addEventListener('click', () => playhead.step(stepTopic()));
  live.addEventListener('click', () => playhead.goLive());
  speed.addEventListener('change', () => (playhead.speed = Number(speed.value)));
  follow.addEventListener('change', () => scene.setFollow(follow.checked));
  timeline.addEventListener('input', () => {
    scrubbing = true;
    playhead.seek(store.start_s + (Number(timeline.value) / Number(timeline.max)) * (store.end_s - store.start_s));
  });
  timeline.addEventListener('change', () => (scrubbing = false));
  document.addEventListener('keydown', (ev) => {
    if (ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement) return;
    if (ev.key === ' ') playhead.togglePlay();
    else if (ev.key === 'ArrowRight') playhead.step(stepTopic());
    else if (ev.key === 'f') {
      follow.checked = !follow.checked;
      scene.setFollow(follow.checked);
    } else if (ev.key === 'l') playhead.goLive();
    else return;
    ev.preventDefault();
  });

  /** Shows the play head's state (called every frame). */
  return function refresh() {
    play.textContent = playhead.playing ? '❚❚ pause' : '▶ play';
    live.hidden = store.mode !== 'live';
    live.disabled = playhead.followLive && playhead.playing;
    const span = store.end_s - store.start_s;
    if (!scrubbing) timeline.value = String(span > 0 ? Math.round(((playhead.time_s - store.start_s) / span) * Number(timeline.max)) : 0);
    const rel = Number.isFinite(store.start_s) ? playhead.time_s - store.start_s : 0;
    clock.textContent = `t = ${rel.toFixed(2)} s / ${Math.max(span, 0).toFixed(2)} s`;
  };
}
