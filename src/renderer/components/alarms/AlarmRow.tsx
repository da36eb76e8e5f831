import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Alarm } from '../../../shared/model';
import { STATE_CLASS } from '../../lib/alarms';
import { formatDuration, formatTime, formatValueWithUnit } from '../../lib/format';
import { gatewayLabel, sensorLabel, sensorUnit, type Names, type Translate } from '../../lib/names';
import { alarmTitle, alarmWhere, systemValue } from '../../lib/system-alarms';
import { isSystemRule } from '../../../shared/system-alarms';
import { SeverityBadge } from '../Badges';

export function AlarmStateBadge({ alarm }: { alarm: Alarm }) {
  const { t } = useTranslation();
  return (
    <span
      className={`badge ${STATE_CLASS[alarm.state]}`}
      data-testid={`alarm-state-${alarm.id}`}
      data-state={alarm.state}
    >
      {t(`alarms.state.${alarm.state}`)}
    </span>
  );
}

/** Sensor and gateway by name, each linking to its page; the ids stay in the tooltips. */
export function AlarmSource({ alarm, names }: { alarm: Alarm; names: Names }) {
  const { t } = useTranslation();
  // the site's own alarms are about a cluster node or a log, not a sensor
  if (isSystemRule(alarm.ruleId)) return <span className="alarm-source">{alarmWhere(alarm, names, t)}</span>;
  const gw = encodeURIComponent(alarm.gatewayId);
  return (
    <span className="alarm-source">
      <Link to={`/gateways/${gw}/sensors/${encodeURIComponent(alarm.sensorId)}`} title={alarm.sensorId}>
        {sensorLabel(names, alarm.gatewayId, alarm.sensorId)}
      </Link>
      {' · '}
      <Link to={`/gateways/${gw}`} title={alarm.gatewayId}>
        {gatewayLabel(names, alarm.gatewayId)}
      </Link>
    </span>
  );
}

export function alarmValue(alarm: Alarm, names: Names, t: Translate): string {
  return (
    systemValue(alarm, t) ??
    formatValueWithUnit(alarm.value, sensorUnit(names, alarm.gatewayId, alarm.sensorId))
  );
}

/** One open alarm: what, where, how bad, since when, and what an operator can do about it. */
export function AlarmRow({
  alarm,
  names,
  now,
  actions,
}: {
  alarm: Alarm;
  names: Names;
  now: number;
  actions: ReactNode;
}) {
  const { t } = useTranslation();
  const notes = [
    alarm.ackedBy && alarm.ackedAt
      ? t('alarms.ackedBy', { user: alarm.ackedBy, ago: formatDuration(now - alarm.ackedAt) })
      : '',
    alarm.state === 'shelved' && alarm.shelvedUntil
      ? t('alarms.shelvedUntil', { time: formatTime(alarm.shelvedUntil) })
      : '',
  ].filter(Boolean);
  return (
    <li className={`alarm-row sev-${alarm.severity}`} data-testid={`alarm-row-${alarm.id}`} data-alarm-row="">
      <div className="alarm-badges">
        <SeverityBadge severity={alarm.severity} />
        <AlarmStateBadge alarm={alarm} />
      </div>
      <div className="alarm-main">
        <div className="alarm-rule">{alarmTitle(alarm, t)}</div>
        <div className="muted small">
          <AlarmSource alarm={alarm} names={names} />
        </div>
        {notes.length > 0 && <div className="muted small">{notes.join(' · ')}</div>}
      </div>
      <div className="alarm-value value" data-testid={`alarm-value-${alarm.id}`}>
        {alarmValue(alarm, names, t)}
      </div>
      <div className="alarm-time">
        <div className="nowrap">{formatTime(alarm.raisedAt)}</div>
        <div className="muted small">{t('common.ago', { d: formatDuration(now - alarm.raisedAt) })}</div>
      </div>
      <div className="alarm-row-actions">{actions}</div>
    </li>
  );
}
