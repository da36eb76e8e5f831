import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../../shared/model';
import { useApi } from '../../../hooks/useApi';
import { useLiveEvents } from '../../../hooks/useLive';
import { timelineText } from '../../../lib/names';
import { api } from '../../../net/client';
import { clockTime, siteNames, type WidgetProps } from '../view';

/** The newest timeline entries in the user's language, with names; new entries arrive live. */
export function TimelineList({ widget, site }: WidgetProps) {
  const { t, i18n } = useTranslation();
  const limit = widget.options.limit ?? 10;
  const state = useApi((signal) => api.timelines({ count: limit }, signal), [limit]);
  useLiveEvents((ev) => {
    if (ev.type !== 'timeline') return;
    state.setData((page) => (page ? { ...page, data: [ev.entry, ...page.data].slice(0, limit) } : page));
  });
  const entries: TimelineEntry[] = state.data?.data ?? [];
  const names = siteNames(site);
  if (state.data && entries.length === 0) return <div className="w-empty">{t('dash.noTimeline')}</div>;
  return (
    <ul className="w-list" data-testid={`widget-timeline-${widget.id}`}>
      {entries.map((e) => (
        <li key={e.id} className={`w-tl sev-${e.severity}`}>
          <span className="w-time">{clockTime(e.time, i18n.language)}</span>
          <span className="w-list-main">{timelineText(e, names, t)}</span>
        </li>
      ))}
    </ul>
  );
}
