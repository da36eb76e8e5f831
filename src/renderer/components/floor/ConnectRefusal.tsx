import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { GatewayView } from '../../../shared/model';
import { api } from '../../net/client';
import { formatTime } from '../../lib/format';
import { ErrorBox } from '../State';
import { RequireRole } from '../auth/RequireRole';

/** The client address without its port, and without the IPv4-mapped prefix: the host a person knows. */
export function refusalHost(address: string): string {
  const host = address.replace(/:\d*$/, '');
  return host.replace(/^::ffff:/i, '');
}

/**
 * Why the site refused a registered gateway that tried to connect, and the one fix that fits: shown where
 * someone waits for it (the first-run guide, the gateway page) instead of a spinner that never ends. A
 * Thing+ Node gateway without TLS sends no key; allowing it here is the technician's call, made with the
 * address in front of them, and the allowance is pinned to that address.
 */
export function ConnectRefusal({
  gateway,
  onChanged,
}: {
  gateway: GatewayView;
  onChanged?: (g: GatewayView) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const refused = gateway.connection.refused;
  if (!refused || gateway.connection.state === 'connected') return null;
  const name = gateway.name || gateway.id;
  const from = refusalHost(refused.address);
  const kind = refused.kind === 'auth.credentialsRequired' && refused.secure ? 'noKeyTls' : refused.kind;
  const allow = async () => {
    setBusy(true);
    setError(null);
    try {
      onChanged?.(await api.updateGateway(gateway.id, { legacyPlainTcp: true, legacyAddress: from }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="refusal" role="status" data-testid="connect-refusal" data-kind={refused.kind}>
      <p className="warn-text">
        ⚠{' '}
        {t(`floor.refused.${kind.replace('auth.', '')}`, {
          name,
          from,
          pinned: gateway.legacyAddress ?? '—',
        })}{' '}
        <span className="muted small">{formatTime(refused.at)}</span>
      </p>
      {kind === 'auth.credentialsRequired' && !gateway.legacyPlainTcp && (
        <RequireRole role="technician">
          <p className="muted small">{t('floor.refused.allowHint', { from })}</p>
          <div className="form-submit">
            <button
              type="button"
              className="btn btn-primary"
              data-testid="refusal-allow"
              disabled={busy}
              onClick={() => void allow()}
            >
              {t('floor.refused.allow', { from })}
            </button>
          </div>
        </RequireRole>
      )}
      {(kind === 'auth.badCredentials' || kind === 'auth.legacyAddress') && (
        <p className="small">
          <Link to={`/gateways/${encodeURIComponent(gateway.id)}`}>{t('floor.refused.openGateway')}</Link>
        </p>
      )}
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}
