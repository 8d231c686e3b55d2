import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import type { Attachment } from '@triage/core';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ChartError, chartErrorCodes } from './errors.js';
import { type LineChart, lineChartSpec } from './line-chart.js';

// Bundled DejaVu Sans (dejavu-fonts-ttf): text renders the same on every machine, fonts installed or not.
const require = createRequire(import.meta.url);
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
  require.resolve(`dejavu-fonts-ttf/ttf/${file}`),
);

/** A rendered chart: the SVG it was drawn from and the PNG made of it. */
export interface RenderedChart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

/** The SVG of a line chart, drawn by Vega headless (no canvas, no DOM). */
export async function renderLineChartSvg(chart: LineChart): Promise<string> {
  const spec = lineChartSpec(chart);
  try {
    const view = new View(parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  } catch (err) {
    throw new ChartError(
      chartErrorCodes.renderFailed,
      `Vega could not draw "${chart.title}": ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

/**
 * Renders a line chart to PNG on the server: Vega-Lite → SVG (Vega) → PNG (resvg, a prebuilt binary:
 * no native build). Text uses the bundled DejaVu Sans; `scale`
 * 2 (default) makes it sharp on high-density screens.
 *
 * @example const { png } = await renderLineChartPng({ title: 'Memory', yTitle: 'available', unit: 'bytes', series })
 */
export async function renderLineChartPng(chart: LineChart, scale = 2): Promise<RenderedChart> {
  const svg = await renderLineChartSvg(chart);
  try {
    const image = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: scale },
      background: 'white',
      font: {
        loadSystemFonts: false,
        fontFiles: FONT_FILES,
        defaultFontFamily: 'DejaVu Sans',
        sansSerifFamily: 'DejaVu Sans',
      },
    }).render();
    return { svg, png: image.asPng(), width: image.width, height: image.height };
  } catch (err) {
    throw new ChartError(
      chartErrorCodes.renderFailed,
      `resvg could not rasterise "${chart.title}": ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

/** A PNG as a finding attachment (base64), for chat to upload to the thread. */
export function pngAttachment(filename: string, png: Buffer): Attachment {
  return { filename, contentType: 'image/png', content: png.toString('base64'), encoding: 'base64' };
}
