/** Controllers as data: controller files (YAML/JSON), their registries, loader and builder. */
export * from './controllerSpecSchema.js';
export * from './loadControllerSpec.js';
export * from './buildSpecController.js';
export * from './presetFromSpec.js';
export * from './featureBlocks.js';
export * from './codingKinds.js';
export * from './teachingRules.js';
export * from './weightGenerators.js';
export * from './commandStages.js';
export * from './specChannelsFit.js';
