import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PairingCodeResponse } from '../../../shared/discovery';
import { discoveryApi } from '../../net/discovery';
import { useNow } from '../../hooks/useNow';
import { formatTime } from '../../lib/format';
import { Card } from '../Card';
import { ErrorBox } from '../State';
import { RequireRole } from '../auth/RequireRole';

/** A pairing code (and its QR) for a gateway that can take one; valid 10 minutes, once. */
export function PairingCard() {
  const { t } = useTranslation();
  const [made, setMade] = useState<PairingCodeResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const now = useNow(1000);
  const expired = made !== null && made.expiresAt <= now;

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      setMade(await discoveryApi.pairingCode());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('discovery.pair.title')} testId="pairing">
      <p className="muted">{t('discovery.pair.intro')}</p>
      {made && (
        <div className={`pairing-code${expired ? ' expired' : ''}`}>
          <img src={made.qr} alt={made.qrText} width={148} height={148} data-testid="pairing-qr" />
          <div>
            <div className="pairing-digits mono" data-testid="pairing-code">
              {made.code}
            </div>
            <p className={expired ? 'warn-text' : 'muted small'} data-testid="pairing-valid">
              {expired
                ? t('discovery.pair.expired')
                : t('discovery.pair.valid', { time: formatTime(made.expiresAt) })}
            </p>
            <p className="muted small">{t('discovery.pair.how')}</p>
          </div>
        </div>
      )}
      <RequireRole role="technician">
        <button
          type="button"
          className="btn"
          data-testid="pairing-create"
          disabled={busy}
          onClick={() => void create()}
        >
          {busy ? t('discovery.pair.creating') : t('discovery.pair.create')}
        </button>
      </RequireRole>
      {error ? <ErrorBox error={error} /> : null}
    </Card>
  );
}
