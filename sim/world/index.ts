export { createSimWorld, advanceWorld, BROADPHASE_KINDS } from './simWorld.js';
export type { SimWorld, SimWorldOptions, BroadphaseKind } from './simWorld.js';
export { StaticDynamicBroadphase } from './staticDynamicBroadphase.js';
export type { StaticDynamicBroadphaseOptions } from './staticDynamicBroadphase.js';
export { buildXyGrid, xyCellX, xyCellY, xyGridQuery } from './xyGrid.js';
export type { XyGrid } from './xyGrid.js';
export { SparseCollisionMatrix } from './sparseCollisionMatrix.js';
export { createObstacleBody, addObstacles, validateObstacle } from './obstacles.js';
export type {
  ObstacleSpec,
  ObstacleKind,
  BoxObstacle,
  CylinderObstacle,
  SphereObstacle,
  LayoutFn,
  Vec3Tuple,
  ObstacleBuildOptions,
} from './obstacles.js';
export { forestLayout, forest, FOREST_100 } from './forestLayout.js';
export type { ForestParams } from './forestLayout.js';
export { moveStaticBody } from './moveStaticBody.js';
export { hashBodies, hashWorldState, hashNumbers } from './stateHash.js';
