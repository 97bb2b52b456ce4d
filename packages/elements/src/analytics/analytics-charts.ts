import uPlot from 'uplot';
export { default as uplotStyles } from './uplot.styles.js';

/*
 * The report's two charts, drawn by uPlot (S-AN-1). A lazy chunk of its own: the element imports
 * it when it first has a report to draw, so neither uPlot (≈ 20 KB gzip) nor its stylesheet is in
 * any start-up download. The periods are the x axis by their index (0 … n−1), labelled with the
 * element's words for them: uPlot's time axis would cut days at the browser's midnights, and the
 * report's are the reader's time zone's.
 *
 * The canvas is no one's accessible view: the element puts each plot in `role="img"` with a
 * summary, and the series table carries every value.
 */

export interface ChartLine {
  label: string;
  /** A CSS colour, resolved (the element reads its custom properties). */
  color: string;
  values: readonly number[];
  /** A dash pattern for lines, so the lines differ without their colours too. */
  dash?: number[];
}

export interface ChartSpec {
  kind: 'line' | 'bars';
  /** The x axis' label of each period. */
  labels: readonly string[];
  lines: readonly ChartLine[];
  width: number;
  height: number;
  /** Axis text and grid colours, and the axis font (CSS `font`). */
  axisColor: string;
  gridColor: string;
  font: string;
  /** The y axis' numbers, in the reader's language. */
  formatNumber: (n: number) => string;
}

export interface Chart {
  resize(width: number, height: number): void;
  destroy(): void;
}

/** The share of a period's slot its bars take, together. */
const GROUP_WIDTH = 0.8;

/** Roughly how wide an x label is, in CSS pixels, for picking how many to show. */
const LABEL_PX = 64;

/** Every k-th period's index, k chosen so the labels do not overlap at `width`. */
function xSplits(n: number, width: number): number[] {
  const fit = Math.max(1, Math.floor((width - 60) / LABEL_PX));
  const step = Math.max(1, Math.ceil(n / fit));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

/**
 * Bars side by side in each period's slot: uPlot draws a series' bars at its x values, so each
 * series is moved by its place in the group (`disp`, in the x scale's units; `align` is then left).
 */
function groupedBars(index: number, count: number): uPlot.Series.PathBuilder {
  const width = GROUP_WIDTH / count;
  const unit = 1 as uPlot.Series.BarsPathBuilderFacetUnit; // ScaleValue (a const enum, not importable)
  return uPlot.paths.bars!({
    disp: {
      x0: { unit, values: (u) => (u.data[0] as number[]).map((x) => x - GROUP_WIDTH / 2 + index * width) },
      size: { unit, values: (u) => (u.data[0] as number[]).map(() => width) },
    },
  });
}

export function drawChart(target: HTMLElement, spec: ChartSpec): Chart {
  const n = spec.labels.length;
  const xs = spec.labels.map((_, i) => i);
  let width = spec.width;
  const axis = {
    stroke: spec.axisColor,
    font: spec.font,
    ticks: { show: false },
  };
  const options: uPlot.Options = {
    width: spec.width,
    height: spec.height,
    legend: { show: false },
    // No hover read-out: the values are in the tables, for everyone.
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      x: { time: false, range: () => [-0.5, n - 0.5] },
      // Counts from zero, to a round number above the largest.
      y: { range: (_u, _min, max) => uPlot.rangeNum(0, Math.max(max, 1), 0.1, true) },
    },
    axes: [
      {
        ...axis,
        grid: { show: false },
        splits: () => xSplits(n, width),
        values: (_u, splits) => splits.map((i) => spec.labels[i] ?? ''),
      },
      {
        ...axis,
        grid: { stroke: spec.gridColor, width: 1 },
        // Whole numbers only: these are counts.
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000],
        values: (_u, splits) => splits.map((v) => spec.formatNumber(v)),
        size: 48,
      },
    ],
    series: [
      {},
      ...spec.lines.map((line, i): uPlot.Series =>
        spec.kind === 'bars'
          ? { label: line.label, fill: line.color, stroke: line.color, width: 0, paths: groupedBars(i, spec.lines.length), points: { show: false } }
          : {
              label: line.label,
              stroke: line.color,
              width: 2,
              ...(line.dash ? { dash: line.dash } : {}),
              // A single day has no line to draw: its points show it.
              points: { show: n <= 62, size: 6, fill: line.color, stroke: line.color },
            },
      ),
    ],
  };
  const plot = new uPlot(options, [xs, ...spec.lines.map((l) => [...l.values])], target);
  return {
    resize(w, h) {
      width = w;
      plot.setSize({ width: w, height: h });
    },
    destroy() {
      plot.destroy();
    },
  };
}
