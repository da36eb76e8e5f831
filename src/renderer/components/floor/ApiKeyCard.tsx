import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GatewayView } from '../../../shared/model';
import { api } from '../../net/client';
import { Card } from '../Card';
import { ErrorBox } from '../State';
import { CopyText } from './CopyText';
import { useDialogs } from '../Dialog';
import { RequireRole } from '../auth/RequireRole';

/** Key rotation: a lost or leaked APIKEY is replaced (after a confirmation); the new one is shown once. */
export function ApiKeyCard({ gateway }: { gateway: GatewayView }) {
  const { t } = useTranslation();
  const dialogs = useDialogs();
  const [issued, setIssued] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = gateway.name || gateway.id;

  const rotate = async () => {
    if (!(await dialogs.confirm(t('floor.apikey.confirm', { name })))) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api.rotateApiKey(gateway.id);
      setIssued(res[gateway.id] ?? Object.values(res)[0] ?? '');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('floor.apikey.title')} testId="gateway-apikey">
      {issued ? (
        <div className="card-key-inner" role="alert">
          <h3 className="setup-h">{t('floor.apikey.issued', { name })}</h3>
          <CopyText text={issued} testId="gateway-new-apikey" />
          <p className="warn-text">⚠ {t('floor.apikey.once')}</p>
          <button type="button" className="btn btn-small" onClick={() => setIssued(null)}>
            {t('floor.apikey.dismiss')}
          </button>
        </div>
      ) : (
        <>
          <p className="muted">{t('floor.apikey.hint')}</p>
          <RequireRole role="technician">
            <button
              type="button"
              className="btn"
              data-testid="gateway-rotate-key"
              disabled={busy}
              onClick={() => void rotate()}
            >
              {t('floor.apikey.rotate')}
            </button>
          </RequireRole>
        </>
      )}
      {error ? <ErrorBox error={error} /> : null}
    </Card>
  );
}
