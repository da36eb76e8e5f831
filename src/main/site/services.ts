import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionRunner } from '../actions/index.js';
import { Alarms } from '../alarms/index.js';
import { AuditLog, Auth } from '../auth/index.js';
import { LiveHub } from '../api/index.js';
import { GatewayLink, Ingest, type Broker } from '../broker/index.js';
import { MasterDutyRunner } from '../cluster/index.js';
import { nodeName, type SharedConfig, type SiteConfig } from '../config/config.js';
import { Backups } from '../backups/index.js';
import { DemoService } from '../demo/index.js';
import { Dashboards } from '../dashboards/index.js';
import { DiscoveryScanner } from '../discovery/index.js';
import { SiteMdns } from '../mdns/index.js';
import { createSiteAddress, type SiteAddress } from '../site-address/index.js';
import { PairingCodes } from '../pairing/index.js';
import type { Logger } from '../logger/logger.js';
import { Metrics } from '../metrics/index.js';
import { Presence } from '../presence/presence.js';
import { Registry, loadCatalogue } from '../registry/index.js';
import { ControlReplication, Replication } from '../replication/index.js';
import { RulesEngine } from '../rules/index.js';
import { createSeriesStore, isNoSpace, type DurableSeriesStore } from '../series/index.js';
import {
  AlarmReserve,
  DiskMonitor,
  DiskThinner,
  openSiteDatabase,
  type SqliteDatabase,
} from '../storage/index.js';
import type { Coordinator } from '../cluster/types.js';
import { Timeline } from '../timeline/index.js';
import { VERSION } from '../version.js';
import { siteCoordinator } from './cluster.js';
import { actionPorts, rulesDirectory } from './ports.js';
import { SiteViews } from './views.js';
import { SiteTls } from './site-tls.js';
import { FailureLimit } from '../broker/failure-limit.js';

export interface SiteServices {
  db: SqliteDatabase;
  reserve: AlarmReserve;
  series: DurableSeriesStore;
  registry: Registry;
  presence: Presence;
  timeline: Timeline;
  metrics: Metrics;
  rules: RulesEngine;
  alarms: Alarms;
  actions: ActionRunner;
  /** the broker once started: the gateway link sends RPCs through it */
  brokerRef: { current: Broker | null };
  link: GatewayLink;
  ingest: Ingest;
  disk: DiskMonitor;
  thinner: DiskThinner;
  node: string;
  coordinator: Coordinator<SharedConfig>;
  duties: MasterDutyRunner;
  /** the site address held by the acting master (cluster.siteAddress); null when none is configured */
  siteAddress: SiteAddress | null;
  views: SiteViews;
  live: LiveHub;
  discovery: DiscoveryScanner;
  mdns: SiteMdns;
  pairing: PairingCodes;
  backups: Backups;
  /** the demo site: simulated gateways on loopback (started on request or with config `demo`) */
  demo: DemoService;
  dashboards: Dashboards;
  /** the site certificate (MQTT over TLS, gateway HTTPS, the console on the LAN) */
  tls: SiteTls;
  /** gateway connection/authentication failures per source address (MQTT and gateway REST) */
  gatewayLimit: FailureLimit;
  auth: Auth;
  /** the cluster's replicated values log (config cluster.replication), null on a single node */
  replication: Replication | null;
  /** the cluster's replicated control state (site.db through the control log), null on a single node */
  control: ControlReplication | null;
}

/**
 * Opens storage and builds every service of the site, each given only the others' public surfaces.
 * Nothing is started here (no timers, sockets or threads besides the series store's own).
 */
export function buildServices(config: SiteConfig, logger: Logger, startedAt: number): SiteServices {
  const log = (service: string): Logger => logger.child({ service });
  const db = openSiteDatabase(config.dataDir);
  const node = nodeName(config, config.http.port);
  // before any service prepares a statement: site.db's writes are captured from the first one
  const control = config.cluster.replication
    ? new ControlReplication(db, { ...config.cluster.replication, node, logger: log('control') })
    : null;
  // space only site.db can use, so alarms are written on a full disk (storage/reserve.ts)
  const reserve = new AlarmReserve(db, join(config.dataDir, 'site.db'), config.diskReserveBytes);
  const series = createSeriesStore({
    file: join(config.dataDir, 'series.db'),
    logger: log('series'),
    compactWindowMs: config.compactionWindowSeconds * 1000,
    thinKeepRawMs: config.diskThinKeepRawHours * 3_600_000,
  });
  const catalogue = loadCatalogue();
  const registry = new Registry(db, catalogue);
  const presence = new Presence(db);
  const timeline = new Timeline(db);
  const metrics = new Metrics();
  const brokerRef: { current: Broker | null } = { current: null };
  const alarms = new Alarms(db, timeline);
  const actions = new ActionRunner(
    db,
    timeline,
    actionPorts(registry, brokerRef, () => link),
    log('actions'),
    config.smtp ? { smtp: config.smtp } : {},
  );
  const rules = new RulesEngine(db, timeline, rulesDirectory(registry, presence, series), Date.now, {
    alarms,
    actions: (firing) => actions.run(firing),
    emailConfigured: actions.emailConfigured,
  });
  const link = new GatewayLink(
    registry,
    presence,
    timeline,
    metrics,
    log('gateway-link'),
    (gatewayId, topic, payload) => {
      if (!brokerRef.current) throw new Error('broker not started');
      brokerRef.current.send(gatewayId, topic, payload);
    },
    { rpcTimeoutMs: config.rpcTimeoutMs, maxInflatedBytes: config.mqtt.maxInflatedBytes },
  );
  const replication = config.cluster.replication
    ? new Replication(
        { ...config.cluster.replication, node, dataDir: config.dataDir, logger: log('replication') },
        // values other nodes received: into this node's store, under the same per-(sensor, time) rule
        {
          append: (gatewayId, batches, receivedAt) => series.append(gatewayId, batches, receivedAt),
          // the lost tail of the log after a whole-site power cut, read back from this node's store
          local: (since) =>
            registry.listGateways().map((g) => ({
              gatewayId: g.id,
              batches: registry.listSensors(g.id).map((sensor) => ({
                sensorId: sensor.id,
                points: series.query({ gatewayId: g.id, sensorId: sensor.id, from: since, to: 2 ** 53 - 1 }),
              })),
            })),
        },
      )
    : null;
  let disk: DiskMonitor | null = null;
  const ingest = new Ingest(registry, series, metrics, log('ingest'), {
    maxInflatedBytes: config.mqtt.maxInflatedBytes,
    // down to the alarm reserve: no value is written, so alarms still are (with diskFullPolicy thin,
    // after thinning found nothing more it may delete); re-measured on every message meanwhile
    refuseWhen: () =>
      disk?.belowReserve()
        ? 'the site disk is full: sensor values are refused until space returns (alarms are still recorded)'
        : null,
    replicate: replication ? (...args) => replication.append(...args) : undefined,
  });
  disk = new DiskMonitor(
    config.dataDir,
    {
      warnFreeBytes: config.diskWarnFreeBytes,
      thinFreeBytes: config.diskThinFreeBytes,
      fullFreeBytes: config.diskReserveBytes,
    },
    // ingest refused for lack of space counts as full whatever statfs says (quotas, reserved blocks)
    { writesFailing: () => isNoSpace(ingest.storageError) },
  );
  // one thinRaw call per step (each deletes the oldest day of raw chunks), free space measured in between
  const thinner = new DiskThinner(disk, () => series.thinRaw());
  const coordinator = siteCoordinator(config, node, startedAt, log('cluster'));
  const duties = new MasterDutyRunner(coordinator, [rules, alarms], log('duties'));
  const siteAddress = createSiteAddress(config.cluster.siteAddress, {
    node,
    coordinator,
    timeline,
    logger: log('site-address'),
    sessionTimeoutMs: config.cluster.sessionTimeout,
  });
  const views = new SiteViews(registry, catalogue, presence, series);
  const live = new LiveHub();
  const backups = new Backups({
    dataDir: config.dataDir,
    dir: config.backups.dir,
    everyHours: config.backups.everyHours,
    keep: config.backups.keep,
    passphrase: readPassphrase(config.backups.passphraseFile),
    siteVersion: VERSION,
    logger: log('backups'),
  });
  const discovery = new DiscoveryScanner({
    ...config.discovery,
    isRegistered: (id) => registry.hasGateway(id),
    logger: log('discovery'),
  });
  const mdns = new SiteMdns({ ...config.mdns, logger: log('mdns') });
  const demo = new DemoService({
    registry,
    rules,
    alarms,
    timeline,
    actions,
    series,
    logger: log('demo'),
    dataDir: config.dataDir,
  });
  const dashboards = new Dashboards(db, {
    gateways: () => registry.listGateways(),
    sensors: (gatewayId) => registry.listSensors(gatewayId),
    hasSensor: (gatewayId, sensorId) => registry.findSensor(gatewayId, sensorId) !== undefined,
    numeric: (type) => catalogue.sensorType(type)?.type === 'number',
    unit: (type) => catalogue.sensorType(type)?.unit ?? '',
    firstValueAt: (gatewayId, sensorId, from) =>
      series.query({ gatewayId, sensorId, from, to: Number.MAX_SAFE_INTEGER, limit: 1 })[0]?.time ?? null,
  });
  const auth = new Auth(db, new AuditLog(db), { sessionTtlMs: config.auth.sessionHours * 3_600_000 });
  return {
    auth,
    replication,
    control,
    db,
    reserve,
    series,
    registry,
    presence,
    timeline,
    metrics,
    rules,
    alarms,
    actions,
    brokerRef,
    link,
    ingest,
    disk,
    thinner,
    node,
    coordinator,
    duties,
    siteAddress,
    views,
    live,
    discovery,
    mdns,
    pairing: new PairingCodes(),
    backups,
    demo,
    dashboards,
    tls: new SiteTls(config, log('tls'), timeline),
    gatewayLimit: new FailureLimit(config.gatewayAuthLimit),
  };
}

/** the scheduled backups' passphrase, read once at start (a bad path stops the start with its reason) */
function readPassphrase(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '') || undefined;
  } catch (err) {
    throw new Error(`backups.passphraseFile ${file}: ${(err as Error).message}`);
  }
}
