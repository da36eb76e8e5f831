import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SEVERITIES } from '../../shared/api';
import type { Severity, TimelineEntry } from '../../shared/model';
import { api } from '../net/client';
import { SeverityBadge } from '../components/Badges';
import { Card, PageHeader } from '../components/Card';
import { Empty, ErrorBox, Loading } from '../components/State';
import { useLiveEvents } from '../hooks/useLive';
import { useNames } from '../hooks/useNames';
import { formatTime } from '../lib/format';
import { appendOlder, nextMaxId, prependTimeline } from '../lib/live';
import { gatewayLabel, sensorLabel, timelineText, type Names } from '../lib/names';
import { filterTimeline, type TimeRange } from '../lib/filters';
import { useApi } from '../hooks/useApi';
import { useNow } from '../hooks/useNow';
import { TimelineFilterBar } from '../components/floor/TimelineFilterBar';

const PAGE = 50;

/**
 * The site's timeline pages at one severity, newest first: the first page on load (and on refresh),
 * older pages on demand, and live entries prepended as they happen.
 */
function useTimelineEntries(severity: Severity | '', tick: number) {
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [more, setMore] = useState(false);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    setError(null);
    setEntries([]);
    api.timelines({ count: PAGE, severity }, ac.signal).then(
      (page) => {
        if (ac.signal.aborted) return;
        // keep live entries that arrived while the page was loading
        setEntries((cur) => appendOlder(cur, page.data));
        setHasMore(page.data.length >= PAGE);
        setLoading(false);
      },
      (e: unknown) => {
        if (ac.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => ac.abort();
  }, [severity, tick]);

  const loadMore = async () => {
    setMore(true);
    try {
      const page = await api.timelines({ count: PAGE, severity, maxId: nextMaxId(entries) });
      setEntries((cur) => appendOlder(cur, page.data));
      setHasMore(page.data.length >= PAGE);
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setMore(false);
    }
  };

  useLiveEvents((ev) => {
    if (ev.type === 'timeline') setEntries((cur) => prependTimeline(cur, ev, severity));
  });
  return { entries, loading, more, hasMore, error, loadMore };
}

function SeverityPicker({ value, onChange }: { value: Severity | ''; onChange: (s: Severity | '') => void }) {
  const { t } = useTranslation();
  return (
    <label className="inline-label">
      {t('timeline.severity')}
      <select
        value={value}
        data-testid="timeline-severity"
        onChange={(e) => onChange(e.target.value as Severity | '')}
      >
        <option value="">{t('timeline.all')}</option>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {t(`severity.${s}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function TimelinePage() {
  const { t } = useTranslation();
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [tick, setTick] = useState(0);
  const { entries, loading, more, hasMore, error, loadMore } = useTimelineEntries(severity, tick);
  // text, gateway and time range filter what is loaded; severity is asked of the site (its pages)
  const [text, setText] = useState('');
  const [gatewayId, setGatewayId] = useState('');
  const [range, setRange] = useState<TimeRange>('');
  const gateways = useApi((s) => api.gateways(s), []);
  const now = useNow(30_000);

  const names = useNames(entries.flatMap((e) => e.node.map((n) => n.gatewayId ?? n.id)));

  const shown = filterTimeline(entries, { text, severity, gatewayId, range }, now, (e) =>
    timelineText(e, names, t),
  );
  const filtered = text !== '' || gatewayId !== '' || range !== '';

  return (
    <div className="page">
      <PageHeader
        title={t('timeline.title')}
        actions={
          <>
            <SeverityPicker value={severity} onChange={setSeverity} />
            <button type="button" className="btn" onClick={() => setTick((x) => x + 1)}>
              {t('common.refresh')}
            </button>
          </>
        }
      />
      {error ? <ErrorBox error={error} onRetry={() => setTick((x) => x + 1)} /> : null}
      <Card>
        <TimelineFilterBar
          text={text}
          onText={setText}
          gatewayId={gatewayId}
          onGateway={setGatewayId}
          gateways={gateways.data ?? []}
          range={range}
          onRange={setRange}
          count={filtered ? t('floor.timeline.shown', { shown: shown.length, total: entries.length }) : null}
        />
        {loading && entries.length === 0 ? (
          <Loading />
        ) : (
          <>
            {/* the list is always there (live entries are prepended into it), with the empty hint inside */}
            <ol className="timeline" data-testid="timeline-list">
              {entries.length === 0 && (
                <li className="timeline-empty">
                  <Empty title={t('timeline.empty')} hint={t('timeline.emptyHint')} />
                </li>
              )}
              {entries.length > 0 && shown.length === 0 && (
                <li className="timeline-empty muted" data-testid="timeline-no-match">
                  {t('floor.timeline.noMatch')}
                </li>
              )}
              {shown.map((e) => (
                <TimelineItem key={e.id} e={e} names={names} />
              ))}
            </ol>
            <div className="more">
              {entries.length === 0 ? null : hasMore ? (
                <button
                  type="button"
                  className="btn"
                  disabled={more}
                  onClick={() => void loadMore()}
                  data-testid="timeline-more"
                >
                  {more ? t('common.loading') : t('timeline.loadMore')}
                </button>
              ) : (
                <span className="muted small">{t('timeline.end')}</span>
              )}
            </div>
          </>
        )}
      </Card>
    </div>
  );
}

/** One entry: names instead of ids, links to its gateway and sensor. */
function TimelineItem({ e, names }: { e: TimelineEntry; names: Names }) {
  const { t } = useTranslation();
  return (
    <li className={`timeline-entry sev-${e.severity}`} data-testid="timeline-entry">
      <div className="tl-time nowrap">{formatTime(e.time)}</div>
      <div className="tl-sev">
        <SeverityBadge severity={e.severity} />
      </div>
      <div className="tl-body">
        <div className="tl-message" title={e.message}>
          {timelineText(e, names, t)}
        </div>
        <div className="tl-meta muted small">
          <span>{t(`timeline.type.${e.type}`)}</span>
          {e.rule && <span> · {t('timeline.rule', { name: e.rule.name })}</span>}
          {e.node.map((n) => (
            <span key={`${n.type}-${n.gatewayId ?? ''}-${n.id}`}>
              {' · '}
              {n.type === 'gateway' ? (
                <Link to={`/gateways/${encodeURIComponent(n.id)}`} title={n.id}>
                  {gatewayLabel(names, n.id)}
                </Link>
              ) : n.gatewayId ? (
                <Link
                  to={`/gateways/${encodeURIComponent(n.gatewayId)}/sensors/${encodeURIComponent(n.id)}`}
                  title={`${n.id}@${n.gatewayId}`}
                >
                  {sensorLabel(names, n.gatewayId, n.id)} · {gatewayLabel(names, n.gatewayId)}
                </Link>
              ) : (
                <span className="mono">{n.id}</span>
              )}
            </span>
          ))}
          {e.success === 'n' && <span className="text-bad"> · {t('timeline.failed')}</span>}
          <span className="tl-id"> #{e.id}</span>
        </div>
      </div>
    </li>
  );
}
