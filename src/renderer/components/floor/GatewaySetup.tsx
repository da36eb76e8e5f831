import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteEndpoints } from '../../../shared/api';
import { Card, Fields } from '../Card';
import {
  gatewayHost,
  hostChoices,
  recommendedMode,
  sampleGatewayConfig,
  tlsBlocker,
  type ConnectMode,
} from '../../lib/onboarding';
import { CopyText } from './CopyText';
import { GatewayTls } from './GatewayTls';

type Row = [ReactNode, ReactNode];

/**
 * Where a gateway connects (host, ports, credentials) and, for a known gateway id, the one Thing+ gateway
 * configuration to use: over TLS where the site serves what the gateway calls (MQTTS, HTTPS on 443), with
 * its key filled in; else plain. The other way stays one click away.
 */
export function GatewaySetup({
  endpoints,
  gatewayId,
  apiKey,
  keyShownAbove = false,
}: {
  endpoints: SiteEndpoints;
  gatewayId?: string;
  apiKey?: string | null;
  /** the page shows the new key itself (with its "only once" warning): name it here, not again */
  keyShownAbove?: boolean;
}) {
  const { t } = useTranslation();
  const consoleHost = window.location.hostname;
  const host = gatewayHost(endpoints, consoleHost);
  const others = hostChoices(endpoints, consoleHost).slice(1);
  return (
    <div className="gateway-setup" data-testid="gateway-setup">
      <Fields
        testId="gateway-endpoints"
        rows={[
          [
            t('floor.onboarding.host'),
            <>
              <span className="mono" data-testid="setup-host">
                {host}
              </span>
              {others.length > 0 && (
                <div className="muted small">
                  {t('floor.onboarding.otherHosts', { list: others.join(', ') })}
                </div>
              )}
            </>,
          ],
          ...portRows(endpoints, t),
          ...(gatewayId
            ? ([
                [t('floor.onboarding.username'), <span className="mono">{gatewayId}</span>],
                [
                  t('floor.onboarding.password'),
                  apiKey && !keyShownAbove ? (
                    <CopyText text={apiKey} testId="setup-apikey" />
                  ) : (
                    t(keyShownAbove ? 'floor.onboarding.theKeyAbove' : 'floor.onboarding.theKey')
                  ),
                ],
              ] as Row[])
            : []),
        ]}
      />
      {gatewayId ? (
        <GatewayConfig
          endpoints={endpoints}
          host={host}
          gatewayId={gatewayId}
          apiKey={apiKey ?? null}
          keyShownAbove={keyShownAbove}
        />
      ) : (
        <GatewayTls />
      )}
    </div>
  );
}

function portRows(endpoints: SiteEndpoints, t: (key: string, o?: Record<string, unknown>) => string): Row[] {
  return [
    [
      t('floor.onboarding.mqttPort'),
      <span className="mono" data-testid="setup-mqtt-port">
        {endpoints.mqttPort ?? '—'}
      </span>,
    ],
    ...(endpoints.mqttsPort !== null
      ? ([[t('floor.onboarding.mqttsPort'), <span className="mono">{endpoints.mqttsPort}</span>]] as Row[])
      : []),
    [
      t('floor.onboarding.restPort'),
      endpoints.gatewayHttpPort !== null ? (
        <span className="mono" data-testid="setup-rest-port">
          {endpoints.gatewayHttpPort}
        </span>
      ) : (
        t('floor.onboarding.restOff', { port: endpoints.httpPort ?? '—' })
      ),
    ],
    ...(endpoints.gatewayHttpsPort !== null
      ? ([
          [
            t('floor.onboarding.httpsPort'),
            <span className="mono" data-testid="setup-https-port">
              {endpoints.gatewayHttpsPort}
            </span>,
          ],
        ] as Row[])
      : []),
  ];
}

/** The Thing+ Node gateway's configuration for this site, over TLS or plain, with what goes with it. */
function GatewayConfig({
  endpoints,
  host,
  gatewayId,
  apiKey,
  keyShownAbove,
}: {
  endpoints: SiteEndpoints;
  host: string;
  gatewayId: string;
  apiKey: string | null;
  keyShownAbove: boolean;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<ConnectMode>(() => recommendedMode(endpoints));
  const blocker = tlsBlocker(endpoints);
  return (
    <div className="gateway-config" data-testid="gateway-config" data-mode={mode}>
      <h3 className="setup-h">{t('floor.onboarding.config')}</h3>
      <div className="segmented" role="radiogroup" aria-label={t('floor.onboarding.config')}>
        {(['tls', 'plain'] as const).map((m) => (
          <label key={m} className={mode === m ? 'active' : undefined}>
            <input
              type="radio"
              name={`connect-mode-${gatewayId}`}
              value={m}
              data-testid={`setup-mode-${m}`}
              checked={mode === m}
              onChange={() => setMode(m)}
            />
            {t(`floor.onboarding.mode.${m}`)}
            {m === 'tls' && blocker === null && (
              <span className="muted"> ({t('floor.onboarding.mode.recommended')})</span>
            )}
          </label>
        ))}
      </div>
      {mode === 'tls' && blocker !== null && (
        <p className="warn-text" data-testid="setup-tls-blocked">
          ⚠{' '}
          {t(`floor.onboarding.tlsBlocked.${blocker}`, {
            port: endpoints.gatewayHttpsPort ?? '—',
          })}
        </p>
      )}
      {mode === 'tls' && <GatewayTls snippet={false} />}
      <p className="muted small">{t(`floor.onboarding.configHint.${mode}`)}</p>
      <CopyText
        block
        testId="setup-config"
        text={sampleGatewayConfig(host, endpoints, gatewayId, apiKey, mode)}
      />
      {mode === 'plain' && <p className="muted small">{t('floor.onboarding.plainNote')}</p>}
      {!keyShownAbove && (
        <p className={apiKey ? 'warn-text' : 'muted small'}>
          {apiKey ? `⚠ ${t('floor.onboarding.keyOnce')}` : t('floor.onboarding.keyHidden')}
        </p>
      )}
    </div>
  );
}

/** The register page's panel: host and ports, before any gateway id is known. */
export function WhereGatewaysConnect({ endpoints }: { endpoints: SiteEndpoints }) {
  const { t } = useTranslation();
  return (
    <Card title={t('floor.onboarding.whereTitle')} testId="register-endpoints">
      <GatewaySetup endpoints={endpoints} />
    </Card>
  );
}
