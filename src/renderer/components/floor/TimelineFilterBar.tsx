import { useTranslation } from 'react-i18next';
import type { GatewayView } from '../../../shared/model';
import { TIME_RANGES, type TimeRange } from '../../lib/filters';
import { ZoneLabel } from '../DateTimeInput';

/** Search, gateway and time range of the timeline (the severity stays in the page header). */
export function TimelineFilterBar({
  text,
  onText,
  gatewayId,
  onGateway,
  gateways,
  range,
  onRange,
  count,
}: {
  text: string;
  onText: (v: string) => void;
  gatewayId: string;
  onGateway: (v: string) => void;
  gateways: readonly GatewayView[];
  range: TimeRange;
  onRange: (v: TimeRange) => void;
  count: string | null;
}) {
  const { t } = useTranslation();
  const sorted = [...gateways].sort((a, b) => (a.name || a.id).localeCompare(b.name || b.id));
  return (
    <div className="filter-bar" data-testid="timeline-filters">
      <label>
        {t('floor.timeline.search')}
        <input
          type="search"
          data-testid="timeline-search"
          value={text}
          onChange={(e) => onText(e.target.value)}
        />
      </label>
      <label>
        {t('floor.timeline.gateway')}
        <select data-testid="timeline-gateway" value={gatewayId} onChange={(e) => onGateway(e.target.value)}>
          <option value="">{t('floor.timeline.allGateways')}</option>
          {sorted.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name || g.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('floor.timeline.range')}
        <select
          data-testid="timeline-range"
          value={range}
          onChange={(e) => onRange(e.target.value as TimeRange)}
        >
          {TIME_RANGES.map((r) => (
            <option key={r || 'all'} value={r}>
              {t(`floor.timeline.ranges.${r || 'all'}`)}
            </option>
          ))}
        </select>
      </label>
      {/* the zone the listed times are in */}
      <ZoneLabel />
      {count && <span className="filter-count">{count}</span>}
    </div>
  );
}
