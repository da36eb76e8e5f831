import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DiscoveredGateway, DiscoveryScanResponse, SiteEndpoints } from '../../../shared/api';
import { api } from '../../net/client';
import { DEFAULT_MODEL_ID, legacyDefaultFor } from '../../lib/models';
import { Card } from '../Card';
import { ErrorBox } from '../State';
import { GatewaySetup } from '../floor/GatewaySetup';
import { RequireRole } from '../auth/RequireRole';
import { PointOverSsh } from './PointOverSsh';

interface Added {
  id: string;
  name: string;
  key: string;
}

/**
 * What answered a scan, and "Add to this site": the usual registration with the id found, then the
 * configuration to give the gateway (host, ports, its APIKEY once).
 */
export function ScanResults({
  result,
  endpoints,
  port,
}: {
  result: DiscoveryScanResponse;
  endpoints: SiteEndpoints;
  port: number;
}) {
  const { t } = useTranslation();
  const [added, setAdded] = useState<Added | null>(null);
  const [addedIds, setAddedIds] = useState<string[]>([]);
  const rejected = Object.entries(result.rejected).filter(([, n]) => n > 0);
  const rejectedCount = rejected.reduce((sum, [, n]) => sum + n, 0);
  return (
    <>
      {added && (
        <Card title={t('discovery.added', { name: added.name })} testId="scan-added">
          <GatewaySetup endpoints={endpoints} gatewayId={added.id} apiKey={added.key} />
        </Card>
      )}
      <PointOverSsh
        key={result.data
          .filter((g) => !g.registered)
          .map((g) => g.id)
          .join()}
        found={result.data}
        onPointed={(ids) => setAddedIds((l) => [...l, ...ids])}
      />
      <Card title={t('discovery.results')} testId="scan-results">
        <p className="muted small" data-testid="scan-summary">
          {t('discovery.summary', {
            count: result.data.length,
            ms: result.durationMs,
            sent: result.probes.sent,
          })}
        </p>
        {result.data.length === 0 ? (
          <p data-testid="scan-none">{t('discovery.none', { port })}</p>
        ) : (
          <div className="table-wrap">
            <table className="table scan-table">
              <thead>
                <tr>
                  <th>{t('discovery.col.name')}</th>
                  <th>{t('discovery.col.address')}</th>
                  <th className="col-opt">{t('discovery.col.pointsAt')}</th>
                  <th>{t('discovery.col.connected')}</th>
                  <th>{t('discovery.col.here')}</th>
                </tr>
              </thead>
              <tbody>
                {result.data.map((g) => (
                  <FoundRow
                    key={g.id}
                    g={g}
                    registered={g.registered || addedIds.includes(g.id)}
                    onAdded={(a) => {
                      setAdded(a);
                      setAddedIds((l) => [...l, a.id]);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rejectedCount > 0 && (
          <div className="scan-rejected" data-testid="scan-rejected">
            <p className="warn-text">
              {t('discovery.rejectedSome', { count: rejectedCount })}{' '}
              {rejected.map(([kind, n]) => `${t(`discovery.kind.${kind}`)} ${n}`).join(', ')}
            </p>
            <ul className="muted small">
              {result.problems.map((p, i) => (
                <li key={i}>
                  <span className="mono">{p.from}</span>: {p.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </Card>
    </>
  );
}

function FoundRow({
  g,
  registered,
  onAdded,
}: {
  g: DiscoveredGateway;
  registered: boolean;
  onAdded: (a: Added) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.registerGatewayKey({
        id: g.id,
        modelId: DEFAULT_MODEL_ID,
        authType: 'apikey',
        ...(g.name ? { name: g.name } : {}),
        legacyPlainTcp: legacyDefaultFor(DEFAULT_MODEL_ID),
      });
      onAdded({ id: g.id, name: g.name || g.id, key: res[g.id] ?? Object.values(res)[0] ?? '' });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const yesNo = (v: boolean) => (
    <span className={`badge badge-tiny ${v ? 'badge-ok' : 'badge-off'}`}>
      {v ? t('discovery.yes') : t('discovery.no')}
    </span>
  );
  return (
    <tr data-testid={`found-${g.id}`}>
      <td>
        {/* the name the gateway reports (its host name): data, not a word of the console */}
        <div translate="no">{g.name || g.id}</div>
        <div className="mono muted small">{g.id}</div>
      </td>
      <td className="mono">
        {g.address}:{g.port}
      </td>
      <td className="col-opt small">
        {g.service && <div className="mono">{g.service}</div>}
        {g.mqtt && <div className="mono muted">{g.mqtt}</div>}
      </td>
      <td className="small">
        <div>
          {t('discovery.mqttConn')} {yesNo(g.mqttConn)}
        </div>
        <div>
          {t('discovery.serviceConn')} {yesNo(g.serviceConn)}
        </div>
      </td>
      <td data-testid={`found-${g.id}-here`} data-registered={registered}>
        {registered ? (
          <>
            <span className="badge badge-ok">{t('discovery.registered')}</span>{' '}
            <Link to={`/gateways/${encodeURIComponent(g.id)}`}>{t('discovery.open')}</Link>
          </>
        ) : (
          <RequireRole role="technician">
            <button
              type="button"
              className="btn btn-primary btn-small"
              data-testid={`found-${g.id}-add`}
              disabled={busy}
              onClick={() => void add()}
            >
              {busy ? t('discovery.adding') : t('discovery.add')}
            </button>
          </RequireRole>
        )}
        {error ? <ErrorBox error={error} /> : null}
      </td>
    </tr>
  );
}
