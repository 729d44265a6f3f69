/** Scenarios: tasks by versioned id, their bodies, the episode runner, and a Gymnasium-style env. */
export type { Scenario, PlasticityMode, BodyKind } from './scenario.js';
export { SCENARIOS, findScenario, registerScenario } from './registry.js';
export { defineScenario } from './defineScenario.js';
export type { ScenarioDefinition } from './defineScenario.js';
export { runScenarioEpisode } from './runScenarioEpisode.js';
export type { ScenarioEpisodeOptions } from './runScenarioEpisode.js';
export { makeEnv } from './makeEnv.js';
export type { Env, EnvInfo, EnvStep, MakeEnvOptions } from './makeEnv.js';
export { DRONE_FOREST_V1 } from './droneForest.js';
export { DRONE_CORRIDOR_V1 } from './droneCorridor.js';
export { DRONE_GUST_V1 } from './droneGust.js';
export { ARM_REACH_V1 } from './armReach.js';
export { ARM_PAYLOAD_V1 } from './armPayload.js';
