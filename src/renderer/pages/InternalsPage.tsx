import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../net/client';
import { RoleBadge } from '../components/Badges';
import { PageHeader, Stat } from '../components/Card';
import { Loaded } from '../components/State';
import { useApi } from '../hooks/useApi';
import { useLiveEvents } from '../hooks/useLive';
import {
  formatBytes,
  formatDate,
  formatDuration,
  formatLatency,
  formatRate,
  groupThousands,
} from '../lib/format';
import { addRecentError } from '../lib/overview';
import { ErrorCards, ProcessCard, StorageCard } from '../components/floor/InternalsCards';

/** The software figures (ingest, latency, duplicates, storage, memory, the error log) for whoever runs the PC. */
export function InternalsPage() {
  const { t } = useTranslation();
  const state = useApi((s) => api.overview(s), []);
  const { setData } = state;

  useLiveEvents((ev) => {
    if (ev.type === 'overview') setData(ev.overview);
    else if (ev.type === 'error') setData((o) => (o ? addRecentError(o, ev.error) : o));
  });

  return (
    <div className="page">
      <PageHeader
        title={
          <>
            <Link to="/overview" className="crumb">
              {t('floor.internals.back')}
            </Link>{' '}
            / {t('floor.internals.title')}
          </>
        }
        sub={t('floor.internals.sub')}
        actions={
          <button type="button" className="btn" onClick={state.reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <Loaded state={state}>
        {(o) => {
          return (
            <>
              <div className="site-line">
                <strong>{o.site.name}</strong>
                <RoleBadge role={o.site.role} />
                <span className="muted">
                  {t('overview.node')} <span className="mono">{o.site.node}</span> · v{o.site.version} ·{' '}
                  {t('overview.uptime')} {formatDuration(Date.now() - o.site.startedAt)}
                </span>
              </div>
              <div className="stats">
                <Stat label={t('overview.sensors')} value={groupThousands(o.sensors.total)} />
                <Stat
                  label={t('overview.valuesPerSecond')}
                  value={formatRate(o.ingest.valuesPerSecond)}
                  testId="overview-values-per-second"
                  tone="info"
                  sub={t('overview.messagesPerSecond', { rate: formatRate(o.ingest.messagesPerSecond) })}
                />
                <Stat
                  label={t('overview.commitLatency')}
                  value={formatLatency(o.ingest.commitLatencyP50)}
                  sub={`p99 ${formatLatency(o.ingest.commitLatencyP99)}`}
                />
                <Stat
                  label={t('overview.rejected')}
                  value={`${groupThousands(o.ingest.rejectedMessages)} / ${groupThousands(o.ingest.rejectedPoints)}`}
                  sub={t('overview.rejectedSub')}
                  tone={o.ingest.rejectedMessages + o.ingest.rejectedPoints > 0 ? 'warn' : undefined}
                />
                <Stat
                  label={t('overview.duplicates')}
                  value={`${groupThousands(o.ingest.duplicates)} / ${groupThousands(o.ingest.outOfOrder)}`}
                  sub={t('overview.duplicatesSub')}
                />
              </div>
              <div className="stats stats-small">
                <Stat label={t('overview.totalValues')} value={groupThousands(o.ingest.totalValues)} />
                <Stat label={t('overview.totalMessages')} value={groupThousands(o.ingest.totalMessages)} />
                <Stat
                  label={t('overview.disk')}
                  value={formatBytes(o.disk.freeBytes)}
                  testId="overview-disk-free"
                  sub={[
                    o.disk.level === 'ok'
                      ? t('overview.diskSub', {
                          total: formatBytes(o.disk.totalBytes),
                          warn: formatBytes(o.disk.warnFreeBytes),
                        })
                      : t(`overview.diskLevel_${o.disk.level}`, {
                          warn: formatBytes(o.disk.warnFreeBytes),
                          thin: formatBytes(o.disk.thinFreeBytes),
                        }),
                    o.disk.thinnedBefore === null
                      ? null
                      : t('overview.diskThinned', {
                          date: formatDate(o.disk.thinnedBefore),
                        }),
                  ]
                    .filter(Boolean)
                    .join('; ')}
                  tone={o.disk.level === 'ok' ? undefined : o.disk.level === 'low' ? 'warn' : 'bad'}
                />
                <Stat
                  label={t('overview.errorsLastHour')}
                  value={groupThousands(o.errors.lastHour)}
                  testId="overview-errors-hour"
                  sub={t('overview.errorsSinceStart', { count: o.errors.total })}
                  tone={o.errors.lastHour > 0 ? 'bad' : o.errors.total > 0 ? undefined : 'ok'}
                />
              </div>
              <div className="grid-2">
                <ErrorCards o={o} />
              </div>
              <div className="grid-2">
                <StorageCard o={o} />
                <ProcessCard o={o} />
              </div>
            </>
          );
        }}
      </Loaded>
    </div>
  );
}
