import { ReadOnlyNote, RequireRole } from '../components/auth/RequireRole';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { SensorView, ValuePoint } from '../../shared/model';
import { api } from '../net/client';
import { ActuatorControls } from '../components/ActuatorControls';
import { StatusBadge } from '../components/Badges';
import { Card, Fields, PageHeader } from '../components/Card';
import { ExportPanel } from '../components/ExportPanel';
import { SeriesChart } from '../components/SeriesChart';
import { RangeControls, type ChartRange } from '../components/chart/RangeControls';
import { Empty, ErrorBox, Loading } from '../components/State';
import { useApi } from '../hooks/useApi';
import { useLiveEvents } from '../hooks/useLive';
import { useNow } from '../hooks/useNow';
import { useSensorTypes } from '../hooks/useSensorTypes';
import { useNames } from '../hooks/useNames';
import { useAlarmMarks } from '../hooks/useAlarmMarks';
import { useZone } from '../hooks/useZone';
import { seriesKind, useChartColumns, useRuleThresholds, useSensorSeries } from '../hooks/useSensorSeries';
import { gatewayLabel } from '../lib/names';
import { decimalPlaceOf, rawValueText, sensorValueText } from '../lib/catalogue';
import { zoomTo } from '../lib/chart-data';
import { formatTime, formatUnit } from '../lib/format';
import { applySensorStatus, pointsFor } from '../lib/live';
import {
  HOUR,
  PRESET_MS,
  latestFirst,
  mergePoints,
  parseSeries,
  presetRange,
  thinnedSpan,
} from '../lib/series';

const TABLE_ROWS = 100;
const MAX_POINTS = 200_000;
/** the narrowest span a drag may zoom to */
const MIN_SPAN_MS = 30_000;

export function SensorPage() {
  const { gatewayId = '', sensorId = '' } = useParams();
  const sensor = useApi((s) => api.sensor(gatewayId, sensorId, s), [gatewayId, sensorId]);
  const [range, setRange] = useState<ChartRange>(() => ({ preset: '1h', ...presetRange('1h', Date.now()) }));
  const following = range.preset !== 'custom';
  const [rawPoints, setRawPoints] = useState<ValuePoint[]>([]);
  const [livePoints, setLivePoints] = useState<ValuePoint[]>([]);

  const setSensor = sensor.setData;
  useLiveEvents((ev) => {
    if (ev.type === 'sensorStatus') {
      setSensor((s) => (s ? (applySensorStatus([s], ev, Date.now())[0] ?? s) : s));
      return;
    }
    const pts = pointsFor(ev, gatewayId, sensorId);
    if (pts.length === 0) return;
    const newest = pts.reduce((a, b) => (b.time >= a.time ? b : a));
    setSensor((s) => (s && (!s.latest || s.latest.time <= newest.time) ? { ...s, latest: newest } : s));
    if (following) setLivePoints(pts);
  });

  const s = sensor.data;
  return (
    <div className="page">
      <SensorHeader gatewayId={gatewayId} sensorId={sensorId} sensor={s} />
      {sensor.error ? <ErrorBox error={sensor.error} onRetry={sensor.reload} /> : null}
      {s && <SensorFacts sensor={s} />}
      <HistoryCard
        gatewayId={gatewayId}
        sensorId={sensorId}
        sensor={s}
        range={range}
        onRange={setRange}
        live={livePoints}
        onRaw={setRawPoints}
      />
      <RawValuesCard gatewayId={gatewayId} sensorId={sensorId} sensor={s} range={range} points={rawPoints} />
      <ExportCard gatewayId={gatewayId} sensorId={sensorId} range={range} />
    </div>
  );
}

function SensorHeader({
  gatewayId,
  sensorId,
  sensor,
}: {
  gatewayId: string;
  sensorId: string;
  sensor?: SensorView;
}) {
  const { t } = useTranslation();
  const names = useNames([gatewayId]);
  return (
    <PageHeader
      title={
        <>
          <Link to="/gateways" className="crumb">
            {t('nav.gateways')}
          </Link>{' '}
          /{' '}
          <Link to={`/gateways/${encodeURIComponent(gatewayId)}`} className="crumb" title={gatewayId}>
            {gatewayLabel(names, gatewayId)}
          </Link>{' '}
          / <span data-testid="sensor-title">{sensor?.name || sensorId}</span>
        </>
      }
      sub={
        <>
          <span className="mono">{sensorId}</span>
          {sensor ? ` · ${t(`sensorTypes.${sensor.type}`, { defaultValue: sensor.type })}` : ''}
        </>
      }
    />
  );
}

function SensorFacts({ sensor: s }: { sensor: SensorView }) {
  const { t } = useTranslation();
  const types = useSensorTypes();
  const value = sensorValueText(s.latest?.value, s, types, t);
  return (
    <Card>
      <Fields
        rows={[
          [
            t('sensor.latest'),
            <span className="value-big">
              {value.text} <span className="muted">{value.unit}</span>
            </span>,
          ],
          [
            t('common.time'),
            <span data-testid="sensor-time" data-time={s.latest?.time}>
              {formatTime(s.latest?.time)}
            </span>,
          ],
          [t('sensor.status'), <StatusBadge status={s.status} />],
          [t('sensor.category'), t(`sensorCategory.${s.category}`)],
          ...(s.category === 'actuator'
            ? ([
                [
                  t('sensor.control'),
                  <RequireRole role="technician" fallback={<ReadOnlyNote />}>
                    <ActuatorControls sensor={s} />
                  </RequireRole>,
                ],
              ] as Array<[string, React.ReactNode]>)
            : []),
        ]}
      />
    </Card>
  );
}

interface HistoryProps {
  gatewayId: string;
  sensorId: string;
  sensor: SensorView | undefined;
  range: ChartRange;
  onRange: (r: ChartRange) => void;
  /** values that arrived live (merged while the chart follows now) */
  live: ValuePoint[];
  /** the series' points when they are raw values (the table below shows them) */
  onRaw: (points: ValuePoint[]) => void;
}

/** The chart with its range controls: zoom by dragging, pan and presets; the resolution fits the width. */
function HistoryCard({ gatewayId, sensorId, sensor: s, range, onRange, live, onRaw }: HistoryProps) {
  const { t } = useTranslation();
  const types = useSensorTypes();
  const following = range.preset !== 'custom';
  const now = useNow(following ? 2000 : 60_000);
  const [width, setWidth] = useState(1000);
  const kind = seriesKind(s, types);
  const zone = useZone().shown;
  const { series, interval, start, thinned } = useSensorSeries(gatewayId, sensorId, range, width, kind);
  const points = useFollowedPoints(series.data?.avg, following ? range.preset : null, live);
  useEffect(() => {
    if (interval === '0') onRaw(points);
  }, [points, interval, onRaw]);
  const def = types?.find((d) => d.id === s?.type);
  const { data, levels } = useChartColumns(points, series.data, interval, kind, def);
  // once drawn, the chart stays while another range loads: a new one costs more than the data
  const [charted, setCharted] = useState(false);
  if (series.data && !charted) setCharted(true);
  const thresholds = useRuleThresholds(gatewayId, sensorId, s?.type);
  const marks = useAlarmMarks(gatewayId, sensorId, range.start, range.end, following);
  const thinnedPart = thinnedSpan(thinned, range.start, range.end);
  const onZoom = useCallback(
    (a: number, b: number) => onRange({ preset: 'custom', ...zoomTo(a, b, MIN_SPAN_MS) }),
    [onRange],
  );
  const onWidth = useCallback((px: number) => setWidth(Math.max(200, Math.round(px / 50) * 50)), []);
  const spanMs = following ? PRESET_MS[range.preset] : range.end - range.start;
  // while another range loads, the chart keeps what it shows, its values and their range: drawn once when
  // the answer is in, not first with the old values squeezed onto the new range (and the band gone)
  const asked = {
    data,
    xMin: (following ? now - spanMs : range.start) / 1000,
    xMax: (following ? Math.max(now, range.end) : range.end) / 1000,
  };
  const shown = useRef(asked);
  if (!series.loading || !charted) shown.current = asked;
  const { xMin, xMax } = shown.current;
  return (
    <Card
      title={t('chart.title')}
      actions={<RangeControls range={range} onChange={onRange} />}
      className="chart-card"
    >
      <div
        className="chart-meta muted"
        data-testid="chart-request"
        data-interval={interval}
        data-start={start}
        data-end={range.end}
        data-width={width}
      >
        {formatTime(range.start)} → {following ? t('chart.now') : formatTime(range.end)} ·{' '}
        {interval === '0'
          ? t('chart.raw')
          : t(kind === 'numeric' ? 'charts.band' : 'charts.stateBuckets', { interval })}{' '}
        · {t('charts.zone', { zone })}
        {following && <span className="badge badge-ok badge-tiny">{t('chart.following')}</span>}
      </div>
      {thinnedPart && thinned && (
        <div className="chart-thinned small" data-testid="chart-thinned">
          {t('chart.thinned', { date: formatTime(thinned.before), interval })}
        </div>
      )}
      {series.error ? <ErrorBox error={series.error} onRetry={series.reload} /> : null}
      {series.loading && points.length === 0 && !series.data && !charted ? (
        <Loading />
      ) : (
        <div className="chart-wrap">
          <SeriesChart
            data={shown.current.data}
            levels={levels}
            label={s?.name ?? sensorId}
            unit={formatUnit(s?.unit)}
            xMin={xMin}
            xMax={xMax}
            decimals={decimalPlaceOf(s?.type, types)}
            marks={marks}
            thresholds={thresholds}
            onZoom={onZoom}
            onWidth={onWidth}
            shade={thinnedPart ? { from: thinnedPart.from / 1000, to: thinnedPart.to / 1000 } : undefined}
          />
          {points.length === 0 && !series.error && !series.loading && (
            <div className="chart-empty">{t('chart.noValues')}</div>
          )}
          <div className="muted small chart-hint">{t('charts.dragHint')}</div>
        </div>
      )}
    </Card>
  );
}

/** The answer's points, with live values merged in while the chart follows a preset up to now. */
function useFollowedPoints(
  answer: Parameters<typeof parseSeries>[0],
  preset: string | null,
  live: ValuePoint[],
) {
  // the previous answer stays on screen while a zoom loads the next one
  const [own, setOwn] = useState<{ of: typeof answer; points: ValuePoint[] }>({ of: undefined, points: [] });
  let points = own.points;
  if (answer && answer !== own.of) {
    // parsed in the render that brings the answer (React renders again at once, before any commit): set in
    // an effect, the first draw of a new range had the old range's points and the new one's band, and a
    // second draw followed (bench/README.md, round 32)
    points = parseSeries(answer);
    setOwn({ of: answer, points });
  }
  useEffect(() => {
    if (preset === null || live.length === 0) return;
    const windowStart = Date.now() - (PRESET_MS[preset as keyof typeof PRESET_MS] ?? HOUR);
    setOwn((o) => {
      const merged = mergePoints(o.points, live, windowStart, MAX_POINTS);
      return merged === o.points ? o : { of: o.of, points: merged };
    });
  }, [live, preset]);
  return points;
}

/** The newest raw values: the chart's own when it shows raw values, else the last hour of the range. */
function RawValuesCard(props: {
  gatewayId: string;
  sensorId: string;
  sensor: SensorView | undefined;
  range: ChartRange;
  points: ValuePoint[];
}) {
  const { gatewayId, sensorId, sensor: s, range } = props;
  const { t } = useTranslation();
  const types = useSensorTypes();
  const rawStart = Math.max(range.start, range.end - HOUR);
  const raw = useApi(
    (sig) => api.series(gatewayId, sensorId, rawStart, range.end, '0', sig),
    [gatewayId, sensorId, rawStart, range.end],
  );
  const fetched = useMemo(() => (raw.data ? parseSeries(raw.data) : []), [raw.data]);
  const rows = props.points.length > 0 && range.end - range.start <= HOUR ? props.points : fetched;
  const unit = formatUnit(s?.unit);
  return (
    <Card title={t('chart.rawValues', { count: Math.min(TABLE_ROWS, rows.length) })}>
      {raw.error ? <ErrorBox error={raw.error} onRetry={raw.reload} /> : null}
      {rows.length === 0 ? (
        <Empty title={t('chart.noValues')} hint={t('chart.noValuesHint')} />
      ) : (
        <table className="table table-compact" data-testid="series-table">
          <thead>
            <tr>
              <th>{t('common.time')}</th>
              <th className="num">{t('sensor.value')}</th>
              <th>{t('sensor.unit')}</th>
            </tr>
          </thead>
          <tbody>
            {latestFirst(rows, TABLE_ROWS).map((p) => (
              <tr key={p.time} data-testid="series-row">
                <td className="nowrap">{formatTime(p.time, true)}</td>
                <td className="num value" title={rawValueText(p.value)}>
                  {sensorValueText(p.value, s, types, t, true).text}
                </td>
                <td className="muted">{unit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function ExportCard({
  gatewayId,
  sensorId,
  range,
}: {
  gatewayId: string;
  sensorId: string;
  range: ChartRange;
}) {
  const { t } = useTranslation();
  const sensors = useMemo(() => [{ gatewayId, sensorId }], [gatewayId, sensorId]);
  return (
    <Card title={t('exportData.title')}>
      <ExportPanel sensors={sensors} initialStart={range.start} initialEnd={range.end} />
    </Card>
  );
}
