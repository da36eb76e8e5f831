import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { SeriesResponse, ThinnedInfo } from '../../shared/api';
import type { ValuePoint } from '../../shared/model';
import { api } from '../net/client';
import { ActuatorControls } from '../components/ActuatorControls';
import { StatusBadge } from '../components/Badges';
import { Card, Fields, PageHeader } from '../components/Card';
import { ExportPanel } from '../components/ExportPanel';
import { SeriesChart } from '../components/SeriesChart';
import { Empty, ErrorBox, Loading } from '../components/State';
import { useApi } from '../hooks/useApi';
import { useLiveEvents } from '../hooks/useLive';
import { useNow } from '../hooks/useNow';
import { useSensorTypes } from '../hooks/useSensorTypes';
import { useNames } from '../hooks/useNames';
import { useAlarmMarks } from '../hooks/useAlarmMarks';
import { gatewayLabel } from '../lib/names';
import { decimalPlaceOf, formatDecimal, rawValueText } from '../lib/catalogue';
import { formatTime, formatUnit, formatValue, fromDateTimeLocal, toDateTimeLocal } from '../lib/format';
import { applySensorStatus, pointsFor } from '../lib/live';
import type { RangePreset } from '../lib/series';
import {
  HOUR,
  PRESET_MS,
  intervalFor,
  isNumericSeries,
  latestFirst,
  mergePoints,
  parseSeries,
  presetRange,
  thinnedSpan,
  toChartData,
} from '../lib/series';

type Range =
  { preset: RangePreset; start: number; end: number } | { preset: 'custom'; start: number; end: number };

const TABLE_ROWS = 100;
const MAX_POINTS = 200_000;

export function SensorPage() {
  const { t } = useTranslation();
  const { gatewayId = '', sensorId = '' } = useParams();
  const sensor = useApi((s) => api.sensor(gatewayId, sensorId, s), [gatewayId, sensorId]);
  const sensorTypes = useSensorTypes();
  const names = useNames([gatewayId]);
  const [range, setRange] = useState<Range>(() => ({ preset: '1h', ...presetRange('1h', Date.now()) }));
  const following = range.preset !== 'custom';
  const [thinned, noteThinned] = useThinned(gatewayId, sensorId);
  const interval = intervalFor(range.end - range.start, range.start, thinned);
  const now = useNow(following ? 2000 : 60_000);

  const series = useApi(
    (s) => api.series(gatewayId, sensorId, range.start, range.end, interval, s),
    [gatewayId, sensorId, range.start, range.end, interval],
  );
  // Raw values for the table: the series itself when raw, else the last hour of the range.
  const rawStart = Math.max(range.start, range.end - HOUR);
  const raw = useApi(
    (s) =>
      interval === '0' ? Promise.resolve(null) : api.series(gatewayId, sensorId, rawStart, range.end, '0', s),
    [gatewayId, sensorId, rawStart, range.end, interval],
  );

  const marks = useAlarmMarks(gatewayId, sensorId, range.start, range.end, following);

  const [points, setPoints] = useState<ValuePoint[]>([]);
  const [rawPoints, setRawPoints] = useState<ValuePoint[]>([]);
  useEffect(() => setPoints(series.data ? parseSeries(series.data) : []), [series.data]);
  useEffect(() => noteThinned(series.data), [series.data, noteThinned]);
  const thinnedPart = thinnedSpan(thinned, range.start, range.end);
  useEffect(() => {
    if (interval !== '0') setRawPoints(raw.data ? parseSeries(raw.data) : []);
  }, [raw.data, interval]);
  const tablePoints = interval === '0' ? points : rawPoints;

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
    if (!following) return;
    const windowStart = Date.now() - PRESET_MS[range.preset as RangePreset];
    setPoints((p) => mergePoints(p, pts, windowStart, MAX_POINTS));
    if (interval !== '0') setRawPoints((p) => mergePoints(p, pts, windowStart, MAX_POINTS));
  });

  const s = sensor.data;
  const numeric =
    points.length > 0 ? isNumericSeries(points) : !s?.latest || typeof s.latest.value === 'number';
  const chartData = useMemo(() => toChartData(points), [points]);
  const unit = formatUnit(s?.unit);
  // the type's decimalPlace rounds the chart legend and the raw table (raw value in the tooltip)
  const decimals = decimalPlaceOf(s?.type, sensorTypes);
  const exportSensors = useMemo(() => [{ gatewayId, sensorId }], [gatewayId, sensorId]);
  const xMin = (following ? now - PRESET_MS[range.preset as RangePreset] : range.start) / 1000;
  const xMax = (following ? Math.max(now, range.end) : range.end) / 1000;

  return (
    <div className="page">
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
            / <span data-testid="sensor-title">{s?.name || sensorId}</span>
          </>
        }
        sub={
          <>
            <span className="mono">{sensorId}</span>
            {s ? ` · ${t(`sensorTypes.${s.type}`, { defaultValue: s.type })}` : ''}
          </>
        }
      />
      {sensor.error ? <ErrorBox error={sensor.error} onRetry={sensor.reload} /> : null}
      {s && (
        <Card>
          <Fields
            rows={[
              [
                t('sensor.latest'),
                <span className="value-big">
                  {formatValue(s.latest?.value)} <span className="muted">{unit}</span>
                </span>,
              ],
              [t('common.time'), formatTime(s.latest?.time)],
              [t('sensor.status'), <StatusBadge status={s.status} />],
              [t('sensor.category'), t(`sensorCategory.${s.category}`)],
              ...(s.category === 'actuator'
                ? ([[t('sensor.control'), <ActuatorControls sensor={s} />]] as Array<
                    [string, React.ReactNode]
                  >)
                : []),
            ]}
          />
        </Card>
      )}
      <Card
        title={t('chart.title')}
        actions={<RangePicker range={range} onChange={setRange} />}
        className="chart-card"
      >
        <div className="chart-meta muted">
          {formatTime(range.start)} → {following ? t('chart.now') : formatTime(range.end)} ·{' '}
          {interval === '0' ? t('chart.raw') : t('chart.aggregated', { interval })}
          {following && <span className="badge badge-ok badge-tiny">{t('chart.following')}</span>}
        </div>
        {thinnedPart && thinned && <ThinnedNote before={thinned.before} interval={interval} />}
        {series.error ? <ErrorBox error={series.error} onRetry={series.reload} /> : null}
        {series.loading && !series.data ? (
          <Loading />
        ) : numeric ? (
          <div className="chart-wrap">
            <SeriesChart
              data={chartData}
              label={s?.name ?? sensorId}
              unit={unit}
              xMin={xMin}
              xMax={xMax}
              decimals={decimals}
              marks={marks}
              shade={thinnedPart ? { from: thinnedPart.from / 1000, to: thinnedPart.to / 1000 } : undefined}
            />
            {points.length === 0 && !series.error && <div className="chart-empty">{t('chart.noValues')}</div>}
          </div>
        ) : (
          <div className="muted small">{t('chart.nonNumeric')}</div>
        )}
      </Card>
      <Card title={t('chart.rawValues', { count: Math.min(TABLE_ROWS, tablePoints.length) })}>
        {raw.error ? <ErrorBox error={raw.error} onRetry={raw.reload} /> : null}
        {tablePoints.length === 0 ? (
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
              {latestFirst(tablePoints, TABLE_ROWS).map((p) => (
                <tr key={p.time} data-testid="series-row">
                  <td className="nowrap">{formatTime(p.time, true)}</td>
                  <td className="num value" title={rawValueText(p.value)}>
                    {formatDecimal(p.value, decimals)}
                  </td>
                  <td className="muted">{unit}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title={t('exportData.title')}>
        <ExportPanel sensors={exportSensors} initialStart={range.start} initialEnd={range.end} />
      </Card>
    </div>
  );
}

/** What the disk budget thinned of a sensor, as the last series answer said (per sensor, not range). */
function useThinned(
  gatewayId: string,
  sensorId: string,
): [ThinnedInfo | null, (resp: SeriesResponse | null | undefined) => void] {
  const [thinned, setThinned] = useState<ThinnedInfo | null>(null);
  useEffect(() => setThinned(null), [gatewayId, sensorId]);
  const note = useCallback((resp: SeriesResponse | null | undefined) => {
    const th = resp?._meta.thinned;
    if (th) setThinned((old) => (old?.before === th.before ? old : th));
  }, []);
  return [thinned, note];
}

function ThinnedNote({ before, interval }: { before: number; interval: string }) {
  const { t } = useTranslation();
  return (
    <div className="chart-thinned small" data-testid="chart-thinned">
      {t('chart.thinned', { date: formatTime(before), interval })}
    </div>
  );
}

function RangePicker({ range, onChange }: { range: Range; onChange: (r: Range) => void }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(() => toDateTimeLocal(range.start));
  const [to, setTo] = useState(() => toDateTimeLocal(range.end));
  const start = fromDateTimeLocal(from);
  const end = fromDateTimeLocal(to);
  const valid = start !== null && end !== null && start < end;
  return (
    <div className="range">
      {(['1h', '24h', '7d'] as const).map((p) => (
        <button
          key={p}
          type="button"
          className={`btn btn-small ${range.preset === p ? 'btn-active' : ''}`}
          data-testid={`range-${p}`}
          onClick={() => {
            const r = presetRange(p, Date.now());
            setFrom(toDateTimeLocal(r.start));
            setTo(toDateTimeLocal(r.end));
            onChange({ preset: p, ...r });
          }}
        >
          {t(`chart.preset.${p}`)}
        </button>
      ))}
      <input
        type="datetime-local"
        aria-label={t('chart.from')}
        value={from}
        onChange={(e) => setFrom(e.target.value)}
      />
      <span className="muted">→</span>
      <input
        type="datetime-local"
        aria-label={t('chart.to')}
        value={to}
        onChange={(e) => setTo(e.target.value)}
      />
      <button
        type="button"
        className={`btn btn-small ${range.preset === 'custom' ? 'btn-active' : ''}`}
        disabled={!valid}
        onClick={() => valid && onChange({ preset: 'custom', start, end })}
      >
        {t('chart.apply')}
      </button>
    </div>
  );
}
