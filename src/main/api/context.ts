import type { ControlHookParts } from '../replication/forward.js';
import type { HealthResponse, SiteOverview, ClusterState } from '../../shared/api.js';
import type { GatewayView, SensorView } from '../../shared/model.js';
import type { ActionRunner } from '../actions/index.js';
import type { Alarms } from '../alarms/index.js';
import type { Auth } from '../auth/index.js';
import type { GatewayLink } from '../broker/index.js';
import type { Coordinator } from '../cluster/types.js';
import type { Backups } from '../backups/index.js';
import type { DemoService } from '../demo/index.js';
import type { Dashboards } from '../dashboards/index.js';
import type { DiscoveryScanner } from '../discovery/index.js';
import type { SiteMdns } from '../mdns/index.js';
import type { PairingCodes } from '../pairing/index.js';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { Presence } from '../presence/presence.js';
import type { Registry } from '../registry/index.js';
import type { RulesEngine } from '../rules/index.js';
import type { SeriesStore } from '../series/types.js';
import type { Timeline } from '../timeline/index.js';
import type { LiveHub } from './live.js';
import type { FailureLimit } from '../broker/failure-limit.js';
import type { SiteTls } from '../site/site-tls.js';
import type { SiteAddress } from '../site-address/index.js';

/** What the HTTP layer may use: the services' public surfaces, wired by the composition root. */
export interface ApiContext {
  /** the control log's REST hooks (a cluster with cluster.replication), absent or null otherwise */
  controlHooks?: ControlHookParts | null;
  registry: Registry;
  presence: Presence;
  series: SeriesStore;
  timeline: Timeline;
  rules: RulesEngine;
  alarms: Alarms;
  actions: ActionRunner;
  link: GatewayLink;
  coordinator: Coordinator;
  /** the election's state with the replicated values log's (GET /cluster, the live `cluster` event) */
  clusterState(): ClusterState;
  /** the site address (shown with the cluster state); absent or null when none is configured */
  siteAddress?: Pick<SiteAddress, 'view'> | null;
  live: LiveHub;
  /** LAN discovery of Thing+ gateways (UDP probe, protocol §8) */
  discovery: DiscoveryScanner;
  /** mDNS: this site's advertisement and the other sites heard on the LAN */
  mdns: SiteMdns;
  /** single-use pairing codes (POST /api/v1/pairing-codes, POST /gateways/pair) */
  pairing: PairingCodes;
  /** backups of the running site (both databases, config, TLS material) */
  backups: Backups;
  /** the demo site (GET/POST/DELETE /api/v1/demo) */
  demo: DemoService;
  /** dashboards of the console and wall mode (site.db) */
  dashboards: Dashboards;
  /** users, sessions, API tokens and the audit trail */
  auth: Auth;
  /** host names the site answers to besides its own name and addresses (the Host check) */
  allowedHosts: readonly string[];
  logger: Logger;
  /** the site certificate (GET /api/v1/tls) */
  tls: SiteTls;
  /** gateway authentication failures per source address (the gateway REST refuses with 429 past it) */
  gatewayLimit: FailureLimit;
  /** the error counters (refusals of the gateway REST are counted there) */
  metrics: Metrics;
  health(): HealthResponse;
  overview(): SiteOverview;
  gatewayView(gatewayId: string): GatewayView;
  sensorView(gatewayId: string, sensorId: string): SensorView;
  /** where the built console lives (dist/renderer), or null when it was not built */
  rendererDir: string | null;
}
