import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DownGateway, SiteOverview } from '../../../shared/api';
import type { Alarm, Severity } from '../../../shared/model';
import { SEVERITIES } from '../../../shared/api';
import { SeverityBadge } from '../Badges';
import { Card } from '../Card';
import { useNames } from '../../hooks/useNames';
import { sortOpen } from '../../lib/alarms';
import { formatBytes, formatDuration, formatRate, formatTime, groupThousands } from '../../lib/format';
import { alarmsBySeverity } from '../../lib/plant';
import { alarmTitle, alarmWhere } from '../../lib/system-alarms';

const LISTED = 5;

export function AlarmsCard({ open }: { open: readonly Alarm[] }) {
  const { t } = useTranslation();
  const counts = alarmsBySeverity(open);
  const active = sortOpen(open.filter((a) => a.state !== 'shelved' && a.state !== 'out_of_service'));
  const setAside = open.length - active.length;
  const names = useNames(
    active.slice(0, LISTED).map((a) => a.gatewayId),
    false,
  );
  return (
    <Card
      title={t('floor.overview.alarms')}
      testId="overview-alarms"
      actions={
        <Link to="/alarms" className="btn btn-small" data-testid="overview-alarms-link">
          {t('floor.overview.allAlarms')}
        </Link>
      }
    >
      <div className="sev-counts">
        {SEVERITIES.map((s: Severity) => (
          <Link key={s} to="/alarms" className={`sev-count sev-${s}${counts[s] ? '' : ' zero'}`}>
            <span className="sev-n" data-testid={`overview-alarms-${s}`}>
              {counts[s]}
            </span>
            <span className="sev-label">{t(`severity.${s}`)}</span>
          </Link>
        ))}
      </div>
      {active.length === 0 ? (
        <p className="muted">{t('floor.overview.noAlarms')}</p>
      ) : (
        <ul className="plain-list">
          {active.slice(0, LISTED).map((a) => (
            <li key={a.id}>
              <SeverityBadge severity={a.severity} /> <strong>{alarmTitle(a, t)}</strong>{' '}
              <span className="muted" title={`${a.sensorId}@${a.gatewayId}`}>
                {alarmWhere(a, names, t)}
              </span>
            </li>
          ))}
          {active.length > LISTED && (
            <li className="muted">{t('floor.overview.andMore', { count: active.length - LISTED })}</li>
          )}
        </ul>
      )}
      {setAside > 0 && <p className="muted small">{t('floor.overview.shelvedNote', { count: setAside })}</p>}
    </Card>
  );
}

export function GatewaysCard({
  total,
  connected,
  pending,
  downCount,
  down,
  now,
}: {
  total: number;
  connected: number;
  pending: number;
  downCount: number;
  /** the longest down first, from the overview's answer (at most GATEWAYS_DOWN_LISTED) */
  down: readonly DownGateway[];
  now: number;
}) {
  const { t } = useTranslation();
  return (
    <Card
      title={t('floor.overview.gateways')}
      testId="overview-gateways"
      actions={
        <Link to="/gateways" className="btn btn-small">
          {t('nav.gateways')}
        </Link>
      }
    >
      <div className={`big-figure ${downCount > 0 ? 'text-warn' : 'text-ok'}`}>
        <span data-testid="overview-gateways-connected">{connected}</span>
        <span className="stat-of"> / {total}</span>
      </div>
      <p className="muted">
        {total === 0
          ? t('floor.overview.noGateways')
          : downCount === 0
            ? t('floor.overview.allConnected')
            : t('floor.overview.connectedOf', { connected, total })}
      </p>
      {downCount > 0 && (
        <ul className="plain-list down-list" data-testid="overview-gateways-down">
          {down.slice(0, LISTED).map((g) => (
            <li key={g.id} data-testid={`overview-down-${g.id}`}>
              <span className="dot dot-bad" aria-hidden="true" />{' '}
              <Link to={`/gateways/${encodeURIComponent(g.id)}`} title={g.id}>
                {g.name || g.id}
              </Link>{' '}
              <span className="muted small">
                {g.state === 'never' || g.since === null
                  ? t('floor.overview.neverConnected')
                  : t('floor.overview.downSince', {
                      time: formatTime(g.since),
                      ago: formatDuration(now - g.since),
                    })}
              </span>
            </li>
          ))}
          {downCount > Math.min(down.length, LISTED) && (
            <li className="muted" data-testid="overview-gateways-more">
              <Link to="/gateways?sort=status">
                {t('floor.overview.andMore', { count: downCount - Math.min(down.length, LISTED) })}
              </Link>
            </li>
          )}
        </ul>
      )}
      {pending > 0 && (
        <p>
          <Link to="/register">{t('overview.pending', { count: pending })}</Link>
        </p>
      )}
    </Card>
  );
}

export function StaleCard({ sensors }: { sensors: SiteOverview['sensors'] }) {
  const { t } = useTranslation();
  return (
    <Card title={t('floor.overview.stale')} testId="overview-stale">
      <div className={`big-figure ${sensors.staleCount > 0 ? 'text-warn' : 'text-ok'}`}>
        <span data-testid="overview-stale-count">{sensors.staleCount}</span>
        <span className="stat-of"> / {groupThousands(sensors.total)}</span>
      </div>
      {sensors.staleCount === 0 ? (
        <p className="muted">{t('floor.overview.noStale')}</p>
      ) : (
        <ul className="plain-list">
          {sensors.stale.slice(0, LISTED).map((s) => (
            <li key={`${s.gatewayId}/${s.sensorId}`}>
              <Link
                to={`/gateways/${encodeURIComponent(s.gatewayId)}/sensors/${encodeURIComponent(s.sensorId)}`}
                title={`${s.sensorId}@${s.gatewayId}`}
              >
                {s.name}
              </Link>{' '}
              <span className="muted small">
                · {s.gatewayName} ·{' '}
                {t(s.status === 'err' ? 'floor.overview.staleErr' : 'floor.overview.staleExpired', {
                  time: formatTime(s.since),
                })}
                {s.reason ? ` (${s.reason})` : ''}
              </span>
            </li>
          ))}
          {sensors.staleCount > LISTED && (
            <li className="muted">{t('floor.overview.andMore', { count: sensors.staleCount - LISTED })}</li>
          )}
        </ul>
      )}
    </Card>
  );
}

export function HealthCard({ o, now }: { o: SiteOverview; now: number }) {
  const { t } = useTranslation();
  const diskTone = o.disk.level === 'ok' ? 'text-ok' : o.disk.level === 'low' ? 'text-warn' : 'text-bad';
  return (
    <Card
      title={t('floor.overview.health')}
      testId="overview-health"
      actions={
        <Link to="/internals" className="btn btn-small" data-testid="overview-internals-link">
          {t('floor.overview.internals')}
        </Link>
      }
    >
      <dl className="health-list">
        <div>
          <dt>{t('floor.overview.disk')}</dt>
          <dd className={diskTone} data-testid="overview-disk-free">
            {t('floor.overview.diskFree', {
              free: formatBytes(o.disk.freeBytes),
              total: formatBytes(o.disk.totalBytes),
            })}
            {o.disk.level !== 'ok' && (
              <div className="small">
                {t(`overview.diskLevel_${o.disk.level}`, {
                  warn: formatBytes(o.disk.warnFreeBytes),
                  thin: formatBytes(o.disk.thinFreeBytes),
                })}
              </div>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('floor.overview.errorsHour')}</dt>
          <dd className={o.errors.lastHour > 0 ? 'text-bad' : 'text-ok'}>
            <span data-testid="overview-errors-hour">{groupThousands(o.errors.lastHour)}</span>{' '}
            <span className="muted small">{t('floor.overview.errorsTotal', { count: o.errors.total })}</span>
          </dd>
        </div>
        <div>
          <dt>{t('overview.valuesPerSecond')}</dt>
          <dd data-testid="overview-values-per-second">{formatRate(o.ingest.valuesPerSecond)}</dd>
        </div>
        <div>
          <dt>{o.site.name}</dt>
          <dd className="muted small">
            v{o.site.version} · {t('floor.overview.running', { d: formatDuration(now - o.site.startedAt) })}
          </dd>
        </div>
      </dl>
      <p className="muted small">{t('floor.overview.internalsHint')}</p>
    </Card>
  );
}
