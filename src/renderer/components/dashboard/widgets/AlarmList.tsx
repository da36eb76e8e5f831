import { useTranslation } from 'react-i18next';
import { useNames } from '../../../hooks/useNames';
import { useNow } from '../../../hooks/useNow';
import { useOpenAlarms } from '../../../hooks/useOpenAlarms';
import { STATE_CLASS, sortOpen } from '../../../lib/alarms';
import { formatDuration } from '../../../lib/format';
import { alarmTitle, alarmWhere } from '../../../lib/system-alarms';
import { SeverityBadge } from '../../Badges';
import type { WidgetProps } from '../view';

/** The open alarms, worst and longest waiting first, by names; the same live list as the header's count. */
export function AlarmList({ widget }: WidgetProps) {
  const { t } = useTranslation();
  const now = useNow(10_000);
  const open = useOpenAlarms();
  const alarms = sortOpen(open.alarms).slice(0, widget.options.limit ?? 10);
  const names = useNames(alarms.map((a) => a.gatewayId));
  if (open.loaded && alarms.length === 0)
    return (
      <div className="w-empty w-ok" data-testid={`widget-alarms-${widget.id}`}>
        ✓ {t('alarms.none')}
      </div>
    );
  return (
    <ul className="w-list" data-testid={`widget-alarms-${widget.id}`}>
      {alarms.map((a) => (
        <li key={a.id} className={`w-alarm sev-${a.severity}`}>
          <SeverityBadge severity={a.severity} />
          <span className="w-list-main">
            <strong>{alarmTitle(a, t)}</strong>
            <span className="w-sub" title={`${a.gatewayId} / ${a.sensorId}`}>
              {alarmWhere(a, names, t)}
            </span>
          </span>
          <span className="w-list-side">
            <span className={`badge ${STATE_CLASS[a.state]}`}>{t(`alarms.state.${a.state}`)}</span>
            <span className="w-sub">{formatDuration(Math.max(0, now - a.raisedAt))}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
