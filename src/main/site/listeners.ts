import { buildApiServer, buildGatewayServer, listen, type ApiContext } from '../api/index.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBroker, type Broker } from '../broker/index.js';
import type { FailureLimit } from '../broker/failure-limit.js';
import type { Timeline } from '../timeline/index.js';
import type { Presence } from '../presence/presence.js';
import type { TlsCredentials } from '../broker/index.js';
import {
  GATEWAY_HTTPS_FALLBACK_PORT,
  GATEWAY_HTTPS_PORT,
  type GatewayHttpsProblem,
} from '../../shared/api.js';
import { isLoopbackHost, type SiteTls } from './site-tls.js';
import type { GatewayLink, Ingest } from '../broker/index.js';
import type { SiteConfig } from '../config/config.js';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { Registry } from '../registry/index.js';
import type { Replication } from '../replication/index.js';

export interface BrokerParts {
  registry: Registry;
  ingest: Ingest;
  link: GatewayLink;
  metrics: Metrics;
  logger: Logger;
  tls: SiteTls;
  gatewayLimit: FailureLimit;
  timeline: Timeline;
  presence: Presence;
  replication: Replication | null;
}

/** The MQTT broker, with TLS on its own port (the site certificate) unless turned off. */
export async function startSiteBroker(config: SiteConfig, parts: BrokerParts): Promise<Broker> {
  const tls =
    config.mqtt.tlsPort === null ? undefined : { port: config.mqtt.tlsPort, ...(await parts.tls.get()) };
  return startBroker({
    ...parts,
    limit: parts.gatewayLimit,
    onRefused: (gatewayId, refusal) => {
      const { kind, message, address, secure } = refusal;
      parts.presence.refused(gatewayId, { kind, address, secure });
      // the pinned allowance used from elsewhere may be someone else's device: the timeline keeps it
      if (kind === 'auth.legacyAddress' || kind === 'auth.legacyTakeover')
        parts.timeline.add({
          type: 'gateway',
          node: [{ type: 'gateway', id: gatewayId }],
          severity: 'warning',
          message,
        });
    },
    admission: parts.replication ? () => parts.replication?.gatewayRefusal() ?? null : undefined,
    options: { ...config.mqtt, tls },
  });
}

export interface HttpPorts {
  http: number;
  /** the console over TLS (a LAN http.host) */
  httpTls: boolean;
  /** plain HTTP that only redirects to the HTTPS console */
  httpRedirect: number | null;
  gatewayHttp: number | null;
  gatewayHttps: number | null;
  /** why the gateway HTTPS is not on 443, where the Thing+ gateway calls it */
  gatewayHttpsProblem: GatewayHttpsProblem | null;
}

/**
 * The console/API server (over TLS on a LAN address, with a plain listener that only redirects), the
 * gateway-facing REST and its HTTPS twin; each server is added to `servers` as soon as it exists, so a
 * failure of a later one still closes the earlier ones.
 */
export async function startHttp(
  config: SiteConfig,
  ctx: ApiContext,
  servers: Array<{ close(): Promise<unknown> }>,
): Promise<HttpPorts> {
  const httpTls = !isLoopbackHost(config.http.host);
  const creds = httpTls || config.gatewayHttps.port !== null ? await ctx.tls.get() : null;
  const api = await buildApiServer(ctx, httpTls && creds ? creds : undefined);
  servers.push(api);
  const http = await listen(api, config.http.host, config.http.port);
  let httpRedirect: number | null = null;
  if (httpTls && config.http.redirectPort !== null && creds) {
    const redirect = redirectServer(http, creds.names);
    servers.push({ close: () => new Promise((resolve) => redirect.close(resolve)) });
    httpRedirect = await listenPlain(redirect, config.http.host, config.http.redirectPort);
  }
  let gatewayHttp: number | null = null;
  if (config.gatewayHttp.port !== null) {
    const gatewayApi = await buildGatewayServer(ctx);
    servers.push(gatewayApi);
    gatewayHttp = await listen(gatewayApi, config.gatewayHttp.host, config.gatewayHttp.port);
  }
  const { host: httpsHost, port: httpsPort } = config.gatewayHttps;
  const gatewayHttps =
    httpsPort !== null && creds
      ? await listenGatewayHttps(ctx, creds, { host: httpsHost, port: httpsPort }, servers)
      : { port: null, problem: null };
  return {
    http,
    httpTls,
    httpRedirect,
    gatewayHttp,
    gatewayHttps: gatewayHttps.port,
    gatewayHttpsProblem: gatewayHttps.problem,
  };
}

/**
 * The gateway REST over HTTPS. The unchanged Thing+ gateway with an APIKEY calls https://host on 443
 * (protocol §1), so 443 is asked for first; where the site may not open it (no admin rights, Linux
 * without CAP_NET_BIND_SERVICE) or something else holds it, the site serves 8443 instead and says why on
 * the console, where the technician sets a gateway up, rather than failing to start.
 */
async function listenGatewayHttps(
  ctx: ApiContext,
  creds: TlsCredentials,
  options: { host: string; port: number },
  servers: Array<{ close(): Promise<unknown> }>,
): Promise<{ port: number; problem: GatewayHttpsProblem | null }> {
  const first = await buildGatewayServer(ctx, creds);
  servers.push(first);
  try {
    return { port: await listen(first, options.host, options.port), problem: null };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (options.port !== GATEWAY_HTTPS_PORT || (code !== 'EACCES' && code !== 'EADDRINUSE')) throw err;
    servers.splice(servers.indexOf(first), 1);
    await first.close();
    const problem = code === 'EACCES' ? 'permission' : 'inUse';
    ctx.logger.warn(
      { port: GATEWAY_HTTPS_PORT, code, fallback: GATEWAY_HTTPS_FALLBACK_PORT },
      'the gateway HTTPS port 443 could not be opened: Thing+ gateways over TLS will not reach the site until 443 is forwarded',
    );
    const second = await buildGatewayServer(ctx, creds);
    servers.push(second);
    return { port: await listen(second, options.host, GATEWAY_HTTPS_FALLBACK_PORT), problem };
  }
}

/**
 * Plain HTTP on a LAN address answers nothing but a redirect to the HTTPS console, to a host the
 * certificate names (the Host header's when it is one, so a forged Host cannot redirect elsewhere).
 */
function redirectServer(httpsPort: number, names: readonly string[]): Server {
  const fallback = names.find((n) => n !== 'localhost' && !isLoopbackHost(n)) ?? names[0] ?? 'localhost';
  return createServer((req, res) => {
    const asked = /^\[?([^\]]+?)\]?(?::\d+)?$/.exec(req.headers.host ?? '')?.[1] ?? '';
    const host = names.includes(asked.toLowerCase()) ? asked : fallback;
    const authority = host.includes(':') ? `[${host}]` : host;
    const path = (req.url ?? '/').startsWith('/') ? (req.url ?? '/') : '/';
    res.writeHead(308, { location: `https://${authority}:${httpsPort}${path}`, 'content-length': '0' });
    res.end();
  });
}

function listenPlain(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export function consoleUrl(config: SiteConfig, port: number): string {
  const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
  const scheme = isLoopbackHost(config.http.host) ? 'http' : 'https';
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}/`;
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
