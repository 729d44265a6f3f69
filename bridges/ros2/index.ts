/**
 * The ROS 2 bridge: the transport contract with its two implementations (rclnodejs, loaded
 * lazily when `createRclnodejsTransport` is called, and the in-process graph), the controller
 * and simulator nodes, robot profiles, and the body that reads a robot through topics.
 * Importing this module never loads rclnodejs.
 */
export type { QosName, ParameterValue, RosPublisher, RosSubscription, RosNode, RosNodeOptions, RosTransport } from './transport/transport.js';
export { createRclnodejsTransport } from './transport/rclnodejsTransport.js';
export { createInProcessGraph } from './transport/inProcessTransport.js';
export type { InProcessGraph, InProcessGraphOptions } from './transport/inProcessTransport.js';
export { runControllerNode, ServiceCallError } from './nodes/controllerNode.js';
export type { ControllerNodeOptions, ControllerNodeSummary } from './nodes/controllerNode.js';
export { runSimNode } from './nodes/simNode.js';
export type { SimNodeOptions, SimNodeSummary } from './nodes/simNode.js';
export { PROFILES, loadProfile, validateProfile } from './profiles/registry.js';
export { RosBody } from './rosBody.js';
