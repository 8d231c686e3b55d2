export { ChartError, type ChartErrorCode, chartErrorCodes } from './errors.js';
export {
  type ChartMarker,
  type ChartSeries,
  LINE_CHART_LIMITS,
  type LineChart,
  lineChartSpec,
} from './line-chart.js';
export { pngAttachment, type RenderedChart, renderLineChartPng, renderLineChartSvg } from './render-chart.js';
export { formatBytes, scaleFor, type ValueScale, type ValueUnit } from './value-scale.js';
