import { useTranslation } from 'react-i18next';
import { GATEWAY_HTTPS_PORT } from '../../../shared/api';
import { useApi } from '../../hooks/useApi';
import { api } from '../../net/client';
import { formatTime } from '../../lib/format';
import { Card, Fields } from '../Card';
import { CopyText } from './CopyText';

/**
 * The gateway's TLS setup: the site certificate to download (with its fingerprint, to compare on the
 * gateway) and the configuration lines to paste. Hidden for a user who may not read it (a viewer: 403).
 */
export function GatewayTls({ asCard = false, snippet = true }: { asCard?: boolean; snippet?: boolean }) {
  const { t } = useTranslation();
  const { data: tls } = useApi((s) => api.tls(s), []);
  if (!tls) return null;
  const body = (
    <div className="gateway-tls" data-testid="gateway-tls">
      {!asCard && snippet && <h3 className="setup-h">{t('trust.tlsTitle')}</h3>}
      <p className="muted small">
        {t(snippet ? 'trust.tlsIntro' : 'trust.saveCa', { caPath: tls.gatewayConfig.caPath })}
      </p>
      <p>
        <a className="btn" href={api.gatewayCaUrl()} download="ca-cert.pem" data-testid="tls-download">
          {t('trust.download')}
        </a>
      </p>
      <Fields
        testId="tls-fields"
        rows={[
          [
            t('trust.fingerprint'),
            <code className="mono fingerprint" data-testid="tls-fingerprint">
              {tls.fingerprint}
            </code>,
          ],
          [t('trust.names'), <span className="mono small">{tls.names.join(', ')}</span>],
          [t('trust.expires'), formatTime(Date.parse(tls.notAfter))],
        ]}
      />
      {snippet && (
        <>
          <CopyText block testId="tls-config" text={tls.gatewayConfig.snippet} />
          <p className="muted small">
            {tls.ports.gatewayHttps === null
              ? t('trust.httpsOff')
              : tls.ports.gatewayHttps === GATEWAY_HTTPS_PORT
                ? t('trust.on443')
                : t('trust.port443', { port: tls.ports.gatewayHttps })}
          </p>
        </>
      )}
    </div>
  );
  return asCard ? (
    <Card title={t('trust.tlsTitle')} testId="gateway-tls-card">
      {body}
    </Card>
  ) : (
    body
  );
}
