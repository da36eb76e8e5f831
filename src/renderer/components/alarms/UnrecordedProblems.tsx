import { useTranslation } from 'react-i18next';
import type { ReplicationProblem } from '../../../shared/system-alarms';
import { useNow } from '../../hooks/useNow';
import { formatDuration, formatTime } from '../../lib/format';
import { problemText } from '../../lib/system-alarms';
import { SeverityBadge } from '../Badges';
import { Card } from '../Card';

/**
 * Replication problems this node sees that no open alarm holds yet: a lost quorum cannot be written
 * while it lasts, so it is shown here from the node's own state and marked as not yet recorded.
 */
export function UnrecordedProblems({ problems }: { problems: readonly ReplicationProblem[] }) {
  const { t } = useTranslation();
  const now = useNow(10_000);
  const waiting = problems.filter((p) => !p.recorded);
  if (waiting.length === 0) return null;
  return (
    <Card title={t('alarms.unrecorded.title')} testId="alarm-unrecorded">
      <p className="muted small">{t('alarms.unrecorded.hint')}</p>
      <ol className="alarm-list">
        {waiting.map((p) => (
          <li
            key={`${p.kind}-${p.subject}`}
            className={`alarm-row sev-${p.severity}`}
            data-testid={`alarm-unrecorded-${p.kind}`}
          >
            <div className="alarm-badges">
              <SeverityBadge severity={p.severity} />
              <span className="badge badge-warn">{t('alarms.unrecorded.badge')}</span>
            </div>
            <div className="alarm-main">
              <div className="alarm-rule">{problemText(p, t)}</div>
              <div className="muted small">
                {p.kind === 'nodeLate'
                  ? t('alarms.systemSource.node', { node: p.subject })
                  : t('alarms.systemSource.stream', { stream: p.subject })}
              </div>
            </div>
            <div className="alarm-value value" />
            <div className="alarm-time">
              <div className="nowrap">{formatTime(p.since)}</div>
              <div className="muted small">{t('common.ago', { d: formatDuration(now - p.since) })}</div>
            </div>
            <div className="alarm-row-actions" />
          </li>
        ))}
      </ol>
    </Card>
  );
}
