import { useTranslation } from 'react-i18next';
import type { DiscoveredSites } from '../../../shared/discovery';
import { discoveryApi } from '../../net/discovery';
import { useApi } from '../../hooks/useApi';
import { formatTime } from '../../lib/format';
import { Card } from '../Card';
import { Loaded } from '../State';

/** Other Edge Sites heard over mDNS (for a cluster, or a technician who looks after several sites). */
export function OtherSites() {
  const { t } = useTranslation();
  const state = useApi((s) => discoveryApi.sites(s), []);
  return (
    <Card
      title={t('discovery.sites')}
      testId="other-sites"
      actions={
        <button type="button" className="btn btn-small" onClick={state.reload}>
          {t('common.refresh')}
        </button>
      }
    >
      <Loaded state={state}>{(s) => <SitesBody s={s} />}</Loaded>
    </Card>
  );
}

function SitesBody({ s }: { s: DiscoveredSites }) {
  const { t } = useTranslation();
  if (!s.enabled) return <p className="muted">{t('discovery.sitesOff')}</p>;
  return (
    <>
      {s.errors > 0 && (
        <p className="warn-text" data-testid="other-sites-error">
          ⚠ {t('discovery.sitesError', { error: s.lastError ?? '' })} ({s.errors})
        </p>
      )}
      {s.data.length === 0 ? (
        <p className="muted">
          {t('discovery.sitesNone')} {t('discovery.sitesHint')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('discovery.site.name')}</th>
                <th>{t('discovery.site.address')}</th>
                <th>{t('discovery.site.ports')}</th>
              </tr>
            </thead>
            <tbody>
              {s.data.map((site) => (
                <tr key={`${site.name}\n${site.node}`} data-testid={`other-site-${site.node}`}>
                  <td>
                    <div>{site.name}</div>
                    <div className="muted small" title={formatTime(site.lastSeen)}>
                      {t('discovery.site.node')} {site.node}
                    </div>
                  </td>
                  <td className="mono small">
                    {site.addresses.filter((a) => !a.includes(':')).join(', ') || site.host}
                  </td>
                  <td className="mono small">
                    HTTP {site.httpPort ?? '—'} · REST {site.gatewayHttpPort ?? '—'} · MQTT{' '}
                    {site.mqttPort ?? '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
