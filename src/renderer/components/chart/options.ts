// uPlot options of the sensor chart: average line over a min/max band, or steps between state levels.
import uPlot from 'uplot';
import type { Threshold } from '../../lib/chart-data';
import { axisTimeFormat, formatFixed, formatMeasure, formatTime, getDisplayZone } from '../../lib/format';
import type { ChartColors } from './useChartTheme';

export interface ChartSetup {
  label: string;
  unit: string;
  lang: string;
  timeLabel: string;
  minLabel: string;
  maxLabel: string;
  height: number;
  width: number;
  decimals: number | undefined;
  /** state sensors: the level labels (y = index) */
  levels: readonly string[] | null;
  /** min/max columns present */
  band: boolean;
  colors: ChartColors;
}

/** Live inputs the hooks read (the chart is not rebuilt for them). */
export interface ChartLive {
  range: { min: number; max: number };
  thresholds: readonly Threshold[];
}

/** The legend's value: the console's one number rule, or the type's fixed decimals (lined up as the axis). */
const valueText = (decimals: number | undefined, lang: string) => (_u: uPlot, v: number | null) =>
  v === null || v === undefined
    ? '—'
    : decimals === undefined
      ? formatMeasure(v, lang)
      : formatFixed(v, decimals, lang);

/** The time axis of every chart (sensor page, dashboard widgets): labels wide enough not to overlap. */
export function timeAxis(colors: ChartColors, lang: string, size = 50): uPlot.Axis {
  return {
    stroke: colors.axis,
    grid: { stroke: colors.grid },
    ticks: { stroke: colors.grid },
    // the console's one time format (user's locale, Korean 오후), not uPlot's English "8:50pm"
    values: (u, splits) => {
      const f = axisTimeFormat(((u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0)) * 1000, lang);
      return splits.map((s) => f(s * 1000));
    },
    // "11. 30. 오후 2:05" needs more room than "오후 2:05" or "11월 30일" (axisTimeFormat's lengths)
    space: (u) => {
      const span = ((u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0)) * 1000;
      return span > 60 * 86_400_000 ? 60 : span > 2 * 86_400_000 ? 125 : span < 5 * 60_000 ? 95 : 80;
    },
    size,
  };
}

function yAxis(setup: ChartSetup): uPlot.Axis {
  const levels = setup.levels;
  return {
    stroke: setup.colors.axis,
    grid: { stroke: setup.colors.grid },
    ticks: { stroke: setup.colors.grid },
    size: levels ? 70 : 60,
    label: setup.unit || undefined,
    ...(levels
      ? {
          splits: () => levels.map((_l, i) => i),
          values: (_u: uPlot, splits: number[]) => splits.map((s) => levels[s] ?? ''),
        }
      : {}),
  };
}

/**
 * y covers the values and every threshold on its scale, so a threshold line never falls off the chart.
 * `live` is read at each redraw: new thresholds need no new chart.
 */
export function yRange(
  live: { thresholds: readonly Threshold[] },
  levels: readonly string[] | null,
  scale = 'y',
): uPlot.Range.Function {
  return (_u, min, max) => {
    if (levels) return [-0.5, Math.max(1, levels.length) - 0.5];
    let lo = Number.isFinite(min) ? min : 0;
    let hi = Number.isFinite(max) ? max : 1;
    for (const th of live.thresholds) {
      if ((th.scale ?? 'y') !== scale) continue;
      lo = Math.min(lo, th.value);
      hi = Math.max(hi, th.value);
    }
    const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
    return [lo - pad, hi + pad];
  };
}

/** uPlot's ticks (midnights, hours) in the shown zone, not only the browser's. */
export function zoneDates(): Pick<uPlot.Options, 'tzDate'> {
  const zone = getDisplayZone();
  return zone ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), zone) } : {};
}

export function chartOptions(setup: ChartSetup, live: ChartLive, hooks: uPlot.Hooks.Arrays): uPlot.Options {
  const { colors, levels } = setup;
  const value = levels
    ? (_u: uPlot, v: number | null) => (v === null || v === undefined ? '—' : (levels[v] ?? String(v)))
    : valueText(setup.decimals, setup.lang);
  const main: uPlot.Series = {
    label: setup.unit ? `${setup.label} (${setup.unit})` : setup.label,
    stroke: colors.line,
    width: 1.5,
    fill: levels ? undefined : colors.fill,
    points: { show: (u) => (u.data[0]?.length ?? 0) < 120, size: 4 },
    spanGaps: false,
    value,
    ...(levels ? { paths: uPlot.paths.stepped!({ align: 1 }), width: 2 } : {}),
  };
  const bandSeries = (label: string): uPlot.Series => ({
    label,
    stroke: colors.band,
    width: 1,
    points: { show: false },
    spanGaps: false,
    value,
  });
  return {
    width: setup.width,
    height: setup.height,
    ...zoneDates(),
    legend: { live: true },
    // room on the right for the last time label, which is centred on its tick
    padding: [12, 28, 0, 0],
    hooks,
    cursor: { drag: { x: true, y: false, setScale: false } },
    scales: {
      x: { time: true, range: () => [live.range.min, live.range.max] },
      y: { auto: true, range: yRange(live, levels) },
    },
    axes: [timeAxis(colors, setup.lang), yAxis(setup)],
    series: [
      {
        label: setup.timeLabel,
        value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatTime(v * 1000)),
      },
      main,
      ...(setup.band ? [bandSeries(setup.minLabel), bandSeries(setup.maxLabel)] : []),
    ],
    // max (3) down to min (2): the spread of each bucket behind its average
    bands: setup.band ? [{ series: [3, 2], fill: colors.band }] : [],
  };
}
