import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { type LineChart, pngAttachment, renderLineChartPng } from '../src/index.js';

const start = Date.parse('2026-11-22T07:16:00Z') / 1000;
const GiB = 1024 ** 3;
/** Available memory falling from 9 GiB to 0.1 GiB over an hour, one point a minute. */
const falling = Array.from({ length: 61 }, (_, i) => [start + i * 60, (9 - i * 0.146) * GiB] as const);

const chart: LineChart = {
  title: 'Memory available on aks-userpool-31415926-vmss000001',
  yTitle: 'memory available',
  unit: 'bytes',
  series: [{ name: 'aks-userpool-31415926-vmss000001', points: falling }],
  markers: [{ at: new Date((start + 3600) * 1000), label: 'NotReady 08:16' }],
};

/** Counts pixels close to an RGB colour. */
function pixelsNear(png: PNG, [r, g, b]: readonly [number, number, number]): number {
  let count = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const d =
      Math.abs((png.data[i] ?? 0) - r) +
      Math.abs((png.data[i + 1] ?? 0) - g) +
      Math.abs((png.data[i + 2] ?? 0) - b);
    if (d < 40) count += 1;
  }
  return count;
}

describe('renderLineChartPng', () => {
  it('draws the series as a PNG at twice the chart size, with the line, legend and marker in it', async () => {
    const rendered = await renderLineChartPng(chart);
    const png = PNG.sync.read(rendered.png);
    expect([png.width, png.height]).toEqual([rendered.width, rendered.height]);
    // 720 × 280 plot plus axes, title, legend and padding, zoomed 2×.
    expect(png.width).toBeGreaterThan(1440);
    expect(png.height).toBeGreaterThan(560);
    // Vega's first category colour (#4c78a8) is the series line; the marker is dashed red (#c0392b).
    expect(pixelsNear(png, [0x4c, 0x78, 0xa8])).toBeGreaterThan(500);
    expect(pixelsNear(png, [0xc0, 0x39, 0x2b])).toBeGreaterThan(50);
    const white = pixelsNear(png, [255, 255, 255]);
    expect(white).toBeGreaterThan(png.width * png.height * 0.5);
    expect(white).toBeLessThan(png.width * png.height);
    // Title, axes and legend drawn in the bundled font (dark text pixels), whatever fonts the machine has.
    expect(pixelsNear(png, [0, 0, 0])).toBeGreaterThan(2_000);
    expect(rendered.svg).toContain('aks-userpool-31415926-vmss000001');
    expect(rendered.svg).toContain('memory available (GiB)');
    expect(rendered.svg).toContain('NotReady 08:16');
    expect(rendered.svg).toMatch(/<path[^>]+stroke="#4c78a8"/);
  });

  it('gives each series its own colour and legend entry', async () => {
    const rendered = await renderLineChartPng({
      ...chart,
      markers: [],
      series: [
        { name: 'node-a', points: falling },
        { name: 'node-b', points: falling.map(([t, v]) => [t, v / 2] as const) },
      ],
    });
    expect(rendered.svg).toContain('node-a');
    expect(rendered.svg).toContain('node-b');
    const png = PNG.sync.read(rendered.png);
    expect(pixelsNear(png, [0xf5, 0x85, 0x18])).toBeGreaterThan(500);
  });

  it('wraps the PNG as a base64 image attachment', async () => {
    const { png } = await renderLineChartPng(chart, 1);
    const attachment = pngAttachment('memory.png', png);
    expect(attachment).toMatchObject({
      filename: 'memory.png',
      contentType: 'image/png',
      encoding: 'base64',
    });
    expect(Buffer.from(attachment.content, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });
});
