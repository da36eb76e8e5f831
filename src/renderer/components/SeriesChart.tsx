import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import { axisTimeFormat, formatTime } from '../lib/format';
import type { ChartMark } from '../lib/rule-marks';
import 'uplot/dist/uPlot.min.css';

export interface SeriesChartProps {
  data: [number[], Array<number | null>];
  /** series label (sensor name) and unit for the axis */
  label: string;
  unit: string;
  /** x range in seconds; the chart keeps showing the whole chosen range */
  xMin: number;
  xMax: number;
  height?: number;
  /** decimal places of the sensor type (catalogue decimalPlace) for the legend's values */
  decimals?: number;
  /** an x span in seconds to shade (e.g. where raw values were thinned and rollups are shown) */
  shade?: { from: number; to: number };
  /** spans to shade (ms): a rule's raised → cleared times, a sensor's alarms; an open span runs to xMax */
  marks?: readonly ChartMark[];
}

const MARK_FILL: Record<ChartMark['kind'], string> = {
  raised: 'rgba(217,83,79,0.16)',
  alarm: 'rgba(240,173,78,0.22)',
};
const MARK_EDGE: Record<ChartMark['kind'], string> = { raised: '#d9534f', alarm: '#e08e0b' };

/** Shaded spans with a line where each starts, under the series (drawn on uPlot's canvas). */
function drawMarks(u: uPlot, marks: readonly ChartMark[]): void {
  const { ctx, bbox } = u;
  const xMax = u.scales.x?.max ?? 0;
  ctx.save();
  for (const m of marks) {
    const x0 = u.valToPos(m.start / 1000, 'x', true);
    const x1 = u.valToPos((m.end ?? xMax * 1000) / 1000, 'x', true);
    const left = Math.max(bbox.left, x0);
    const right = Math.min(bbox.left + bbox.width, Math.max(x1, x0 + 2));
    if (right < bbox.left || left > bbox.left + bbox.width) continue;
    ctx.fillStyle = MARK_FILL[m.kind];
    ctx.fillRect(left, bbox.top, right - left, bbox.height);
    if (x0 >= bbox.left) {
      ctx.fillStyle = MARK_EDGE[m.kind];
      ctx.fillRect(x0 - 1, bbox.top, 2, bbox.height);
    }
  }
  ctx.restore();
}

/** A uPlot line chart that follows its container's width. */
export function SeriesChart({
  data,
  label,
  unit,
  xMin,
  xMax,
  height = 320,
  decimals,
  marks,
  shade,
}: SeriesChartProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const timeLabel = t('common.time');
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const range = useRef({ min: xMin, max: xMax });
  range.current = { min: xMin, max: xMax };
  // read by the draw hook, so new marks need a redraw, not a new chart
  const marksRef = useRef(marks);
  marksRef.current = marks;
  // read by the draw hook: the span changes without rebuilding the chart
  const shaded = useRef(shade);
  shaded.current = shade;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height,
      legend: { live: true },
      hooks: {
        drawClear: [
          (u) => {
            drawShade(u, shaded.current);
            if (marksRef.current?.length) drawMarks(u, marksRef.current);
          },
        ],
      },
      cursor: { drag: { x: true, y: false } },
      scales: {
        x: { time: true, range: (_u, min, max) => [range.current.min ?? min, range.current.max ?? max] },
        y: { auto: true },
      },
      axes: [
        {
          stroke: '#5b6472',
          grid: { stroke: '#eef0f3' },
          ticks: { stroke: '#d6dae0' },
          // the user's locale on a 24-hour clock, not uPlot's English "8:50pm"
          values: (u, splits) => {
            const min = u.scales.x?.min ?? 0;
            const max = u.scales.x?.max ?? 0;
            const f = axisTimeFormat((max - min) * 1000, lang);
            return splits.map((s) => f(s * 1000));
          },
          size: 50,
        },
        {
          stroke: '#5b6472',
          grid: { stroke: '#eef0f3' },
          ticks: { stroke: '#d6dae0' },
          size: 60,
          label: unit || undefined,
        },
      ],
      series: [
        {
          label: timeLabel,
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatTime(v * 1000)),
        },
        {
          label: unit ? `${label} (${unit})` : label,
          stroke: '#1f6feb',
          width: 1.5,
          fill: 'rgba(31,111,235,0.08)',
          points: { show: (u) => (u.data[0]?.length ?? 0) < 120, size: 4 },
          spanGaps: false,
          ...(decimals === undefined
            ? {}
            : { value: (_u: uPlot, v: number | null) => (v === null ? '—' : v.toFixed(decimals)) }),
        },
      ],
    };
    const u = new uPlot(opts, data, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(300, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // the chart is rebuilt only when its labels change; data flows through setData below
  }, [label, unit, height, decimals, lang, timeLabel]);

  useEffect(() => {
    plot.current?.setData(data, true);
  }, [data, xMin, xMax, shade?.from, shade?.to]);

  useEffect(() => {
    plot.current?.redraw(false);
  }, [marks]);

  return (
    <div
      ref={box}
      className="chart"
      data-testid="sensor-chart"
      data-marks={marks ? marks.length : undefined}
    />
  );
}

/** Fills the plot area behind the series over [from, to) (seconds), clipped to the visible x range. */
function drawShade(u: uPlot, span: { from: number; to: number } | undefined): void {
  if (!span) return;
  const left = Math.max(u.bbox.left, u.valToPos(span.from, 'x', true));
  const right = Math.min(u.bbox.left + u.bbox.width, u.valToPos(span.to, 'x', true));
  if (right <= left) return;
  u.ctx.save();
  u.ctx.fillStyle = 'rgba(154,103,0,0.08)';
  u.ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
  u.ctx.restore();
}
