import { useTranslation } from 'react-i18next';
import type { SiteOverview } from '../../../shared/api';
import { Card, Fields } from '../Card';
import { formatBytes, formatLatency, formatTime, groupThousands } from '../../lib/format';
import { Empty } from '../State';

export function StorageCard({ o }: { o: SiteOverview }) {
  const { t } = useTranslation();
  const s = o.storage;
  return (
    <Card title={t('floor.internals.storage')} testId="internals-storage">
      <Fields
        rows={[
          [t('floor.internals.seriesSize'), formatBytes(s.diskBytes)],
          [t('floor.internals.committed'), groupThousands(s.committedValues)],
          [t('floor.internals.logValues'), groupThousands(s.logValues)],
          [t('floor.internals.passes'), groupThousands(s.compactionPasses)],
          [t('floor.internals.commitMax'), `${formatLatency(s.commitMsMax)} (${s.commitMode})`],
          [t('floor.internals.roundTripMax'), formatLatency(s.commitRoundTripMsMax)],
        ]}
      />
    </Card>
  );
}

export function ProcessCard({ o }: { o: SiteOverview }) {
  const { t } = useTranslation();
  const p = o.process;
  const d = p.eventLoopDelayMs;
  return (
    <Card title={t('floor.internals.process')} testId="internals-process">
      <Fields
        rows={[
          [t('floor.internals.rss'), formatBytes(p.rssBytes)],
          [t('floor.internals.heap'), `${formatBytes(p.heapUsedBytes)} / ${formatBytes(p.heapTotalBytes)}`],
          [
            t('floor.internals.workerHeaps'),
            `${formatBytes(p.writerHeapBytes)} / ${formatBytes(p.compactorHeapBytes)}`,
          ],
          [
            t('floor.internals.loopDelay'),
            `${formatLatency(d.p50)} / ${formatLatency(d.p99)} / ${formatLatency(d.max)}`,
          ],
          [
            t('floor.internals.flags'),
            <span className="mono small">
              {p.nodeFlags.length ? p.nodeFlags.join(' ') : t('floor.internals.none')}
            </span>,
          ],
        ]}
      />
    </Card>
  );
}

/** Errors counted by kind since start, and the latest ones. */
export function ErrorCards({ o }: { o: SiteOverview }) {
  const { t } = useTranslation();
  const kinds = Object.entries(o.errors.byKind).sort((a, b) => b[1] - a[1]);
  return (
    <>
      <Card title={t('overview.errorsByKind')}>
        {kinds.length === 0 ? (
          <Empty title={t('overview.noErrors')} hint={t('overview.noErrorsHint')} />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('overview.kind')}</th>
                <th className="num">{t('overview.count')}</th>
              </tr>
            </thead>
            <tbody>
              {kinds.map(([k, n]) => (
                <tr key={k}>
                  <td className="mono">{k}</td>
                  <td className="num">{groupThousands(n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title={t('overview.recentErrors')}>
        {o.errors.recent.length === 0 ? (
          <Empty title={t('overview.noErrors')} hint={t('overview.noErrorsHint')} />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('common.time')}</th>
                <th className="col-opt2">{t('overview.kind')}</th>
                <th className="col-opt">{t('common.gateway')}</th>
                <th>{t('common.message')}</th>
              </tr>
            </thead>
            <tbody>
              {o.errors.recent.map((e, i) => (
                <tr key={`${e.time}-${i}`}>
                  <td className="nowrap">{formatTime(e.time)}</td>
                  <td className="mono col-opt2">{e.kind}</td>
                  <td className="mono col-opt">{e.gatewayId ?? '—'}</td>
                  {/* the kind in the reader's language; the site's own message (with ids) in the tooltip */}
                  <td title={[e.message, e.topic].filter(Boolean).join('\n')}>
                    {t(`errorKinds.${e.kind}`, { defaultValue: e.message })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
