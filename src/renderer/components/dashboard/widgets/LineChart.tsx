import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import { sensorKey } from '../../../../shared/dashboards';
import type { ValuePoint } from '../../../../shared/model';
import { useLiveEvents } from '../../../hooks/useLive';
import { chartInterval } from '../../../lib/dashboards';
import { unitScales } from '../../../lib/chart-data';
import { axisTimeFormat, formatTime } from '../../../lib/format';
import { zoneDates } from '../../chart/options';
import { useChartTheme } from '../../chart/useChartTheme';
import { mergePoints, parseSeries } from '../../../lib/series';
import { api } from '../../../net/client';
import { measureThen, observeSize } from '../../../lib/layout-batch';
import { sensorInfo, type WidgetProps } from '../view';
import 'uplot/dist/uPlot.min.css';

const COLORS = ['#1f6feb', '#d9480f', '#2f9e44', '#9c36b5', '#e8590c', '#0c8599', '#c2255c', '#5c940d'];
const MAX_POINTS = 5000;

/** uPlot's aligned table over every sensor's times (a gap where a sensor has no value at a time). */
function aligned(series: ValuePoint[][]): uPlot.AlignedData {
  const tables = series.map(
    (pts) =>
      [
        pts.map((p) => p.time / 1000),
        pts.map((p) => (typeof p.value === 'number' ? p.value : null)),
      ] as uPlot.AlignedData,
  );
  if (tables.length === 0) return [[]];
  return tables.length === 1 ? tables[0]! : uPlot.join(tables);
}

/** One or more sensors over the widget's range, loaded once, then followed by the live values. */
export function LineChart({ widget, site, types }: WidgetProps) {
  const { t, i18n } = useTranslation();
  const rangeMs = (widget.options.rangeMinutes ?? 1440) * 60_000;
  const refs = widget.sensors;
  const refsKey = refs.map(sensorKey).join('|');
  const [points, setPoints] = useState<ValuePoint[][]>(() => refs.map(() => []));
  const [now, setNow] = useState(() => Date.now());
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // the x range is always the widget's whole span up to now, however few points there are
  const span = useRef({ min: 0, max: 0 });
  span.current = { min: (now - rangeMs) / 1000, max: now / 1000 };
  const infos = refs.map((r) => sensorInfo(site, r, types));
  const labels = infos.map((s) => (s.unit ? `${s.name} (${s.unit})` : s.name));
  // one axis per unit: °C and % on one chart each get their own scale
  const { scaleOf, axes: unitAxes } = unitScales(infos.map((s) => s.unit));
  const labelsKey = `${labels.join('|')}#${scaleOf.join(',')}`;
  const colors = useChartTheme();

  useEffect(() => {
    const ac = new AbortController();
    const end = Date.now();
    api.multiSeries(refs, end - rangeMs, end, chartInterval(rangeMs / 60_000), ac.signal).then(
      (res) => setPoints(refs.map((r) => parseSeries(res.series.find((s) => sensorKey(s) === sensorKey(r))))),
      () => undefined,
    );
    return () => ac.abort();
    // refsKey stands for refs
  }, [refsKey, rangeMs]);

  useLiveEvents((ev) => {
    if (ev.type !== 'values') return;
    const i = refs.findIndex((r) => r.gatewayId === ev.gatewayId && r.sensorId === ev.sensorId);
    if (i < 0) return;
    const at = Date.now();
    setNow(at);
    setPoints((all) =>
      all.map((p, k) => (k === i ? mergePoints(p, ev.points, at - rangeMs, MAX_POINTS) : p)),
    );
  });

  const data = useMemo(() => aligned(points), [points]);
  const dataRef = useRef(data);
  dataRef.current = data;
  // names and units come with the site's sensors: the chart is built once they are known, not twice
  const ready = site.loaded || site.error !== null;

  useEffect(() => {
    const el = box.current;
    if (!el || !ready) return;
    const lang = i18n.language;
    // the legend wraps on a narrow widget: the plot gets what the legend leaves
    const legend = () => el.querySelector('.u-legend')?.clientHeight ?? 34;
    const size = () => ({
      width: Math.max(200, el.clientWidth),
      height: Math.max(100, el.clientHeight - legend() - 8),
    });
    const chartOptions = (first: { width: number; height: number }): uPlot.Options => ({
      ...first,
      ...zoneDates(),
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: () => [span.current.min, span.current.max] },
        ...Object.fromEntries(unitAxes.map((_u, i) => [`y${i}`, { auto: true }])),
      },
      axes: [
        {
          stroke: colors.axis,
          grid: { stroke: colors.grid },
          ticks: { stroke: colors.grid },
          values: (_u, splits) => splits.map((s) => axisTimeFormat(rangeMs, lang)(s * 1000)),
          space: rangeMs > 2 * 86_400_000 ? 110 : 60,
          size: 36,
        },
        ...unitAxes.map((unit, i): uPlot.Axis => ({
          scale: `y${i}`,
          // first unit on the left, the next on the right, then alternating
          side: i % 2 === 0 ? 3 : 1,
          stroke: i === 0 ? colors.axis : COLORS[scaleOf.indexOf(`y${i}`) % COLORS.length],
          grid: { show: i === 0, stroke: colors.grid },
          ticks: { stroke: colors.grid },
          size: 50,
          ...(unit ? { label: unit, labelSize: 16 } : {}),
        })),
      ],
      series: [
        {
          label: t('common.time'),
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatTime(v * 1000)),
        },
        ...labels.map((label, i) => ({
          label,
          scale: scaleOf[i],
          stroke: COLORS[i % COLORS.length],
          width: 1.5,
          spanGaps: false,
        })),
      ],
    });
    let u: uPlot | null = null;
    let last = { width: 0, height: 0 };
    const fit = (next: { width: number; height: number }) => {
      if (!u || (next.width === last.width && next.height === last.height)) return;
      last = next;
      u.setSize(next);
    };
    let cancelFit = () => {};
    const refit = () => {
      cancelFit();
      cancelFit = measureThen(size, fit);
    };
    let stopObserving = () => {};
    const cancelBuild = measureThen(size, (first) => {
      last = first;
      u = new uPlot(chartOptions(first), dataRef.current, el);
      plot.current = u;
      // the legend is drawn now: the plot gets the height it leaves
      refit();
      stopObserving = observeSize(el, refit);
    });
    return () => {
      cancelBuild();
      cancelFit();
      stopObserving();
      u?.destroy();
      plot.current = null;
    };
    // rebuilt when its series or language change; data flows through setData below
  }, [labelsKey, i18n.language, rangeMs, colors, ready]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.setData(data, true);
  }, [data, now, rangeMs]);

  return (
    <div
      ref={box}
      className="w-chart"
      data-testid={`widget-chart-${widget.id}`}
      data-axes={unitAxes.length}
    />
  );
}
