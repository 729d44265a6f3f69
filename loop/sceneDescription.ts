/**
 * What a scenario tells a viewer or a recording about one episode's scene beyond the body's own
 * world: where the goal is. The body reports its world (obstacles, walls) and its frames through
 * its `BodyTelemetry` (sim/bodyTelemetry.ts); the goal lives in the task, so the scenario states
 * it (`Scenario.describeScene(seed)`). Plain data in the world frame (ENU, m), so `bridges/` can
 * draw it without knowing any scenario.
 */
export interface SceneDescription {
  /** The goal to draw (a goal line's crossing point, a hover point), world frame (m); none when absent. */
  readonly goal_m?: readonly [number, number, number];
}
