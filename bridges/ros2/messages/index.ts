/**
 * Our own TypeScript types for the ROS 2 messages the bridge uses, their definitions (ros2msg
 * text with dependencies, as MCAP schemas and rosbag2 hold them), ROS 2 CDR serialization by type
 * name, zero-message factories and a conformance check against a parsed definition.
 */
export * from './builtinInterfaces.js';
export * from './stdMsgs.js';
export * from './geometryMsgs.js';
export * from './navMsgs.js';
export * from './sensorMsgs.js';
export * from './tf2Msgs.js';
export * from './rosgraphMsgs.js';
export * from './diagnosticMsgs.js';
export * from './trajectoryMsgs.js';
export * from './visualizationMsgs.js';
export * from './px4Msgs.js';
export * from './crazyflieInterfaces.js';
export * from './eventCameraMsgs.js';
export * from './monoEventEncoding.js';
export * from './messageTypes.js';
export { DEFINITION_SEPARATOR, definitionDependencies, fullTypeName, knownMessageTypes, messageDefinition, ownDefinitionText } from './definitions.js';
export type { MessageCodec, MessageDefinition, MessageDefinitionField } from './cdr.js';
export { codecFromDefinition, deserialize, messageCodec, parsedDefinitions, serialize } from './cdr.js';
export { messageProblems } from './conformance.js';
