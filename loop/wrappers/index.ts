/** Gymnasium-style wrappers: cross-cutting concerns around a body or a task, composable in any order. */
export { BodyWrapper, unwrapBody, findBodyLayer, findBodyLayerWhere } from './bodyWrapper.js';
export { TimeLimitTask, withTimeLimit } from './withTimeLimit.js';
export { ActionClippingBody, withActionClipping } from './withActionClipping.js';
export { SensorNoiseBody, withSensorNoise } from './withSensorNoise.js';
export type { SensorNoise } from './withSensorNoise.js';
export { SensorLatencyBody, withSensorLatency } from './withSensorLatency.js';
export { ActuatorFailureBody, withActuatorFailure, ACTUATOR_FAILURE_MODES } from './withActuatorFailure.js';
export type { ActuatorFailure, ActuatorFailureMode } from './withActuatorFailure.js';
export { SensorPermutationBody, withSensorPermutation } from './withSensorPermutation.js';
export { DeadSensorElementsBody, withDeadSensorElements } from './withDeadSensorElements.js';
export { SensorOffsetBody, withSensorOffset } from './withSensorOffset.js';
export { ActuatorTransformBody, withActuatorTransform } from './withActuatorTransform.js';
export type { ActuatorTransform } from './withActuatorTransform.js';
export { RecordedStream, Recorder, createRecorder } from './recorder.js';
export { RecordingBody, withRecording } from './withRecording.js';
export { writeRecording, readRecording, RecordingFileError, RECORDING_FORMAT, RECORDING_VERSION } from './recordingFile.js';
