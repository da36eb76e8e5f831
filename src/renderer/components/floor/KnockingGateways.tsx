import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PendingGateway, SiteEndpoints } from '../../../shared/api';
import type { GatewayView } from '../../../shared/model';
import { api } from '../../net/client';
import { useApi } from '../../hooks/useApi';
import { useLiveEvents } from '../../hooks/useLive';
import { formatDuration } from '../../lib/format';
import { DEFAULT_MODEL_ID } from '../../lib/models';
import { gatewayHost, setupCommands, sharedServerConfig } from '../../lib/onboarding';
import { CopyText } from './CopyText';
import { ErrorBox } from '../State';
import { RequireRole } from '../auth/RequireRole';
import { ConnectRefusal, refusalHost } from './ConnectRefusal';

export interface Added {
  id: string;
  key: string;
}

/**
 * Gateways already pointed at this site that tried to connect before they were registered: added with
 * one click each, no id typed. A Thing+ Gateway without TLS knocks without a key; adding it allows that
 * from the address it knocked from only (the technician sees the address before adding it), and it stays
 * in this list, followed live, so several are added in a row. One that offered credentials needs its
 * key: the guide follows it through its configuration (`onKeyed`), as a typed registration.
 */
export function KnockingGateways({
  endpoints,
  onKeyed,
  onDone,
  onAddedChange,
}: {
  endpoints: SiteEndpoints;
  onKeyed: (a: Added) => void;
  onDone?: () => void;
  /** how many were added here (the guide then drops the one-gateway steps) */
  onAddedChange?: (count: number) => void;
}) {
  const { t } = useTranslation();
  // a viewer may not list them (403): then there is nothing to offer
  const pending = useApi((s) => api.pendingGateways(s).catch(() => []), []);
  const reload = pending.reload;
  const [added, setAdded] = useState<Array<{ id: string; view: GatewayView | null }>>([]);
  useLiveEvents((ev) => {
    if (ev.type === 'pending') reload();
    else if (ev.type === 'gateway')
      setAdded((l) => l.map((a) => (a.id === ev.gateway.id ? { ...a, view: ev.gateway } : a)));
  });
  const onAdded = (a: Added, withKey: boolean) => {
    if (withKey) return onKeyed(a);
    setAdded((l) => [...l, { id: a.id, view: null }]);
    onAddedChange?.(added.length + 1);
    void api.gateway(a.id).then(
      (view) => setAdded((l) => l.map((x) => (x.id === a.id && !x.view ? { ...x, view } : x))),
      () => undefined,
    );
    reload();
  };
  const addedIds = new Set(added.map((a) => a.id));
  // in the order they first knocked: rows do not jump while the technician names them
  const list = (pending.data ?? [])
    .filter((p) => !addedIds.has(p.id))
    .sort((a, b) => a.firstSeen - b.firstSeen);
  return (
    <RequireRole role="technician">
      {(list.length > 0 || added.length > 0) && (
        <section className="knocking" data-testid="knocking">
          {list.length > 0 && (
            <>
              <h3 className="setup-h">{t('floor.knocking.title', { count: list.length })}</h3>
              <p className="muted small">{t('floor.knocking.hint')}</p>
            </>
          )}
          <ul className="knocking-list">
            {added.map((a) => (
              <AddedRow key={a.id} id={a.id} view={a.view} />
            ))}
            {list.map((p) => (
              <KnockingRow key={p.id} gateway={p} onAdded={(a) => onAdded(a, p.withCredentials)} />
            ))}
          </ul>
          {added.length > 0 && onDone && (
            <div className="form-submit knocking-done">
              <button type="button" className="btn btn-primary" data-testid="knocking-done" onClick={onDone}>
                {t('floor.onboarding.done')}
              </button>
            </div>
          )}
        </section>
      )}
      <PointAll endpoints={endpoints} open={added.length === 0 && list.length === 0} />
    </RequireRole>
  );
}

/** A gateway added from the list, followed live: connecting, then connected with its sensors. */
export function AddedRow({
  id,
  view,
  extra,
}: {
  id: string;
  view: GatewayView | null;
  /** more about how it was added (the host key of a gateway set up over SSH) */
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const name = view?.name || id;
  const connected = view?.connection.state === 'connected';
  const sensors = view?.sensors.length ?? 0;
  return (
    <li data-testid={`added-${id}`} data-state={connected ? 'connected' : 'waiting'}>
      <Link to={`/gateways/${encodeURIComponent(id)}`} title={id}>
        <strong>{name}</strong>
      </Link>{' '}
      {connected ? (
        <span className="text-ok">
          ✓ {t('floor.knocking.connected')}
          {sensors > 0 && ` · ${t('floor.onboarding.sensorsFound', { count: sensors })}`}
        </span>
      ) : (
        <span className="waiting">
          <span className="spinner" aria-hidden="true" /> {t('floor.knocking.waiting')}
        </span>
      )}
      {view && <ConnectRefusal gateway={view} />}
      {extra}
    </li>
  );
}

/**
 * Every gateway pointed at the site the same way, before any is registered: one command run on each
 * (it edits the gateway's config and restarts it), or the one `Server` section pasted by hand; each then
 * knocks and is added here.
 */
function PointAll({ endpoints, open }: { endpoints: SiteEndpoints; open: boolean }) {
  const { t } = useTranslation();
  const host = gatewayHost(endpoints, window.location.hostname);
  const commands = setupCommands(host, endpoints);
  const config = (
    <CopyText
      block
      primary={!commands}
      testId="point-all-config"
      text={sharedServerConfig(host, endpoints)}
    />
  );
  return (
    <details className="point-all" data-testid="point-all" open={open}>
      <summary>{t('floor.knocking.pointAll')}</summary>
      {commands ? (
        <>
          <p className="muted small">{t('floor.knocking.commandHint')}</p>
          <CopyText block primary testId="point-all-command" text={commands.curl} />
          <p className="muted small">
            {t('floor.knocking.noCurl')} <code data-testid="point-all-wget">{commands.wget}</code>
          </p>
          <p className="small">
            <Link to="/gateways/find" data-testid="point-all-ssh">
              {t('floor.knocking.viaSsh')} →
            </Link>
          </p>
          <details className="point-all-by-hand" data-testid="point-all-by-hand">
            <summary>{t('floor.knocking.byHand')}</summary>
            <p className="muted small">{t('floor.knocking.pointAllHint')}</p>
            {config}
          </details>
          <p className="muted small">{t('floor.knocking.plainNote')}</p>
        </>
      ) : (
        <>
          <p className="muted small">
            {t('floor.knocking.pointAllHint')} {t('floor.knocking.plainNote')}
          </p>
          {config}
        </>
      )}
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
              ago:
                Date.now() - p.lastSeen < 5_000
                  ? t('floor.knocking.justNow')
                  : t('common.ago', { d: formatDuration(Date.now() - p.lastSeen) }),
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
