import _ from 'lodash';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { HealthResponse, ProcessOverview, SiteOverview } from '../shared/api.js';
import type { GatewayView, SensorView } from '../shared/model.js';
import {
  LiveHub,
  buildApiServer,
  buildGatewayServer,
  findRendererDir,
  listen,
  type ApiContext,
} from './api/index.js';
import { GatewayLink, Ingest, loadTlsCredentials, startBroker, type Broker } from './broker/index.js';
import { createCoordinator, MasterDutyRunner } from './cluster/index.js';
import type { Coordinator } from './cluster/types.js';
import { nodeName, validateSharedConfig, type SharedConfig, type SiteConfig } from './config/config.js';
import type { Logger } from './log/logger.js';
import { Metrics } from './metrics/index.js';
import { Presence } from './presence/presence.js';
import { Registry, loadCatalogue } from './registry/index.js';
import { ThresholdRules } from './rules/index.js';
import { createSeriesStore, type DurableSeriesStore } from './series/index.js';
import {
  AlarmReserve,
  DiskMonitor,
  DiskThinner,
  openSiteDatabase,
  type DiskState,
  type SqliteDatabase,
} from './storage/index.js';
import { Timeline } from './timeline/index.js';
import { VERSION } from './version.js';

export interface Site {
  readonly ports: { mqtt: number; mqtts: number | null; http: number; gatewayHttp: number | null };
  readonly consoleUrl: string;
  readonly node: string;
  stop(): Promise<void>;
}

const OVERVIEW_EVERY_MS = 1000;
const LOOP_DELAY_RESOLUTION_MS = 10;

/**
 * The composition root: opens storage, builds every service, wires their events, starts the listeners.
 * Services know each other only through the interfaces passed here.
 */
export async function startSite(config: SiteConfig, logger: Logger): Promise<Site> {
  const startedAt = Date.now();
  if (config.heapGrowingPercent > 0)
    setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  loopDelay.enable();
  mkdirSync(config.dataDir, { recursive: true });
  const log = (service: string): Logger => logger.child({ service });

  // ---- storage and domain services ------------------------------------------------------------------
  const db: SqliteDatabase = openSiteDatabase(config.dataDir);
  // space only site.db can use, so alarms are written on a full disk (storage/reserve.ts)
  const reserve = new AlarmReserve(db, join(config.dataDir, 'site.db'), config.diskReserveBytes);
  const series: DurableSeriesStore = createSeriesStore({
    file: join(config.dataDir, 'series.db'),
    logger: log('series'),
    compactWindowMs: config.compactionWindowSeconds * 1000,
  });
  const catalogue = loadCatalogue();
  const registry = new Registry(db, catalogue);
  const presence = new Presence(db);
  const timeline = new Timeline(db);
  const metrics = new Metrics();
  const rules = new ThresholdRules(db, timeline, (gw, sid) => registry.findSensor(gw, sid) !== undefined);
  const live = new LiveHub();

  let broker: Broker | null = null;
  const link = new GatewayLink(
    registry,
    presence,
    timeline,
    metrics,
    log('gateway-link'),
    (gatewayId, topic, payload) => {
      if (!broker) throw new Error('broker not started');
      broker.send(gatewayId, topic, payload);
    },
    { rpcTimeoutMs: config.rpcTimeoutMs, maxInflatedBytes: config.mqtt.maxInflatedBytes },
  );
  const ingest = new Ingest(registry, series, metrics, log('ingest'), {
    maxInflatedBytes: config.mqtt.maxInflatedBytes,
  });
  const noSpace = (message: string | null): boolean =>
    message !== null && /SQLITE_FULL|ENOSPC|disk is full/i.test(message);
  // ingest refused for lack of space counts as full whatever statfs says (quotas, reserved blocks)
  const disk = new DiskMonitor(
    config.dataDir,
    {
      warnFreeBytes: config.diskWarnFreeBytes,
      thinFreeBytes: config.diskThinFreeBytes,
      fullFreeBytes: config.diskReserveBytes,
    },
    { writesFailing: () => noSpace(ingest.storageError) },
  );
  // one thinRaw call per step (each deletes the oldest day of raw chunks), free space measured in between
  const thinner = new DiskThinner(disk, () => series.thinRaw());
  let thinnedBefore: number | null = null;

  // ---- wiring ---------------------------------------------------------------------------------------
  const gatewayView = (gatewayId: string): GatewayView => ({
    ...registry.requireGateway(gatewayId),
    connection: presence.connection(gatewayId),
    status: presence.gatewayStatus(gatewayId),
  });
  const sensorView = (gatewayId: string, sensorId: string): SensorView => {
    const sensor = registry.getSensor(gatewayId, sensorId);
    return {
      ...sensor,
      unit: catalogue.sensorType(sensor.type)?.unit ?? '',
      latest: series.latest(gatewayId, sensorId),
      status: presence.sensorStatus(gatewayId, sensorId),
    };
  };

  // A failing consumer (e.g. the timeline's disk is full) must not turn committed values into a refused
  // PUBACK or crash the site: it is logged and counted, and ingest goes on.
  const safely =
    <A extends unknown[]>(what: string, fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (err) {
        logger.error({ err }, `${what} failed`);
        metrics.recordError({ kind: 'internal', message: `${what}: ${(err as Error).message}` });
      }
    };
  ingest.on(
    'values',
    safely('rules and live values', (event) => {
      rules.onValues(event);
      live.values(event.gatewayId, event.sensorId, event.points);
    }),
  );
  // Alarms never wait for storage: values refused by the series store (no PUBACK, the gateway sends them
  // again) still go through the rules, so a threshold alarm is raised on a full disk. The rules' throttle
  // (by point time) keeps the resent or later stored copy from firing twice.
  ingest.on(
    'refused',
    safely('rules on refused values', (event) => rules.onValues(event)),
  );
  presence.on('gateway', (gatewayId) => {
    if (live.clients > 0 && registry.hasGateway(gatewayId))
      live.broadcast({ type: 'gateway', gateway: gatewayView(gatewayId) });
  });
  presence.on('sensorStatus', (gatewayId, sensorId, status) =>
    live.broadcast({
      type: 'sensorStatus',
      gatewayId,
      sensorId,
      status: status.status,
      expireAt: status.expireAt,
    }),
  );
  timeline.on('entry', (entry) => live.broadcast({ type: 'timeline', entry }));
  const gib = (bytes: number): string =>
    bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  const siteNote = (what: string, severity: 'fatal' | 'warning' | 'information', message: string): void =>
    safely(what, () => timeline.add({ type: 'site', node: [], severity, message }))();
  disk.on('level', (state, previous) => {
    if (state.level === 'full') {
      const message = `Disk full on the site PC (${gib(state.freeBytes)} free): sensor values are refused until space returns; alarms are still recorded`;
      logger.error({ disk: state }, message);
      metrics.recordError({ kind: 'disk.full', message });
      siteNote('disk full note', 'fatal', message);
    } else if (previous === 'full') {
      logger.warn({ disk: state }, 'disk no longer full');
    }
    // the reserve was (partly) used: top it up as soon as there is room again
    if (state.level !== 'full') reserve.ensure();
  });
  disk.on('checked', (state) => {
    if (state.level !== 'full' && !reserve.state().ready) reserve.ensure();
  });
  thinner.on('step', (step) => {
    thinnedBefore = step.thinnedBefore;
    const through = new Date((step.thinnedBefore ?? 0) - 1).toISOString().slice(0, 10);
    const message = `Disk budget: raw sensor values through ${through} (UTC) thinned, rollups kept (${step.deletedChunks} chunks, ${gib(step.freedBytes)} freed, ${gib(step.state.freeBytes)} free, thinning below ${gib(step.state.thinFreeBytes)})`;
    logger.warn(
      { disk: step.state, deletedChunks: step.deletedChunks, thinnedBefore: step.thinnedBefore },
      message,
    );
    metrics.recordError({ kind: 'disk.thinned', message });
    siteNote('disk thinning note', 'warning', message);
  });
  thinner.on('exhausted', (state) => {
    const message = `Disk budget: ${gib(state.freeBytes)} free and no raw sensor values left to thin (the newest of each sensor and values not yet compacted are kept)`;
    logger.warn({ disk: state }, message);
    siteNote('disk thinning note', 'warning', message);
  });
  thinner.on('error', (err) => {
    logger.error({ err }, 'disk budget: thinning failed; retrying later');
    metrics.recordError({ kind: 'internal', message: `disk thinning: ${err.message}` });
  });
  disk.on('low', (state: DiskState) => {
    const message = `Disk space low on the site PC: ${gib(state.freeBytes)} free (warning below ${gib(state.warnFreeBytes)})`;
    logger.warn({ disk: state }, message);
    metrics.recordError({ kind: 'disk.low', message });
    safely('disk warning', () => timeline.add({ type: 'site', node: [], severity: 'warning', message }))();
  });
  disk.on('recovered', (state) => {
    safely('disk recovery note', () =>
      timeline.add({
        type: 'site',
        node: [],
        severity: 'information',
        message: `Disk space recovered: ${gib(state.freeBytes)} free`,
      }),
    )();
  });
  presence.on('flushFailed', (err) => {
    logger.error({ err }, 'statuses not saved; retrying');
    metrics.recordError({ kind: 'storage.status', message: `statuses not saved: ${err.message}` });
  });
  metrics.on('error', (error) => live.broadcast({ type: 'error', error }));
  registry.on('pending', (gatewayId) => live.broadcast({ type: 'pending', gatewayId }));
  registry.on('gateway', (gatewayId) => live.broadcast({ type: 'gateway', gateway: gatewayView(gatewayId) }));
  registry.on('sensorDeleted', (gatewayId, sensorId) => {
    rules.deleteForSensor(gatewayId, sensorId);
    series
      .deleteSensor(gatewayId, sensorId)
      .catch((err: unknown) => logger.error({ err, gatewayId, sensorId }, 'deleting sensor values failed'));
  });
  registry.on('gatewayDeleted', (gatewayId) => {
    rules.deleteForSensor(gatewayId);
    presence.forget(gatewayId);
    broker?.disconnect(gatewayId);
  });
  // a rotated key means the old one may be compromised: the session it opened ends now
  registry.on('apiKeyRotated', (gatewayId) => broker?.disconnect(gatewayId));

  // ---- cluster --------------------------------------------------------------------------------------
  const node = nodeName(config, config.http.port);
  const coordinator: Coordinator = createCoordinator(
    {
      node,
      basePath: config.cluster.basePath,
      configPath: config.cluster.configPath,
      servers: config.cluster.servers,
      sessionTimeout: config.cluster.sessionTimeout,
      retries: config.cluster.retries,
      observerOnly: config.cluster.observerOnly,
      dataDir: config.dataDir,
      validateConfig: validateSharedConfig,
      nodeInfo: {
        host: hostname(),
        ports: { http: config.http.port, mqtt: config.mqtt.port },
        version: VERSION,
        started: startedAt,
      },
    },
    log('cluster'),
  );
  const duties = new MasterDutyRunner(coordinator, [rules], log('duties'));
  coordinator.on('state', (cluster) => live.broadcast({ type: 'cluster', cluster }));
  // The shared config applies live on every node; the local config is the fallback for each setting.
  let shared: SharedConfig = {};
  const applyShared = (next: SharedConfig): void => {
    shared = next;
    link.setRpcTimeout(shared.rpcTimeoutMs ?? config.rpcTimeoutMs);
    logger.info({ shared }, 'shared site config applied');
  };
  coordinator.on('config', (next) => applyShared(next as SharedConfig));

  // ---- API ------------------------------------------------------------------------------------------
  let up = false;
  const overview = (): SiteOverview => {
    const role = coordinator.state().role;
    // measured first: a low-disk transition found now is counted in this answer's errors
    const diskState = disk.state();
    const seriesStats = series.stats();
    const reserveState = reserve.state();
    return {
      site: { name: shared.siteName ?? config.siteName, version: VERSION, node, startedAt, role },
      gateways: {
        total: registry.countGateways(),
        connected: presence.connectedCount(),
        pending: registry.countPending(),
      },
      sensors: { total: registry.countSensors() },
      ingest: metrics.ingest(),
      errors: metrics.errors(),
      disk: {
        freeBytes: diskState.freeBytes,
        totalBytes: diskState.totalBytes,
        level: diskState.level,
        low: diskState.low,
        warnFreeBytes: diskState.warnFreeBytes,
        thinFreeBytes: diskState.thinFreeBytes,
        thinnedBefore,
        thinnedChunks: seriesStats.thinnedChunks,
        reserve: { bytes: reserveState.bytes, ready: reserveState.ready },
      },
      storage: _.pick(seriesStats, [
        'diskBytes',
        'committedValues',
        'logValues',
        'compactedValues',
        'compactionPasses',
        'commitMsMax',
        'commitRoundTripMsMax',
        'compactionApplyMsMax',
        'commitMode',
        'compactionMode',
      ]),
      process: processOverview(seriesStats, loopDelay),
    };
  };
  const health = (): HealthResponse => {
    const storageOk = ingest.storageError === null;
    return {
      status: !up ? 'starting' : storageOk ? 'ok' : 'degraded',
      disk: disk.state().level,
      version: VERSION,
      node,
      startedAt,
      services: {
        storage: storageOk ? 'up' : 'down',
        broker: broker ? 'up' : 'down',
        api: up ? 'up' : 'down',
        rules: rules.active ? 'up' : 'standby',
        cluster: coordinator.state().connection === 'lost' ? 'down' : 'up',
      },
    };
  };
  const ctx: ApiContext = {
    registry,
    presence,
    series,
    timeline,
    rules,
    link,
    coordinator,
    live,
    logger,
    health,
    overview,
    gatewayView,
    sensorView,
    rendererDir: findRendererDir(),
  };

  // ---- start, in dependency order; undo what started if a later step fails ---------------------------
  const servers: FastifyInstance[] = [];
  const stopSteps: Array<() => Promise<void> | void> = [() => void loopDelay.disable()];
  try {
    presence.start();
    stopSteps.push(() => presence.stop());
    reserve.ensure();
    disk.start();
    thinner.start();
    stopSteps.push(() => {
      thinner.stop();
      disk.stop();
    });
    await coordinator.init();
    stopSteps.push(() => coordinator.close());
    duties.start();
    applyShared(coordinator.getConfig() as SharedConfig);
    const tls =
      config.mqtt.tlsPort === null
        ? undefined
        : {
            port: config.mqtt.tlsPort,
            ...(await loadTlsCredentials(config.dataDir, config.mqtt.tlsCertFile, config.mqtt.tlsKeyFile)),
          };
    if (tls) logger.info({ fingerprint: tls.fingerprint, generated: tls.generated }, 'MQTT TLS certificate');
    broker = await startBroker({
      registry,
      ingest,
      link,
      metrics,
      logger: log('broker'),
      options: { ...config.mqtt, tls },
    });
    const startedBroker = broker;
    stopSteps.push(() => startedBroker.close());
    const api = await buildApiServer(ctx);
    servers.push(api);
    const httpPort = await listen(api, config.http.host, config.http.port);
    let gatewayHttpPort: number | null = null;
    if (config.gatewayHttp.port !== null) {
      const gatewayApi = await buildGatewayServer(ctx);
      servers.push(gatewayApi);
      gatewayHttpPort = await listen(gatewayApi, config.gatewayHttp.host, config.gatewayHttp.port);
    }
    up = true;
    const overviewTimer = setInterval(() => {
      if (live.clients > 0) live.broadcast({ type: 'overview', overview: overview() });
    }, OVERVIEW_EVERY_MS);
    overviewTimer.unref();

    const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
    const consoleUrl = `http://${host.includes(':') ? `[${host}]` : host}:${httpPort}/`;
    logger.info(
      {
        mqtt: startedBroker.port,
        http: httpPort,
        gatewayHttp: gatewayHttpPort,
        dataDir: config.dataDir,
        node,
      },
      'site up',
    );

    let stopping: Promise<void> | null = null;
    return {
      ports: {
        mqtt: startedBroker.port,
        mqtts: startedBroker.tlsPort,
        http: httpPort,
        gatewayHttp: gatewayHttpPort,
      },
      consoleUrl,
      node,
      stop: () => {
        stopping ??= (async () => {
          up = false;
          clearInterval(overviewTimer);
          live.close();
          // No new requests or values, then settle what was accepted, then close storage.
          await Promise.allSettled(servers.map((s) => s.close()));
          await duties.close();
          for (const step of stopSteps.reverse()) await step();
          link.close();
          await series.close();
          db.close();
          logger.info('site stopped');
        })();
        return stopping;
      },
    };
  } catch (err) {
    await Promise.allSettled(servers.map((s) => s.close()));
    for (const step of stopSteps.reverse()) await Promise.resolve(step()).catch(() => undefined);
    link.close();
    await series.close().catch(() => undefined);
    db.close();
    throw err;
  }
}

function processOverview(
  series: { writerHeapBytes: number; compactorHeapBytes: number },
  loopDelay: IntervalHistogram,
): ProcessOverview {
  const m = process.memoryUsage();
  // the histogram samples with a timer of LOOP_DELAY_RESOLUTION_MS and includes that period
  const ms = (ns: number): number => Math.max(0, Math.round(ns / 1e4) / 100 - LOOP_DELAY_RESOLUTION_MS);
  return {
    rssBytes: m.rss,
    heapTotalBytes: m.heapTotal,
    heapUsedBytes: m.heapUsed,
    externalBytes: m.external,
    arrayBuffersBytes: m.arrayBuffers,
    writerHeapBytes: series.writerHeapBytes,
    compactorHeapBytes: series.compactorHeapBytes,
    nodeFlags: process.execArgv,
    eventLoopDelayMs: {
      p50: ms(loopDelay.percentile(50)),
      p99: ms(loopDelay.percentile(99)),
      max: ms(loopDelay.max),
    },
  };
}
