import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteEndpoints } from '../../../shared/api';
import { Card, Fields } from '../Card';
import { gatewayHost, hostChoices, sampleGatewayConfig } from '../../lib/onboarding';
import { CopyText } from './CopyText';
import { GatewayTls } from './GatewayTls';

type Row = [ReactNode, ReactNode];

/**
 * Where a gateway connects (host, MQTT and REST ports, credentials) and, for a known gateway id, a sample
 * Thing+ configuration with its key (or a placeholder when the key was shown before).
 */
export function GatewaySetup({
  endpoints,
  gatewayId,
  apiKey,
}: {
  endpoints: SiteEndpoints;
  gatewayId?: string;
  apiKey?: string | null;
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
          [
            t('floor.onboarding.mqttPort'),
            <span className="mono" data-testid="setup-mqtt-port">
              {endpoints.mqttPort ?? '—'}
            </span>,
          ],
          ...(endpoints.mqttsPort !== null
            ? ([
                [t('floor.onboarding.mqttsPort'), <span className="mono">{endpoints.mqttsPort}</span>],
              ] as Row[])
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
          ...(gatewayId
            ? ([
                [t('floor.onboarding.username'), <span className="mono">{gatewayId}</span>],
                [t('floor.onboarding.password'), t('floor.onboarding.theKey')],
              ] as Row[])
            : []),
        ]}
      />
      {gatewayId && (
        <>
          <h3 className="setup-h">{t('floor.onboarding.config')}</h3>
          <CopyText
            block
            testId="setup-config"
            text={sampleGatewayConfig(host, endpoints, gatewayId, apiKey ?? null)}
          />
          <p className={apiKey ? 'warn-text' : 'muted small'}>
            {apiKey ? `⚠ ${t('floor.onboarding.keyOnce')}` : t('floor.onboarding.keyHidden')}
          </p>
        </>
      )}
      <GatewayTls />
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
