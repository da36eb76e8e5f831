import type { FastifyInstance } from 'fastify';
import { buildApiServer, buildGatewayServer, listen, type ApiContext } from '../api/index.js';
import { loadTlsCredentials, startBroker, type Broker } from '../broker/index.js';
import type { GatewayLink, Ingest } from '../broker/index.js';
import type { SiteConfig } from '../config/config.js';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { Registry } from '../registry/index.js';

export interface BrokerParts {
  registry: Registry;
  ingest: Ingest;
  link: GatewayLink;
  metrics: Metrics;
  logger: Logger;
}

/** The MQTT broker, with TLS on its own port unless turned off (certificate made once if none given). */
export async function startSiteBroker(config: SiteConfig, parts: BrokerParts): Promise<Broker> {
  const tls =
    config.mqtt.tlsPort === null
      ? undefined
      : {
          port: config.mqtt.tlsPort,
          ...(await loadTlsCredentials(config.dataDir, config.mqtt.tlsCertFile, config.mqtt.tlsKeyFile)),
        };
  if (tls)
    parts.logger.info({ fingerprint: tls.fingerprint, generated: tls.generated }, 'MQTT TLS certificate');
  return startBroker({ ...parts, options: { ...config.mqtt, tls } });
}

/**
 * The console/API server and the gateway-facing REST; each server is added to `servers` as soon as it
 * exists, so a failure of the second still closes the first.
 */
export async function startHttp(
  config: SiteConfig,
  ctx: ApiContext,
  servers: FastifyInstance[],
): Promise<{ http: number; gatewayHttp: number | null }> {
  const api = await buildApiServer(ctx);
  servers.push(api);
  const http = await listen(api, config.http.host, config.http.port);
  let gatewayHttp: number | null = null;
  if (config.gatewayHttp.port !== null) {
    const gatewayApi = await buildGatewayServer(ctx);
    servers.push(gatewayApi);
    gatewayHttp = await listen(gatewayApi, config.gatewayHttp.host, config.gatewayHttp.port);
  }
  return { http, gatewayHttp };
}

export function consoleUrl(config: SiteConfig, port: number): string {
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}

/** Stop steps, run in reverse order of start (after a failed start, past any that fail too). */
export class StopSteps {
  private readonly steps: Array<() => Promise<void> | void> = [];

  push(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  async run(ignoreErrors: boolean): Promise<void> {
    for (const step of this.steps.reverse()) {
      if (ignoreErrors) await Promise.resolve(step()).catch(() => undefined);
      else await step();
    }
  }
}
