import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmStats } from '../../../shared/api';
import { useApi } from '../../hooks/useApi';
import { useNames } from '../../hooks/useNames';
import { axisTimeFormat, formatDuration, formatTime } from '../../lib/format';
import { gatewayLabel, sensorLabel, type Names } from '../../lib/names';
import { api } from '../../net/client';
import { alarmTitle } from '../../lib/system-alarms';
import { Card, Stat } from '../Card';
import { Loaded } from '../State';

const RANGES = { '24h': 24 * 3_600_000, '7d': 7 * 86_400_000 } as const;
type Range = keyof typeof RANGES;

/** Bars for alarms per hour: plain boxes, so hundreds of hours cost no chart library. */
function PerHour({ stats }: { stats: AlarmStats }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...stats.perHour.map((h) => h.count));
  // ends and peak with their date: a 24 h range starts and ends at the same time of day
  const label = axisTimeFormat(Number.POSITIVE_INFINITY);
  const peak = stats.perHour.reduce(
    (a, b) => (b.count > a.count ? b : a),
    stats.perHour[0] ?? { hour: 0, count: 0 },
  );
  return (
    <div className="alarm-bars-box">
      <div
        className="alarm-bars"
        role="img"
        aria-label={t('alarms.stats.perHour')}
        data-testid="alarm-per-hour"
      >
        {stats.perHour.map((h) => (
          <div
            key={h.hour}
            className={`alarm-bar${h.count > 10 ? ' alarm-bar-flood' : ''}`}
            style={{ height: `${(h.count / max) * 100}%` }}
            title={`${formatTime(h.hour)}: ${h.count}`}
          />
        ))}
      </div>
      <div className="alarm-bars-axis muted small">
        <span>{label(stats.from)}</span>
        {peak.count > 0 && (
          <span className="alarm-bars-peak">
            {t('alarms.stats.peak', { count: peak.count, time: label(peak.hour) })}
          </span>
        )}
        <span>{label(stats.to)}</span>
      </div>
    </div>
  );
}

const where = (names: Names, gatewayId: string, sensorId: string) =>
  `${sensorLabel(names, gatewayId, sensorId)} · ${gatewayLabel(names, gatewayId)}`;

function Findings({ stats, names }: { stats: AlarmStats; names: Names }) {
  const { t } = useTranslation();
  const none = <div className="muted">{t('alarms.stats.none')}</div>;
  return (
    <div className="alarm-findings">
      <Card title={t('alarms.stats.floods')} testId="alarm-floods">
        <div className="muted small">{t('alarms.stats.floodsHint')}</div>
        {stats.floods.length === 0
          ? none
          : stats.floods.map((f) => (
              <div key={f.start} className="alarm-finding">
                <span className="nowrap">{formatTime(f.start)}</span>
                <span className="muted"> · {formatDuration(f.end - f.start)} · </span>
                <strong>{t('alarms.stats.raisedTotal', { count: f.count })}</strong>
              </div>
            ))}
      </Card>
      <Card title={t('alarms.stats.chattering')} testId="alarm-chattering">
        <div className="muted small">{t('alarms.stats.chatteringHint')}</div>
        {stats.chattering.length === 0
          ? none
          : stats.chattering.map((c) => (
              <div key={`${c.ruleId}-${c.gatewayId}-${c.sensorId}`} className="alarm-finding">
                <strong>{alarmTitle(c, t)}</strong>{' '}
                <span className="muted">{where(names, c.gatewayId, c.sensorId)}</span> ·{' '}
                {t('alarms.stats.raises', { count: c.count })}
              </div>
            ))}
      </Card>
      <Card title={t('alarms.stats.stale')} testId="alarm-stale">
        <div className="muted small">{t('alarms.stats.staleHint')}</div>
        {stats.stale.length === 0
          ? none
          : stats.stale.map((s) => (
              <div key={s.id} className="alarm-finding">
                <strong>{s.ruleName}</strong>{' '}
                <span className="muted">{where(names, s.gatewayId, s.sensorId)}</span> ·{' '}
                {t('common.ago', { d: formatDuration(Date.now() - s.raisedAt) })}
              </div>
            ))}
      </Card>
    </div>
  );
}

/** ISA-18.2's performance figures for a range ending now: how many alarms, floods, chatter, stale ones. */
export function AlarmStatsView() {
  const { t } = useTranslation();
  const [range, setRange] = useState<Range>('24h');
  const [tick, setTick] = useState(0);
  const state = useApi(
    (signal) => {
      const to = Date.now();
      return api.alarmStats(to - RANGES[range], to, signal);
    },
    [range, tick],
  );
  const s = state.data;
  const names = useNames(
    s ? [...s.chattering.map((c) => c.gatewayId), ...s.stale.map((x) => x.gatewayId)] : [],
  );
  return (
    <div className="page-section">
      <Card
        title={t('alarms.stats.title')}
        testId="alarm-stats"
        actions={
          <>
            {(Object.keys(RANGES) as Range[]).map((r) => (
              <button
                key={r}
                type="button"
                className={`btn btn-small${r === range ? ' btn-active' : ''}`}
                onClick={() => setRange(r)}
              >
                {t(`alarms.preset.${r}`)}
              </button>
            ))}
            <button type="button" className="btn btn-small" onClick={() => setTick((x) => x + 1)}>
              {t('common.refresh')}
            </button>
          </>
        }
      >
        <Loaded state={state}>
          {(stats) => (
            <>
              <div className="stats alarm-stat-tiles">
                <Stat
                  label={t('alarms.stats.raised')}
                  value={stats.perHour.reduce((n, h) => n + h.count, 0)}
                  sub={t('alarms.stats.peakSub', {
                    count: Math.max(0, ...stats.perHour.map((h) => h.count)),
                  })}
                  testId="alarm-raised-total"
                />
                <Stat
                  label={t('alarms.stats.floods')}
                  value={stats.floods.length}
                  tone={stats.floods.length ? 'bad' : 'ok'}
                />
                <Stat
                  label={t('alarms.stats.chattering')}
                  value={stats.chattering.length}
                  tone={stats.chattering.length ? 'warn' : 'ok'}
                />
                <Stat
                  label={t('alarms.stats.stale')}
                  value={stats.stale.length}
                  tone={stats.stale.length ? 'warn' : 'ok'}
                />
              </div>
              <PerHour stats={stats} />
            </>
          )}
        </Loaded>
      </Card>
      {s && <Findings stats={s} names={names} />}
    </div>
  );
}
