/**
 * The fields of a held-out evaluation (evalSummary.ts) a study can tabulate; a scenario's own
 * metrics are named `metrics.<name>` (their means over the episodes).
 */
export const STUDY_METRICS: readonly string[] = ['success_rate', 'collision_rate', 'mean_reward', 'mean_time_to_goal_s', 'errors', 'mean_steps', 'spikes_per_step', 'synops_per_step'];
