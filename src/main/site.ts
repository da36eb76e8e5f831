import { VERSION } from './version.js';
import { mkdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { findRendererDir, type ApiContext } from './api/index.js';
import type { SharedConfig, SiteConfig } from './config/config.js';
import type { Logger } from './logger/logger.js';
import { loopbackEndpoints } from './demo/index.js';
import { wireDiskAlerts } from './site/disk-alerts.js';
import { wireLiveFeed, wireRegistry, wireValues } from './site/events.js';
import { guard } from './site/guard.js';
import { StopSteps, consoleUrl, startHttp, startSiteBroker } from './site/listeners.js';
import { createFirstAdmin } from './site/first-admin.js';
import { wireControl } from './site/control.js';
import { wireReplication } from './site/replication.js';
import { buildServices } from './site/services.js';
import { SiteStatus } from './site/status.js';

export interface Site {
  readonly ports: {
    mqtt: number;
    mqtts: number | null;
    http: number;
    httpTls: boolean;
    httpRedirect: number | null;
    gatewayHttp: number | null;
    gatewayHttps: number | null;
  };
  readonly consoleUrl: string;
  /** the site certificate's SHA-256 when the console is served over TLS (the desktop window trusts it) */
  readonly tlsFingerprint: string | null;
  readonly node: string;
  /** a one-time sign-in token for the desktop window (POST /api/v1/login/desktop; 60 s, once) */
  desktopSignInToken(): string | null;
  stop(): Promise<void>;
}

const OVERVIEW_EVERY_MS = 1000;

/**
 * The composition root: builds the services (site/services.ts), wires their events (site/events.ts,
 * site/disk-alerts.ts), starts them and the listeners in dependency order, and stops them in reverse.
 */
export async function startSite(config: SiteConfig, logger: Logger): Promise<Site> {
  const startedAt = Date.now();
  if (config.heapGrowingPercent > 0)
    setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  mkdirSync(config.dataDir, { recursive: true });
  const s = buildServices(config, logger, startedAt);
  const { db, series, link, live, coordinator, disk, thinner, presence, reserve, node } = s;

  // ---- wiring ---------------------------------------------------------------------------------------
  const safely = guard(logger, s.metrics);
  const events = { ...s, logger, safely, broker: () => s.brokerRef.current };
  wireValues(events);
  wireLiveFeed(events);
  wireRegistry(events);
  const clusterState = wireReplication(events);
  const controlHooks = wireControl(
    { ...s, logger: logger.child({ service: 'control' }), broker: () => s.brokerRef.current },
    { on: () => status.ports?.httpTls ?? false, cert: async () => (await s.tls.get()).cert },
  );
  const thinning = wireDiskAlerts({ ...s, logger, safely });
  // The shared config applies live on every node; the local config is the fallback for each setting.
  let shared: SharedConfig = {};
  const applyShared = (next: SharedConfig): void => {
    shared = next;
    link.setRpcTimeout(shared.rpcTimeoutMs ?? config.rpcTimeoutMs);
    logger.info({ shared }, 'shared site config applied');
  };
  coordinator.on('config', applyShared);
  const status = new SiteStatus({
    ...s,
    startedAt,
    siteName: () => shared.siteName ?? config.siteName,
    thinnedBefore: thinning.thinnedBefore,
    replicationProblems: () => (s.replication ? (clusterState().replication?.problems ?? []) : null),
  });
  const ctx: ApiContext = {
    ...s,
    logger,
    health: status.health,
    overview: status.overview,
    clusterState,
    gatewayView: s.views.gateway,
    sensorView: s.views.sensor,
    rendererDir: findRendererDir(),
    allowedHosts: config.http.allowedHosts,
    controlHooks,
  };

  // ---- start, in dependency order; undo what started if a later step fails ---------------------------
  const servers: Array<{ close(): Promise<unknown> }> = [];
  const stopSteps = new StopSteps();
  stopSteps.push(() => status.close());
  try {
    // before the first write (the first admin): site.db's changes wait for the control log
    if (s.control) {
      const control = s.control;
      control.start();
      stopSteps.push(() => control.close());
    }
    await createFirstAdmin(s.auth, config, process.env, logger);
    presence.start();
    stopSteps.push(() => presence.stop());
    reserve.ensure();
    disk.start();
    // diskFullPolicy refuse: raw values are never deleted; ingest is refused at the reserve instead
    if (config.diskFullPolicy === 'thin') thinner.start();
    stopSteps.push(() => {
      thinner.stop();
      disk.stop();
    });
    // follows the role from the first election on (its listener runs before the duties' one)
    s.siteAddress?.start();
    stopSteps.push(() => s.siteAddress?.close());
    if (s.replication) {
      const replication = s.replication;
      replication.setRole(coordinator.isMaster() ? 'master' : 'standby');
      replication.start();
      stopSteps.push(() => replication.close());
    }
    await coordinator.init();
    stopSteps.push(() => coordinator.close());
    s.duties.start();
    s.backups.start();
    stopSteps.push(() => s.backups.stop());
    applyShared(coordinator.getConfig());
    // made (or made again, with a warning) before any listener needs it
    if (s.tls.needed) await s.tls.get();
    const broker = await startSiteBroker(config, { ...s, logger: logger.child({ service: 'broker' }) });
    s.brokerRef.current = broker;
    status.brokerUp = true;
    stopSteps.push(() => broker.close());
    const ports = await startHttp(config, ctx, servers);
    // the demo's gateways stop before the broker closes (and after the rules: no offline alarms)
    s.demo.attach(loopbackEndpoints(config, { mqtt: broker.port, ...ports }));
    stopSteps.push(() => s.demo.stop());
    status.ports = {
      mqttPort: broker.port,
      mqttsPort: broker.tlsPort,
      httpPort: ports.http,
      gatewayHttpPort: ports.gatewayHttp,
      gatewayHttpsPort: ports.gatewayHttps,
      gatewayHttpsProblem: ports.gatewayHttpsProblem,
      httpTls: ports.httpTls,
    };
    // the bound ports (a configured 0 is known only now) replace the configured ones on the cluster page
    coordinator.announcePorts({ http: ports.http, mqtt: broker.port });
    // announced once every listener is up, withdrawn first on the way down
    s.mdns.start({
      siteName: shared.siteName ?? config.siteName,
      node,
      version: VERSION,
      httpPort: ports.http,
      gatewayHttpPort: ports.gatewayHttp,
      mqttPort: broker.port,
    });
    stopSteps.push(() => s.mdns.stop());
    status.up = true;
    if (config.demo) s.demo.start().catch((err: unknown) => logger.error({ err }, 'the demo did not start'));
    const overviewTimer = setInterval(() => {
      if (live.clients > 0) live.broadcast({ type: 'overview', overview: status.overview() });
    }, OVERVIEW_EVERY_MS);
    overviewTimer.unref();
    logger.info({ mqtt: broker.port, ...ports, dataDir: config.dataDir, node }, 'site up');

    let stopping: Promise<void> | null = null;
    return {
      ports: { mqtt: broker.port, mqtts: broker.tlsPort, ...ports },
      consoleUrl: consoleUrl(config, ports.http),
      tlsFingerprint: ports.httpTls ? (await s.tls.get()).fingerprint : null,
      node,
      desktopSignInToken: () => (s.auth.setupRequired() ? null : s.auth.issueOneTime()),
      stop: () => {
        stopping ??= (async () => {
          // gateways must find the next master, not this node on its way down: released first
          s.siteAddress?.close();
          status.up = false;
          clearInterval(overviewTimer);
          live.close();
          // No new requests or values, then settle what was accepted, then close storage.
          await Promise.allSettled(servers.map((server) => server.close()));
          await s.duties.close();
          await stopSteps.run(false);
          link.close();
          await series.close();
          db.close();
          logger.info('site stopped');
        })();
        return stopping;
      },
    };
  } catch (err) {
    await Promise.allSettled(servers.map((server) => server.close()));
    await stopSteps.run(true);
    link.close();
    await series.close().catch(() => undefined);
    db.close();
    throw err;
  }
}
