import { useTranslation } from 'react-i18next';
import type { SiteOverview } from '../../../shared/api';
import { Card, Fields } from '../Card';
import { formatBytes, formatLatency, groupThousands } from '../../lib/format';

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
