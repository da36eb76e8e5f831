// What a gateway must be told to reach this site: the host, the ports, a sample Thing+ configuration.
import { GATEWAY_HTTPS_PORT, THINGPLUS_SETUP_PATH, type SiteEndpoints } from '../../shared/api.js';

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
 * How a Thing+ Node gateway reaches the site: over TLS (MQTTS, and REST over HTTPS on 443, proving itself
 * with its APIKEY) or over plain MQTT/HTTP, where it sends no key and needs the plain-TCP allowance.
 */
export type ConnectMode = 'tls' | 'plain';

/** Why the Thing+ gateway cannot use TLS with this site as it runs, or null when it can. */
export type TlsBlocker = 'mqttsOff' | 'httpsOff' | 'permission' | 'inUse' | 'notOn443';

type TlsEndpoints = Pick<SiteEndpoints, 'mqttsPort' | 'gatewayHttpsPort' | 'gatewayHttpsProblem'>;

export function tlsBlocker(endpoints: TlsEndpoints): TlsBlocker | null {
  if (endpoints.mqttsPort === null) return 'mqttsOff';
  if (endpoints.gatewayHttpsPort === null) return 'httpsOff';
  if (endpoints.gatewayHttpsProblem) return endpoints.gatewayHttpsProblem;
  // with an APIKEY the gateway ignores the configured REST port and calls https://host (protocol §1)
  return endpoints.gatewayHttpsPort === GATEWAY_HTTPS_PORT ? null : 'notOn443';
}

/** TLS first wherever the gateway can use it unchanged; else plain, which works once allowed. */
export function recommendedMode(endpoints: TlsEndpoints): ConnectMode {
  return tlsBlocker(endpoints) === null ? 'tls' : 'plain';
}

/**
 * A Thing+ Node gateway configuration (its `Gateway` and `Server` sections) pointing at this site.
 * Over TLS it carries the APIKEY, which the gateway sends as MQTT password and REST headers. Plain has
 * none: the Node gateway sends no key over plain TCP, and with one set it would call its REST at
 * https://host on 443 instead of the port given here. Without a gateway REST port (turned off) it points
 * at the console port.
 */
export function sampleGatewayConfig(
  host: string,
  endpoints: Pick<SiteEndpoints, 'mqttPort' | 'mqttsPort' | 'gatewayHttpPort' | 'httpPort'>,
  gatewayId: string,
  apiKey: string | null,
  mode: ConnectMode = 'plain',
): string {
  const server = serverSection(host, endpoints, apiKey, mode);
  return JSON.stringify({ Gateway: { id: gatewayId }, Server: server }, null, 2);
}

/**
 * The `Server` section alone, without a key: the same for every gateway, so a technician can point
 * several at the site before registering any; each then knocks and is added from the guide.
 */
export function sharedServerConfig(
  host: string,
  endpoints: Pick<SiteEndpoints, 'mqttPort' | 'mqttsPort' | 'gatewayHttpPort' | 'httpPort'>,
): string {
  return `"Server": ${JSON.stringify(serverSection(host, endpoints, null, 'plain'), null, 2)}`;
}

function serverSection(
  host: string,
  endpoints: Pick<SiteEndpoints, 'mqttPort' | 'mqttsPort' | 'gatewayHttpPort' | 'httpPort'>,
  apiKey: string | null,
  mode: ConnectMode,
): Record<string, unknown> {
  return mode === 'tls'
    ? {
        APIKEY: apiKey ?? APIKEY_PLACEHOLDER,
        mqtt: { host, port: endpoints.mqttsPort ?? 8883, protocol: 'mqtts' },
        service: { host, port: GATEWAY_HTTPS_PORT, protocol: 'https' },
      }
    : {
        mqtt: { host, port: endpoints.mqttPort ?? 1883, protocol: 'mqtt' },
        service: {
          host,
          port: endpoints.gatewayHttpPort ?? endpoints.httpPort ?? 8081,
          protocol: 'http',
        },
      };
}

/**
 * The command run on each Thing+ Gateway to point it at this site over plain TCP (the site's
 * /thingplus-setup.sh, piped to sh), with curl and, for gateways without it, wget; null when the site
 * serves no plain MQTT or gateway REST (then gateways are set up one by one over TLS).
 */
export function setupCommands(
  host: string,
  endpoints: Pick<SiteEndpoints, 'mqttPort' | 'gatewayHttpPort' | 'httpPort'>,
): { curl: string; wget: string } | null {
  const port = endpoints.gatewayHttpPort ?? endpoints.httpPort;
  if (endpoints.mqttPort === null || port === null) return null;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${THINGPLUS_SETUP_PATH}`;
  return { curl: `curl -fsS ${url} | sh`, wget: `wget -qO- ${url} | sh` };
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
