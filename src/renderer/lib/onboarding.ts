// What a gateway must be told to reach this site: the host, the ports, a sample Thing+ configuration.
import type { SiteEndpoints } from '../../shared/api.js';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?)$/i;

/**
 * The address gateways should use: the one the console was opened with when it is not loopback (a LAN
 * browser reached the site there), else the site PC's first LAN address, else the console's own host.
 */
export function gatewayHost(endpoints: Pick<SiteEndpoints, 'lanAddresses'>, consoleHost: string): string {
  if (consoleHost && !LOOPBACK.test(consoleHost)) return consoleHost;
  return endpoints.lanAddresses[0] ?? consoleHost ?? '127.0.0.1';
}

/** Every address worth offering: the chosen one first, then the other LAN addresses. */
export function hostChoices(endpoints: Pick<SiteEndpoints, 'lanAddresses'>, consoleHost: string): string[] {
  return [...new Set([gatewayHost(endpoints, consoleHost), ...endpoints.lanAddresses])];
}

export const APIKEY_PLACEHOLDER = '<APIKEY>';

/**
 * A Thing+ Node gateway configuration (its `Server` and `Gateway` sections) pointing at this site. The
 * REST part uses the gateway-facing port; without one (turned off) it points at the console port.
 */
export function sampleGatewayConfig(
  host: string,
  endpoints: Pick<SiteEndpoints, 'mqttPort' | 'gatewayHttpPort' | 'httpPort'>,
  gatewayId: string,
  apiKey: string | null,
): string {
  const config = {
    Gateway: { id: gatewayId },
    Server: {
      APIKEY: apiKey ?? APIKEY_PLACEHOLDER,
      mqtt: { host, port: endpoints.mqttPort ?? 1883, protocol: 'mqtt' },
      service: { host, port: endpoints.gatewayHttpPort ?? endpoints.httpPort ?? 8081, protocol: 'http' },
    },
  };
  return JSON.stringify(config, null, 2);
}

export type OnboardingStep = 'register' | 'configure' | 'connected' | 'sensors';

/** Where a first run stands for the gateway being set up. */
export function onboardingStep(
  gateway: { connection: { state: string }; sensors: readonly string[] } | null,
): OnboardingStep {
  if (!gateway) return 'register';
  if (gateway.sensors.length > 0) return 'sensors';
  return gateway.connection.state === 'connected' ? 'connected' : 'configure';
}
