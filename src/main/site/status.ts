import _ from 'lodash';
import { networkInterfaces } from 'node:os';
import {
  monitorEventLoopDelay,
  performance,
  PerformanceObserver,
  type IntervalHistogram,
} from 'node:perf_hooks';
import {
  GATEWAYS_DOWN_LISTED,
  STALE_SENSORS_LISTED,
  type DownGateway,
  type HealthResponse,
  type ProcessOverview,
  type SiteEndpoints,
  type SiteOverview,
  type StaleSensor,
} from '../../shared/api.js';
import type { ReplicationProblem } from '../../shared/system-alarms.js';
import type { Ingest } from '../broker/index.js';
import type { Coordinator } from '../cluster/types.js';
import type { Metrics } from '../metrics/index.js';
import type { Presence } from '../presence/presence.js';
import type { Registry } from '../registry/index.js';
import type { RulesEngine } from '../rules/index.js';
import type { DurableSeriesStats, DurableSeriesStore } from '../series/index.js';
import type { AlarmReserve, DiskMonitor } from '../storage/index.js';
import { VERSION } from '../version.js';

const LOOP_DELAY_RESOLUTION_MS = 10;
// the overview is sent every second; interfaces rarely change
const LAN_ADDRESSES_TTL_MS = 30_000;

export interface StatusSources {
  node: string;
  startedAt: number;
  siteName: () => string;
  registry: Registry;
  presence: Presence;
  metrics: Metrics;
  series: DurableSeriesStore;
  ingest: Ingest;
  rules: RulesEngine;
  disk: DiskMonitor;
  reserve: AlarmReserve;
  coordinator: Coordinator;
  thinnedBefore: () => number | null;
  /** replication problems this node sees (null: no replication) */
  replicationProblems?: () => ReplicationProblem[] | null;
}

/**
 * The site's answer to "how am I?": the overview the console shows (GET /api/v1/overview and the live
 * feed) and /healthz. Reads the services' own figures; owns only the event-loop delay histogram.
 */
export class SiteStatus {
  /** the listeners and the broker are up */
  up = false;
  brokerUp = false;
  /** the listeners' ports, set by the composition root once they listen */
  ports: Omit<SiteEndpoints, 'lanAddresses'> = {
    mqttPort: null,
    mqttsPort: null,
    httpPort: null,
    gatewayHttpPort: null,
    gatewayHttpsPort: null,
    gatewayHttpsProblem: null,
    httpTls: false,
  };
  private readonly loopDelay: IntervalHistogram;
  /** garbage collection on the main thread since start, ms */
  private gcMs = 0;
  private readonly gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.gcMs += entry.duration;
  });
  private lan: { at: number; addresses: string[] } = { at: -Infinity, addresses: [] };

  constructor(private readonly s: StatusSources) {
    this.loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
    this.loopDelay.enable();
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  close(): void {
    this.loopDelay.disable();
    this.gcObserver.disconnect();
  }

  readonly overview = (): SiteOverview => {
    const { s } = this;
    const role = s.coordinator.state().role;
    // measured first: a low-disk transition found now is counted in this answer's errors
    const diskState = s.disk.state();
    const seriesStats = s.series.stats();
    const reserveState = s.reserve.state();
    return {
      site: {
        name: s.siteName(),
        version: VERSION,
        node: s.node,
        startedAt: s.startedAt,
        role,
        // the site PC's zone: the console can show times as the plant reads its clocks
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      },
      gateways: {
        total: s.registry.countGateways(),
        connected: s.presence.connectedCount(),
        pending: s.registry.countPending(),
        ...this.gatewaysDown(),
      },
      sensors: { total: s.registry.countSensors(), ...this.staleSensors() },
      ingest: s.metrics.ingest(),
      errors: s.metrics.errors(),
      endpoints: { ...this.ports, lanAddresses: this.lanAddresses() },
      disk: {
        ..._.omit(diskState, 'thinUntilFreeBytes'),
        thinnedBefore: s.thinnedBefore(),
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
      process: this.processOverview(seriesStats),
      ...this.replication(),
    };
  };

  private replication(): Pick<SiteOverview, 'replication'> {
    const problems = this.s.replicationProblems?.() ?? null;
    return problems ? { replication: problems } : {};
  }

  readonly health = (): HealthResponse => {
    const { s } = this;
    const storageOk = s.ingest.storageError === null;
    return {
      status: !this.up ? 'starting' : storageOk ? 'ok' : 'degraded',
      disk: s.disk.state().level,
      version: VERSION,
      node: s.node,
      startedAt: s.startedAt,
      services: {
        storage: storageOk ? 'up' : 'down',
        broker: this.brokerUp ? 'up' : 'down',
        api: this.up ? 'up' : 'down',
        rules: s.rules.active ? 'up' : 'standby',
        cluster: s.coordinator.state().connection === 'lost' ? 'down' : 'up',
      },
    };
  };

  /**
   * Registered gateways not connected: how many, and the longest down ones. Here rather than in the
   * console: the overview page waited for the whole gateway list (~300 kB for 1 000) to show this card.
   */
  private gatewaysDown(): { downCount: number; down: DownGateway[] } {
    const { registry, presence } = this.s;
    const all: DownGateway[] = [];
    for (const g of registry.listGateways()) {
      const c = presence.connection(g.id);
      if (c.state === 'connected') continue;
      all.push({ id: g.id, name: g.name, state: c.state, since: c.since });
    }
    const down = _.sortBy(all, [(g) => g.since ?? 0, 'id']).slice(0, GATEWAYS_DOWN_LISTED);
    return { downCount: all.length, down };
  }

  /** Registered sensors whose status expired or is err: how many, and the longest stale ones by name. */
  private staleSensors(): { staleCount: number; stale: StaleSensor[] } {
    const { registry, presence } = this.s;
    const all: StaleSensor[] = [];
    for (const { gatewayId, sensorId, status } of presence.problemSensors()) {
      const sensor = registry.findSensor(gatewayId, sensorId);
      if (!sensor || (status.status !== 'expired' && status.status !== 'err')) continue;
      all.push({
        gatewayId,
        gatewayName: '',
        sensorId,
        name: sensor.name,
        status: status.status,
        ...(status.reason ? { reason: status.reason } : {}),
        since: status.status === 'expired' && status.expireAt !== null ? status.expireAt : status.receivedAt,
      });
    }
    const stale = _.sortBy(all, ['since', 'gatewayId', 'sensorId']).slice(0, STALE_SENSORS_LISTED);
    for (const x of stale) x.gatewayName = registry.getGateway(x.gatewayId)?.name || x.gatewayId;
    return { staleCount: all.length, stale };
  }

  private lanAddresses(): string[] {
    const now = Date.now();
    if (now - this.lan.at < LAN_ADDRESSES_TTL_MS) return this.lan.addresses;
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    this.lan = { at: now, addresses };
    return addresses;
  }

  private processOverview(series: DurableSeriesStats): ProcessOverview {
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
        p50: ms(this.loopDelay.percentile(50)),
        p99: ms(this.loopDelay.percentile(99)),
        max: ms(this.loopDelay.max),
      },
      mainThreadMs: {
        active: Math.round(performance.eventLoopUtilization().active),
        gc: Math.round(this.gcMs),
      },
    };
  }
}
