import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import { sensorKey } from '../../../../shared/dashboards';
import type { ValuePoint } from '../../../../shared/model';
import { chartInterval, followStart, savedRange, valuesSince } from '../../../lib/dashboards';
import {
  isolatedIndices,
  panRange,
  unitScales,
  zoomOut,
  zoomTo,
  type Threshold,
} from '../../../lib/chart-data';
import type { ChartMark } from '../../../lib/rule-marks';
import { formatMeasure, formatTime } from '../../../lib/format';
import { drawMarks, drawThresholds, zoomOnSelect } from '../../chart/draw';
import { timeAxis, yRange, zoneDates } from '../../chart/options';
import { useChartTheme, type ChartColors } from '../../chart/useChartTheme';
import { mergePoints, parseSeries } from '../../../lib/series';
import { alignSeries } from '../../../lib/align-series';
import { batchedSeries } from '../../../net/series-batch';
import { sensorInfo, type WidgetProps } from '../view';
import { useChartLayers, useZoomedSeries, type Zoom } from './chartLayers';
import { useLinePlot } from './useLinePlot';
import { usePacedLiveValues } from './usePacedLiveValues';
import { liveDrawInterval } from '../../../lib/draw-pacer';
import 'uplot/dist/uPlot.min.css';

const COLORS = ['#1f6feb', '#d9480f', '#2f9e44', '#9c36b5', '#e8590c', '#0c8599', '#c2255c', '#5c940d'];

/** the i-th line's colour: the eight above, then hues a golden angle apart (a chart holds up to 50) */
function lineColor(i: number): string {
  return i < COLORS.length ? COLORS[i]! : `hsl(${Math.round((i * 137.508) % 360)} 65% 40%)`;
}
const MAX_POINTS = 5000;
const NONE_HIDDEN: ReadonlySet<number> = new Set();
/** the narrowest span a drag may zoom to, as on the sensor page */
const MIN_SPAN_MS = 30_000;

/** What uPlot's hooks read at each redraw (the chart is not rebuilt for them). */
interface Layers {
  span: { min: number; max: number };
  thresholds: readonly Threshold[];
  marks: readonly ChartMark[];
  onZoom: (start: number, end: number) => void;
}

interface Shape {
  labels: string[];
  scaleOf: string[];
  unitAxes: string[];
  lang: string;
  timeLabel: string;
  colors: ChartColors;
}

/** more sensors than this make a dense chart: thin lines, and a dot only where a value stands alone */
const DENSE_CHART = 4;

/** uPlot's point filter: a dot only where a value stands alone (none: null, uPlot draws no dots) */
function isolatedPoints(u: uPlot, seriesIdx: number): number[] | null {
  const idxs = isolatedIndices(u.data[seriesIdx]!);
  return idxs.length > 0 ? idxs : null;
}

/**
 * A sensor's line on a dense chart: 1 px, and dots only for values that stand alone (uPlot's default dots
 * every value of a 1 px line while they are 10 px apart: a 24 h chart's 96 values on a wide screen). Many
 * thick lines and dots run together, and a stroke of one device pixel is drawn as a hairline: after a
 * 50-sensor chart's draw, the software raster's ~45 ms went to ~5 (bench/README.md, round 24).
 */
const DENSE_LINE: Partial<uPlot.Series> = { width: 1, points: { show: false, filter: isolatedPoints } };

/** The widget's uPlot options: the sensor chart's time axis, threshold and alarm layers, drag to zoom. */
function lineOptions(shape: Shape, layers: { current: Layers }, size: { width: number; height: number }) {
  const { colors, unitAxes, scaleOf } = shape;
  const opts: uPlot.Options = {
    ...size,
    ...zoneDates(),
    // the legend is the widget's own (ChartLegend): laid out with the page, so the plot's height is known
    // before the plot is built (uPlot's legend is drawn with it and made every chart build twice)
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false } },
    hooks: {
      drawClear: [(u) => drawMarks(u, layers.current.marks)],
      draw: [(u) => drawThresholds(u, layers.current.thresholds, (v) => formatMeasure(v))],
      setSelect: [zoomOnSelect(() => layers.current.onZoom)],
      // the lines uPlot shows, as it has them (the legend's clicks, checked by the browser tests)
      setSeries: [(u) => (u.root.dataset.shown = String(u.series.filter((x, i) => i > 0 && x.show).length))],
    },
    scales: {
      x: { time: true, range: () => [layers.current.span.min, layers.current.span.max] },
      ...Object.fromEntries(
        unitAxes.map((_u, i) => [`y${i}`, { auto: true, range: yRange(layers.current, null, `y${i}`) }]),
      ),
    },
    axes: [
      timeAxis(colors, shape.lang, 36),
      ...unitAxes.map((unit, i): uPlot.Axis => ({
        scale: `y${i}`,
        // first unit on the left, the next on the right, then alternating
        side: i % 2 === 0 ? 3 : 1,
        stroke: i === 0 ? colors.axis : lineColor(scaleOf.indexOf(`y${i}`)),
        grid: { show: i === 0, stroke: colors.grid },
        ticks: { stroke: colors.grid },
        size: 50,
        ...(unit ? { label: unit, labelSize: 16 } : {}),
      })),
    ],
    series: [
      {
        label: shape.timeLabel,
        value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatTime(v * 1000)),
      },
      ...shape.labels.map((label, i) => ({
        label,
        scale: scaleOf[i],
        stroke: lineColor(i),
        width: 1.5,
        spanGaps: false,
        ...(shape.labels.length > DENSE_CHART ? DENSE_LINE : {}),
      })),
    ],
  };
  return opts;
}

/**
 * One or more sensors over the widget's range, loaded once, then followed by the live values; dragging
 * zooms in (fetched at the resolution that fits), the buttons pan and zoom out, "live" returns.
 */
export function LineChart({ widget, site, types, onRange }: WidgetProps) {
  const { t, i18n } = useTranslation();
  const rangeMs = (widget.options.rangeMinutes ?? 1440) * 60_000;
  const refs = widget.sensors;
  const refsKey = refs.map(sensorKey).join('|');
  const [points, setPoints] = useState<ValuePoint[][]>(() => refs.map(() => []));
  const [now, setNow] = useState(() => Date.now());
  // a range kept with the dashboard opens zoomed on it; other zooms are this view's only (see onRange)
  const saved = savedRange(widget);
  const [zoom, setZoomShown] = useState<Zoom>(saved);
  const onRangeRef = useRef(onRange);
  onRangeRef.current = onRange;
  const setZoom = useCallback((z: Zoom) => {
    if (z) setWidth(plotWidth.current);
    setZoomShown(z);
    onRangeRef.current?.(z);
  }, []);
  const savedKey = saved ? `${saved.start}-${saved.end}` : '';
  useEffect(() => setZoomShown(saved), [savedKey]);
  const plotWidth = useRef(600);
  const [width, setWidth] = useState(600);
  const [seriesIn, setSeriesIn] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const infos = refs.map((r) => sensorInfo(site, r, types));
  const labels = infos.map((s) => (s.unit ? `${s.name} (${s.unit})` : s.name));
  // one axis per unit: °C and % on one chart each get their own scale
  const { scaleOf, axes: unitAxes } = unitScales(infos.map((s) => s.unit));
  const labelsKey = `${labels.join('|')}#${scaleOf.join(',')}`;
  // series hidden from the legend stay hidden when the chart is rebuilt (language, theme), not when its
  // sensors change
  const [hiding, setHiding] = useState<{ of: string; hidden: ReadonlySet<number> }>(() => ({
    of: labelsKey,
    hidden: NONE_HIDDEN,
  }));
  const hidden = hiding.of === labelsKey ? hiding.hidden : NONE_HIDDEN;
  const toggle = (i: number) => {
    const next = new Set(hidden);
    if (!next.delete(i)) next.add(i);
    setHiding({ of: labelsKey, hidden: next });
    plot.current?.setSeries(i + 1, { show: !next.has(i) });
  };
  const colors = useChartTheme();
  const since = valuesSince(
    refs.map((r) => site.sensors.get(sensorKey(r))?.ctime),
    points.map((p) => p[0]?.time),
  );
  const range = zoom ?? { start: followStart(now, rangeMs, since), end: now };
  // the buttons read the range when pressed: ChartNav is not rendered again for each value
  const rangeRef = useRef(range);
  rangeRef.current = range;
  const zoomed = useZoomedSeries(refs, zoom, width);
  const { thresholds, marks } = useChartLayers(
    refs,
    infos.map((s) => s.type),
    scaleOf,
    // following, alarms are asked over the whole range: the shown start moves when a young site's first
    // values come in, and asking again then put a request before the chart's first draw
    zoom ?? { start: now - rangeMs, end: now },
    zoom === null,
  );
  const onZoom = useCallback((a: number, b: number) => setZoom(zoomTo(a, b, MIN_SPAN_MS)), [setZoom]);
  // the x range is always the shown span, however few points there are
  const layers = useRef<Layers>({ span: { min: 0, max: 0 }, thresholds, marks, onZoom });
  // mutated, not replaced: the y ranges hold this object since the chart was made
  Object.assign(layers.current, {
    span: { min: range.start / 1000, max: range.end / 1000 },
    thresholds,
    marks,
    onZoom,
  });

  useEffect(() => {
    const ac = new AbortController();
    // with the page's other charts over the same span: one request (net/series-batch.ts)
    batchedSeries(refs, rangeMs, chartInterval(rangeMs / 60_000), ac.signal).then(
      (byKey) => {
        setPoints(refs.map((r) => parseSeries(byKey.get(sensorKey(r)))));
        setSeriesIn(true);
      },
      // a failed request still shows the chart (its axes, then live values)
      () => !ac.signal.aborted && setSeriesIn(true),
    );
    return () => ac.abort();
    // refsKey stands for refs
  }, [refsKey, rangeMs]);

  usePacedLiveValues(refs, liveDrawInterval(rangeMs, plotWidth.current), (byIndex) => {
    const at = Date.now();
    setNow(at);
    setPoints((all) => all.map((p, k) => mergePoints(p, byIndex.get(k) ?? [], at - rangeMs, MAX_POINTS)));
  });

  const shown = zoom ? (zoomed.points ?? []) : points;
  const data = useMemo(() => alignSeries(shown), [shown]);
  const plot = useLinePlot({
    box,
    ready: site.loaded || site.error !== null,
    buildDeps: [labelsKey, i18n.language, rangeMs, colors],
    options: (size) =>
      lineOptions(
        { labels, scaleOf, unitAxes, lang: i18n.language, timeLabel: t('common.time'), colors },
        layers,
        size,
      ),
    data,
    // the first draw waits for what it shows: the range's series (or the zoom's), answered or failed
    dataIn: seriesIn || (zoom !== null && zoomed.points !== null),
    dataDeps: [data, now, rangeMs, zoom],
    redrawDeps: [thresholds, marks],
    hidden,
    onWidth: (px) => {
      // kept aside until a zoom needs it (a state change re-rendered every chart of the page)
      plotWidth.current = px;
      if (zoom) setWidth(px);
    },
  });

  return (
    <div className="w-chart-box">
      <div
        ref={box}
        className="w-chart"
        data-testid={`widget-chart-${widget.id}`}
        data-axes={unitAxes.length}
        data-zoomed={zoom ? 'true' : 'false'}
        data-interval={zoom ? (zoomed.interval ?? '') : chartInterval(rangeMs / 60_000)}
        data-start={zoom ? (zoomed.start ?? zoom.start) : undefined}
        data-shown-start={range.start}
        data-end={zoom?.end}
        data-width={width}
        data-thresholds={thresholds.length}
        data-marks={marks.length}
      />
      <ChartLegend widgetId={widget.id} labels={labels} hidden={hidden} onToggle={toggle} />
      <ChartNav
        widgetId={widget.id}
        range={rangeRef}
        zoomed={zoom !== null}
        onZoom={setZoom}
        // outside editing a zoom is this view's only: say so; while editing, Save keeps it
        note={
          onRange
            ? zoom && 'kept'
            : ((zoom?.start ?? null) !== (saved?.start ?? null) ||
                (zoom?.end ?? null) !== (saved?.end ?? null)) &&
              'temporary'
        }
      />
    </div>
  );
}

/**
 * The series' colours and names; a click hides or shows a series, as uPlot's own legend did. Rendered
 * again only for new names or a toggle, not for each value (its onToggle reads only `hidden`).
 */
const ChartLegend = memo(
  function ChartLegend(props: {
    widgetId: string;
    labels: readonly string[];
    hidden: ReadonlySet<number>;
    onToggle: (i: number) => void;
  }) {
    const { t } = useTranslation();
    const hideTitle = t('charts.hideSeries');
    const showTitle = t('charts.showSeries');
    return (
      <ul className="w-chart-legend" data-testid={`widget-chart-legend-${props.widgetId}`}>
        {props.labels.map((label, i) => (
          <li key={i}>
            <button
              type="button"
              aria-pressed={!props.hidden.has(i)}
              title={props.hidden.has(i) ? showTitle : hideTitle}
              onClick={() => props.onToggle(i)}
            >
              <span className="w-chart-swatch" style={{ background: lineColor(i) }} />
              {label}
            </button>
          </li>
        ))}
      </ul>
    );
  },
  (a, b) => a.widgetId === b.widgetId && a.hidden === b.hidden && a.labels.join('\n') === b.labels.join('\n'),
);

/** Pan, zoom out and back to live: small buttons over the chart's corner (none on the wall, by CSS). */
const ChartNav = memo(function ChartNav(props: {
  widgetId: string;
  /** the shown range, read when a button is pressed */
  range: { readonly current: { start: number; end: number } };
  zoomed: boolean;
  onZoom: (z: Zoom) => void;
  note: 'kept' | 'temporary' | false | null;
}) {
  const { t } = useTranslation();
  const { onZoom } = props;
  const button = (
    key: string,
    label: string,
    text: string,
    act: (r: { start: number; end: number }) => void,
  ) => (
    <button
      type="button"
      className="btn"
      data-testid={`widget-chart-${key}-${props.widgetId}`}
      aria-label={label}
      title={label}
      onClick={() => act(props.range.current)}
    >
      {text}
    </button>
  );
  return (
    <div className="w-chart-nav">
      {button('back', t('charts.panBack'), '‹', (range) =>
        onZoom(panRange(range.start, range.end, -0.5, Date.now())),
      )}
      {button('out', t('charts.zoomOut'), '−', (range) =>
        onZoom(zoomOut(range.start, range.end, 3, Date.now())),
      )}
      {button('forward', t('charts.panForward'), '›', (range) =>
        onZoom(panRange(range.start, range.end, 0.5, Date.now())),
      )}
      {props.zoomed && button('live', t('charts.backToLive'), t('charts.live'), () => onZoom(null))}
      {props.note && (
        <span
          className="w-chart-note"
          data-testid={`widget-chart-${props.note}-${props.widgetId}`}
          title={t(props.note === 'kept' ? 'charts.zoomKeptHint' : 'charts.zoomTemporaryHint')}
        >
          {t(props.note === 'kept' ? 'charts.zoomKept' : 'charts.zoomTemporary')}
        </span>
      )}
    </div>
  );
});
