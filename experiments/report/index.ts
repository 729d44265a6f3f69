/**
 * Reports of `train` and `eval`: Vega-Lite chart specs (one file per chart), rendered to SVG in
 * Node and to PNG with resvg (renderChart.ts), and the self-contained report page with its
 * exported plots (writeReport.ts).
 */
export * from './writeReport.js';
export * from './reportHtml.js';
export * from './reportInput.js';
export * from './reportTables.js';
export * from './reportVersions.js';
export * from './renderChart.js';
export * from './learningCurveSpec.js';
export * from './episodeMetricsSpec.js';
export * from './baselineComparisonSpec.js';
export * from './rasterSpec.js';
export * from './populationRateSpec.js';
export * from './weightHistogramSpec.js';
export * from './numericFields.js';
export * from './commandLine.js';
export * from './histogram.js';
export * from './movingAverage.js';
export * from './escapeXml.js';
export * from './evaluationReport.js';
export * from './metricCatalog.js';
export * from './successSpec.js';
export * from './distributionSpecs.js';
export * from './parameterUnits.js';
export * from './trajectory.js';
