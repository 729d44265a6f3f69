/**
 * Recording and telemetry: the `MessageSink` every telemetry producer writes to, the MCAP writer
 * and reader (ROS 2 profile, ros2msg schemas, CDR), the standard topics of a simulated episode
 * and the wrappers that write them as the loop runs.
 */
export type { MessageSink } from './messageSink.js';
export { fanOutSink } from './messageSink.js';
export type { McapWriterOptions } from './mcapWriter.js';
export { McapFileWriter, McapWriteError, defaultRecordingQos, offeredQosYaml, openMcapWriter } from './mcapWriter.js';
export type { McapLocation, OpenMcapOptions, PartialRecording, RawMessage, ReadMessagesOptions, RecordedChannel, RecordedMessage } from './mcapReader.js';
export { MAX_CHUNK_BYTES, McapReadError, McapRecording, openMcapBytes, openMcapRecording, readMcapMessages } from './mcapReader.js';
export { INTERPRETED_TYPES, schemaMismatch } from './mcapSchemaCheck.js';
export { FRAME, SCENE_NS, TOPIC, armLinkFrame, modulatorTopic, spikesTopic } from './standardTopics.js';
export type { EpisodeEvent } from './episodeEvent.js';
export { episodeEventJson, parseEpisodeEvent } from './episodeEvent.js';
export type { RobotTopics } from './robotTopics.js';
export type { QuadrotorLike, QuadrotorTopicOptions } from './quadrotorTopics.js';
export { quadrotorTopics } from './quadrotorTopics.js';
export type { ArmLike, ArmTopicOptions } from './armTopics.js';
export { armOf, armTopics } from './armTopics.js';
export { boxMarker, obstacleMarkers, quaternionFromMatrix, sphereMarker } from './sceneMarkers.js';
export type { ModulatorSource, SpikeSource } from './spikeTelemetry.js';
export { SpikeTelemetry } from './spikeTelemetry.js';
export type { EpisodeSummary, SimTelemetryForOptions, SimTelemetryOptions } from './simTelemetry.js';
export { NoRobotTopicsError, SimTelemetry, robotTopicsFor, simTelemetryFor } from './simTelemetry.js';
export { TelemetryBody, withRewardTelemetry, withTelemetry } from './withTelemetry.js';
export { crc32 } from './crc32.js';
