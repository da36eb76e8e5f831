import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PendingGateway, SiteEndpoints } from '../../../shared/api';
import { api } from '../../net/client';
import { useApi } from '../../hooks/useApi';
import { useLiveEvents } from '../../hooks/useLive';
import { formatDuration } from '../../lib/format';
import { DEFAULT_MODEL_ID } from '../../lib/models';
import { gatewayHost, sharedServerConfig } from '../../lib/onboarding';
import { CopyText } from './CopyText';
import { ErrorBox } from '../State';
import { RequireRole } from '../auth/RequireRole';
import { refusalHost } from './ConnectRefusal';

export interface Added {
  id: string;
  key: string;
}

/**
 * Gateways already pointed at this site that tried to connect before they were registered: added with
 * one click each, no id typed. A Thing+ Gateway without TLS knocks without a key; adding it allows that
 * from the address it knocked from only (the technician sees the address before adding it). A gateway
 * that offered credentials gets its key issued and shown, as a typed registration does.
 */
export function KnockingGateways({
  endpoints,
  onAdded,
}: {
  endpoints: SiteEndpoints;
  onAdded: (a: Added) => void;
}) {
  const { t } = useTranslation();
  // a viewer may not list them (403): then there is nothing to offer
  const pending = useApi((s) => api.pendingGateways(s).catch(() => []), []);
  const reload = pending.reload;
  useLiveEvents((ev) => {
    if (ev.type === 'pending') reload();
  });
  const list = pending.data ?? [];
  return (
    <RequireRole role="technician">
      {list.length > 0 && (
        <section className="knocking" data-testid="knocking">
          <h3 className="setup-h">{t('floor.knocking.title', { count: list.length })}</h3>
          <p className="muted small">{t('floor.knocking.hint')}</p>
          <ul className="knocking-list">
            {list.map((p) => (
              <KnockingRow key={p.id} gateway={p} onAdded={onAdded} />
            ))}
          </ul>
        </section>
      )}
      <PointAll endpoints={endpoints} />
    </RequireRole>
  );
}

/** The one `Server` section for every gateway: set them all up first, then add each as it knocks. */
function PointAll({ endpoints }: { endpoints: SiteEndpoints }) {
  const { t } = useTranslation();
  const host = gatewayHost(endpoints, window.location.hostname);
  return (
    <details className="point-all" data-testid="point-all">
      <summary>{t('floor.knocking.pointAll')}</summary>
      <p className="muted small">{t('floor.knocking.pointAllHint')}</p>
      <CopyText block testId="point-all-config" text={sharedServerConfig(host, endpoints)} />
    </details>
  );
}

function KnockingRow({ gateway: p, onAdded }: { gateway: PendingGateway; onAdded: (a: Added) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const host = refusalHost(p.address);
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.registerGatewayKey({
        id: p.id,
        modelId: DEFAULT_MODEL_ID,
        authType: 'apikey',
        ...(name.trim() ? { name: name.trim() } : {}),
        // it knocked without a key (a Thing+ Gateway without TLS): let it in from there, nowhere else
        ...(p.withCredentials ? {} : { legacyPlainTcp: true, legacyAddress: host }),
      });
      onAdded({ id: p.id, key: res[p.id] ?? Object.values(res)[0] ?? '' });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <li data-testid={`knocking-${p.id}`}>
      <form
        className="form form-inline"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <span className="knocking-who">
          <span className="mono">{p.id}</span>
          <span className="muted small">
            {t(p.withCredentials ? 'floor.knocking.fromWithKey' : 'floor.knocking.fromNoKey', {
              host,
              ago: formatDuration(Date.now() - p.lastSeen),
            })}
          </span>
        </span>
        <label>
          {t('register.name')}
          <input
            data-testid={`knocking-name-${p.id}`}
            value={name}
            placeholder={t('floor.knocking.namePlaceholder')}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button
          type="submit"
          className="btn btn-primary"
          data-testid={`knocking-add-${p.id}`}
          disabled={busy}
        >
          {busy ? t('common.saving') : t('floor.knocking.add')}
        </button>
      </form>
      {error ? <ErrorBox error={error} /> : null}
    </li>
  );
}
