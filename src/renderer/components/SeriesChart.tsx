import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import { axisTimeFormat, formatTime } from '../lib/format';
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
  shade,
}: SeriesChartProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const timeLabel = t('common.time');
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const range = useRef({ min: xMin, max: xMax });
  range.current = { min: xMin, max: xMax };
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
      hooks: { drawClear: [(u) => drawShade(u, shaded.current)] },
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

  return <div ref={box} className="chart" data-testid="sensor-chart" />;
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
