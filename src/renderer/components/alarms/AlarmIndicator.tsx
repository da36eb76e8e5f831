import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useOpenAlarms } from '../../hooks/useOpenAlarms';
import { useLiveReplicationProblems } from '../../hooks/useReplicationProblems';
import { summarize, withUnrecorded } from '../../lib/alarms';

/**
 * Always in the header: how many open alarms nobody has acknowledged (and replication problems not
 * recorded yet), coloured by the worst of them, updated by the live feed; a click opens the alarms page.
 */
export function AlarmIndicator() {
  const { t } = useTranslation();
  const { alarms } = useOpenAlarms();
  const problems = useLiveReplicationProblems();
  const { unacked, worst } = withUnrecorded(summarize(alarms), problems);
  const text = unacked ? t('alarms.indicator', { count: unacked }) : t('alarms.indicatorNone');
  return (
    <Link
      to="/alarms"
      className={`alarm-ind alarm-ind-${worst ?? 'none'}`}
      title={worst ? `${text} · ${t(`severity.${worst}`)}` : text}
      aria-label={text}
      data-testid="alarm-indicator"
      data-severity={worst ?? 'none'}
    >
      <span className="alarm-ind-icon" aria-hidden="true">
        ⚠
      </span>
      <span className="alarm-ind-count" data-testid="alarm-count">
        {unacked}
      </span>
      <span className="alarm-ind-label">
        {worst ? t('alarms.worst', { severity: t(`badge.${worst}`) }) : ''}
      </span>
    </Link>
  );
}
