import { useTranslation } from 'react-i18next';
import { useNow } from '../../../hooks/useNow';
import { formatDuration } from '../../../lib/format';
import type { WidgetProps } from '../view';

/** The gateways (the widget's, or every one) connected or not, by name, and since when. */
export function GatewayStatus({ widget, site }: WidgetProps) {
  const { t } = useTranslation();
  const now = useNow(10_000);
  const only = widget.options.gatewayIds;
  const gateways = site.gateways.filter((g) => !only?.length || only.includes(g.id));
  if (gateways.length === 0) return <div className="w-empty">{t('dash.noGateways')}</div>;
  return (
    <ul className="w-gateways" data-testid={`widget-gateways-${widget.id}`}>
      {gateways.map((g) => {
        const up = g.connection.state === 'connected';
        const since = g.connection.since;
        return (
          <li key={g.id} className={up ? 'up' : 'down'} title={g.id}>
            <span className="w-dot" aria-hidden="true" />
            <span className="w-gw-name">{g.name || g.id}</span>
            <span className="w-gw-state">
              {t(up ? 'badge.connected' : 'badge.disconnected')}
              {since ? ` · ${formatDuration(Math.max(0, now - since))}` : ''}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
