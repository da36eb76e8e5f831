import { useTranslation } from 'react-i18next';
import type { GatewayFilter, GatewaySort, GatewayStatusFilter } from '../../lib/filters';

const STATUSES: ReadonlyArray<[GatewayStatusFilter, string]> = [
  ['', 'all'],
  ['connected', 'connected'],
  ['down', 'down'],
  ['never', 'never'],
];
const SORTS: ReadonlyArray<[GatewaySort, string]> = [
  ['name', 'sortName'],
  ['status', 'sortStatus'],
  ['since', 'sortSince'],
  ['sensors', 'sortSensors'],
];

export function GatewayFilterBar({
  filter,
  onChange,
  shown,
  total,
}: {
  filter: GatewayFilter;
  onChange: (f: GatewayFilter) => void;
  shown: number;
  total: number;
}) {
  const { t } = useTranslation();
  return (
    <div className="filter-bar" data-testid="gateway-filters">
      <label>
        {t('floor.gateways.search')}
        <input
          type="search"
          data-testid="gateway-search"
          value={filter.text}
          onChange={(e) => onChange({ ...filter, text: e.target.value })}
        />
      </label>
      <label>
        {t('floor.gateways.status')}
        <select
          data-testid="gateway-status-filter"
          value={filter.status}
          onChange={(e) => onChange({ ...filter, status: e.target.value as GatewayStatusFilter })}
        >
          {STATUSES.map(([v, k]) => (
            <option key={k} value={v}>
              {t(`floor.gateways.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('floor.gateways.sort')}
        <select
          data-testid="gateway-sort"
          value={filter.sort}
          onChange={(e) => onChange({ ...filter, sort: e.target.value as GatewaySort })}
        >
          {SORTS.map(([v, k]) => (
            <option key={v} value={v}>
              {t(`floor.gateways.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <span className="filter-count">{t('floor.gateways.shown', { shown, total })}</span>
    </div>
  );
}
