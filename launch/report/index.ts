/** The training report (self-contained HTML with inline SVG) and its charts. */
export * from './reportHtml.js';
export * from './svgLineChart.js';
export * from './svgHistogram.js';
export * from './svgRaster.js';
export * from './histogram.js';
export * from './movingAverage.js';
export * from './niceTicks.js';
export * from './escapeXml.js';
