import { useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import { stateText } from '../lib/catalogue';
import { lastIndex, type BandData, type Threshold } from '../lib/chart-data';
import { formatFixed, formatMeasure } from '../lib/format';
import type { ChartMark } from '../lib/rule-marks';
import { drawMarks, drawShade, drawThresholds, zoomOnSelect } from './chart/draw';
import { chartOptions, type ChartLive } from './chart/options';
import { useChartTheme } from './chart/useChartTheme';
import 'uplot/dist/uPlot.min.css';

export interface SeriesChartProps {
  /** x in seconds; avg, and min/max for buckets (drawn as a band behind the average) */
  data: BandData;
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
  /** state sensors: level labels; the data's y is the level's index, drawn as steps */
  levels?: readonly string[] | null;
  /** rule thresholds drawn as dashed lines */
  thresholds?: readonly Threshold[];
  /** a range dragged out on the chart (ms) */
  onZoom?: (start: number, end: number) => void;
  /** the width in CSS pixels the plot got (the page picks the resolution from it) */
  onWidth?: (px: number) => void;
}

/**
 * A numeric chart always has its min and max columns (empty for raw values): the band appearing when a
 * range turns from raw values to buckets then needs no new chart, only setData (issue 15, the year chart).
 */
function toAligned(d: BandData, band: boolean): uPlot.AlignedData {
  if (!band) return [d.x, d.avg];
  const none = () => new Array<null>(d.x.length).fill(null);
  return [d.x, d.avg, d.min ?? none(), d.max ?? none()];
}

/** Shows the newest value in the legend while the cursor is off the chart (not "--"). */
function showLatest(u: uPlot): void {
  // the cursor is on the plot: the legend follows it
  if ((u.cursor.left ?? -1) >= 0) return;
  const idx = lastIndex((u.data[1] ?? []) as Array<number | null>);
  if (idx !== null) u.setLegend({ idx }, false);
}

/** A uPlot chart of one sensor that follows its container's width. */
export function SeriesChart(props: SeriesChartProps) {
  const { data, label, unit, xMin, xMax, height = 320, decimals, marks, shade, levels = null } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const colors = useChartTheme();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // read by uPlot's hooks, so new values need a redraw, not a new chart
  const live = useRef<ChartLive>({ range: { min: xMin, max: xMax }, thresholds: [] });
  live.current.range = { min: xMin, max: xMax };
  live.current.thresholds = props.thresholds ?? [];
  const layers = useRef({ marks, shade, onZoom: props.onZoom, onWidth: props.onWidth, decimals });
  layers.current = { marks, shade, onZoom: props.onZoom, onWidth: props.onWidth, decimals };
  const band = levels === null;
  const hasBand = Boolean(data.min && data.max);
  const levelsKey = levels?.join('\n') ?? null;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const fmt = (v: number) =>
      layers.current.decimals === undefined
        ? formatMeasure(v, lang)
        : formatFixed(v, layers.current.decimals, lang);
    const hooks: uPlot.Hooks.Arrays = {
      drawClear: [
        (u) => {
          drawShade(u, layers.current.shade);
          if (layers.current.marks?.length) drawMarks(u, layers.current.marks);
        },
      ],
      draw: [(u) => drawThresholds(u, live.current.thresholds, fmt)],
      setLegend: [showLatest],
      setSelect: [zoomOnSelect(() => layers.current.onZoom)],
    };
    const setup = {
      label,
      unit,
      lang,
      timeLabel: t('common.time'),
      minLabel: t('charts.min'),
      maxLabel: t('charts.max'),
      height,
      width: Math.max(300, el.clientWidth),
      decimals,
      // the catalogue's state words in the console's language ("on" → "켜짐"), as values read elsewhere
      levels: levelsKey === null ? null : levelsKey.split('\n').map((l) => stateText(l, t)),
      band,
      colors,
    };
    const u = new uPlot(chartOptions(setup, live.current, hooks), toAligned(data, band), el);
    plot.current = u;
    showLatest(u);
    layers.current.onWidth?.(u.bbox.width / (devicePixelRatio || 1));
    const ro = new ResizeObserver(() => {
      u.setSize({ width: Math.max(300, el.clientWidth), height });
      layers.current.onWidth?.(u.bbox.width / (devicePixelRatio || 1));
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // rebuilt only when its labels, shape or colours change; data flows through setData below
  }, [label, unit, height, decimals, lang, band, levelsKey, colors, t]);

  // drawn in the commit that brings the data, before the browser paints (not in a task after it)
  useLayoutEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.setData(toAligned(data, band), true);
    showLatest(u);
  }, [data, xMin, xMax, shade?.from, shade?.to, band]);

  useEffect(() => {
    plot.current?.redraw(false);
  }, [marks, props.thresholds]);

  return (
    <div
      ref={box}
      className="chart"
      data-testid="sensor-chart"
      data-marks={marks ? marks.length : undefined}
      data-thresholds={props.thresholds?.length ?? 0}
      data-band={hasBand ? 'minmax' : undefined}
      data-x-min={Math.round(xMin * 1000)}
      data-x-max={Math.round(xMax * 1000)}
      data-x-first={data.x.length > 0 ? Math.round(data.x[0]! * 1000) : undefined}
      data-state={levels ? 'steps' : undefined}
      data-gaps={data.avg.filter((v) => v === null).length}
    />
  );
}
