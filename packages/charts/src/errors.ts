/** Error codes of @triage/charts. */
export const chartErrorCodes = {
  /** The chart has nothing to draw, or more series or points than the limits. */
  badChart: 'TRIAGE_ERR_CHARTS_BAD_CHART',
  /** Vega or resvg failed to render the chart. */
  renderFailed: 'TRIAGE_ERR_CHARTS_RENDER_FAILED',
} as const;

export type ChartErrorCode = (typeof chartErrorCodes)[keyof typeof chartErrorCodes];

/** A chart that could not be drawn, with a code saying why. */
export class ChartError extends Error {
  override readonly name = 'ChartError';
  readonly code: ChartErrorCode;

  constructor(code: ChartErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
