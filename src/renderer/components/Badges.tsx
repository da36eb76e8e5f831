import { useTranslation } from 'react-i18next';
import type { GatewayView, ReportedStatus, Severity } from '../../shared/model';
import { formatTime } from '../lib/format';
import { effectiveStatus } from '../lib/status';

/** Connection badge: connected / disconnected in the user's language. */
export function ConnectionBadge({ gateway }: { gateway: GatewayView }) {
  const { t } = useTranslation();
  const c = gateway.connection;
  const connected = c.state === 'connected';
  const title = [
    t(`conn.${c.state}`),
    c.since ? `${t('common.since')} ${formatTime(c.since)}` : '',
    c.address ? `${t('gateway.address')} ${c.address}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <span className="badge-group">
      <span
        className={`badge ${connected ? 'badge-ok' : 'badge-off'}`}
        data-testid={`gateway-state-${gateway.id}`}
        title={title}
      >
        {t(connected ? 'badge.connected' : 'badge.disconnected')}
      </span>
      {c.state === 'never' && <span className="muted small">{t('conn.never')}</span>}
      {c.legacyAnonymous && (
        <span className="badge badge-legacy" title={t('gateway.legacyHint')}>
          {t('gateway.legacyBadge')}
        </span>
      )}
    </span>
  );
}

const STATUS_CLASS = { on: 'badge-ok', off: 'badge-off', err: 'badge-bad', expired: 'badge-warn' } as const;

/**
 * A sensor's or gateway's reported status with colours: ok (Thing+ "on": reporting) / stopped / err /
 * expired, words no value reads as ("On" is a switch's value); `expired` is derived locally too when
 * expireAt has passed. `unlessOn`: nothing for the normal "on", beside a value that says "On" itself.
 */
export function StatusBadge({
  status,
  now,
  unlessOn = false,
}: {
  status: ReportedStatus | null;
  now?: number;
  unlessOn?: boolean;
}) {
  const { t } = useTranslation();
  const s = effectiveStatus(status, now ?? Date.now());
  if (!s) return <span className="badge badge-none">{t('status.unknown')}</span>;
  if (unlessOn && s === 'on') return null;
  const title = [
    t(`status.${s}`),
    status?.reason ?? '',
    status?.expireAt ? `${t('status.expireAt')} ${formatTime(status.expireAt)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <span className={`badge ${STATUS_CLASS[s]}`} title={`${t('sensor.status')}: ${title}`} data-status={s}>
      {t(`badge.${s}`)}
      {s === 'err' && status?.reason ? `: ${status.reason}` : ''}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  const cls = severity === 'fatal' ? 'badge-bad' : severity === 'warning' ? 'badge-warn' : 'badge-info';
  return (
    <span className={`badge ${cls}`} title={t(`severity.${severity}`)}>
      {t(`badge.${severity}`)}
    </span>
  );
}

export function RoleBadge({ role }: { role: 'master' | 'standby' | 'observer' }) {
  const { t } = useTranslation();
  const cls = role === 'master' ? 'badge-ok' : role === 'standby' ? 'badge-info' : 'badge-off';
  return <span className={`badge ${cls}`}>{t(`badge.${role}`)}</span>;
}
