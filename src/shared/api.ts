// The console/LAN HTTP API contract (served under API_PREFIX) and its live event stream.
// src/main/api implements it; src/renderer consumes it. OpenAPI is served at /api/docs.
import type { ReplicationProblem } from './system-alarms.js';
import type { Alarm, GatewayView, RuleAction, SensorValue, Severity, TimelineEntry, Rule } from './model.js';

export const API_PREFIX = '/api/v1';
/** WebSocket endpoint for live events (LiveEvent messages, JSON text frames). */
export const LIVE_PATH = `${API_PREFIX}/live`;

/** Every API error body. `code` is stable and documented (docs/errors.md); `message` is for humans. */
export interface ApiError {
  statusCode: number;
  code: ErrorCode;
  error: string;
  message: string;
}

export type ErrorCode =
  | 'ES_BAD_REQUEST'
  | 'ES_NOT_FOUND'
  | 'ES_CONFLICT'
  | 'ES_UNAUTHORIZED'
  | 'ES_FORBIDDEN'
  | 'ES_CROSS_SITE'
  | 'ES_BAD_HOST'
  | 'ES_RATE_LIMITED'
  | 'ES_GATEWAY_OFFLINE'
  | 'ES_RPC_TIMEOUT'
  | 'ES_RPC_ERROR'
  | 'ES_NOT_MASTER'
  | 'ES_NO_QUORUM'
  | 'ES_MASTER_UNVERIFIED'
  | 'ES_STORAGE'
  | 'ES_DEMO_RUNNING'
  | 'ES_DEMO_ID_TAKEN'
  | 'ES_PAIRING_INVALID'
  | 'ES_TOO_MANY_FAILURES'
  | 'ES_INTERNAL';

export interface HealthResponse {
  status: 'ok' | 'starting' | 'degraded';
  /** the data dir's disk level (see SiteOverview.disk) */
  disk: DiskLevel;
  version: string;
  node: string;
  startedAt: number;
  services: Record<string, 'up' | 'down' | 'standby'>;
}

/** Rolling ingest counters; rates are per second over the last 10 s. */
export interface IngestStats {
  valuesPerSecond: number;
  messagesPerSecond: number;
  totalValues: number;
  totalMessages: number;
  /** messages rejected whole (malformed, unknown topic, too large) */
  rejectedMessages: number;
  /** single points dropped (unknown sensor, bad time, NaN, malformed) while the rest was stored */
  rejectedPoints: number;
  duplicates: number;
  outOfOrder: number;
  /** publish received → committed, ms, over the last 10 s */
  commitLatencyP50: number;
  commitLatencyP99: number;
}

export interface SiteError {
  time: number;
  /** stable kind, e.g. 'payload.malformed', 'sensor.unknown', 'auth.refused' */
  kind: string;
  gatewayId?: string;
  topic?: string;
  message: string;
}

export interface SiteOverview {
  site: {
    name: string;
    version: string;
    node: string;
    startedAt: number;
    role: 'master' | 'standby' | 'observer';
    /** IANA time zone of the site PC (e.g. Asia/Seoul) */
    timeZone: string;
  };
  /**
   * `downCount`: registered gateways not connected (never or disconnected); `down`: the first
   * GATEWAYS_DOWN_LISTED of them, longest down first (the console's overview needs no gateway list)
   */
  gateways: { total: number; connected: number; pending: number; downCount: number; down: DownGateway[] };
  /** `stale`: registered sensors whose status expired or is err, at most STALE_SENSORS_LISTED, oldest first */
  sensors: { total: number; staleCount: number; stale: StaleSensor[] };
  ingest: IngestStats;
  /** `lastHour`: errors counted in the last 60 minutes (every one, listed in `recent` or not) */
  errors: { total: number; lastHour: number; byKind: Record<string, number>; recent: SiteError[] };
  /** where gateways reach this site (the onboarding guide shows them) */
  endpoints: SiteEndpoints;
  /** the data dir's disk and its budget (README "Disk budget") */
  disk: DiskOverview;
  /** the series store's durable path and compaction (README "Storage") */
  storage: StorageOverview;
  /** the site process: memory and event-loop delay (README "Storage": what bounds the PUBACK latency) */
  process: ProcessOverview;
  /** replication problems this node sees now (cluster with replication only; absent otherwise) */
  replication?: ReplicationProblem[];
}

export const STALE_SENSORS_LISTED = 20;
export const GATEWAYS_DOWN_LISTED = 10;

export interface DownGateway {
  id: string;
  name: string;
  state: 'disconnected' | 'never';
  /** when its last connection ended (null: never connected) */
  since: number | null;
}

export interface StaleSensor {
  gatewayId: string;
  gatewayName: string;
  sensorId: string;
  name: string;
  status: 'expired' | 'err';
  reason?: string;
  /** when it went stale: the status's expiry, or when the err was received (ms) */
  since: number;
}

/** The listeners' ports (null: off or not listening yet) and this PC's LAN IPv4 addresses. */
/** The port the unchanged Thing+ gateway calls over HTTPS once it has an APIKEY (protocol §1). */
export const GATEWAY_HTTPS_PORT = 443;
/**
 * The gateway REST's script that points a Thing+ Gateway at the site: `curl -fsS http://{host}:{port}` +
 * this + ` | sh` on the gateway.
 */
export const THINGPLUS_SETUP_PATH = '/thingplus-setup.sh';
/** Served instead when 443 cannot be opened. */
export const GATEWAY_HTTPS_FALLBACK_PORT = 8443;
/** 443 not opened: no rights to open a port below 1024, or another program holds it. */
export type GatewayHttpsProblem = 'permission' | 'inUse';

export interface SiteEndpoints {
  mqttPort: number | null;
  mqttsPort: number | null;
  httpPort: number | null;
  gatewayHttpPort: number | null;
  /** the gateway-facing REST over HTTPS (the unchanged Thing+ gateway calls 443: forward it here) */
  gatewayHttpsPort: number | null;
  /** why it is not on 443, the port the Thing+ gateway calls (the site served 8443 instead) */
  gatewayHttpsProblem: GatewayHttpsProblem | null;
  /** the console over TLS: true when it listens on a LAN address */
  httpTls: boolean;
  lanAddresses: string[];
}

/** GET /api/v1/tls: the site certificate, for technicians configuring gateways. */
export interface TlsInfo {
  /** SHA-256 of the certificate (colon-separated hex, as `openssl x509 -fingerprint -sha256` prints it) */
  fingerprint: string;
  /** the host names and addresses it names */
  names: string[];
  notAfter: string;
  generated: boolean;
  ports: { mqtts: number | null; gatewayHttps: number | null; gatewayHttp: number | null };
  /** what to put in the Thing+ gateway's config (config/default.json "Server"), and where the pem goes */
  gatewayConfig: { host: string; snippet: string; caPath: string };
}

export interface ProcessOverview {
  rssBytes: number;
  /** the main thread's V8 heap: committed and in use */
  heapTotalBytes: number;
  heapUsedBytes: number;
  /** memory outside V8 heaps held by JS objects (Buffers, typed arrays) */
  externalBytes: number;
  arrayBuffersBytes: number;
  /** the series store's writer thread and compaction worker heaps, committed (0 until they report) */
  writerHeapBytes: number;
  compactorHeapBytes: number;
  /**
   * the Node/V8 flags the process started with (`process.execArgv`): `npm start` passes
   * scripts/site-flags.js, which keep the heap small (README "Headless"); Electron's --js-flags are not listed
   */
  nodeFlags: string[];
  /** how late the main event loop ran timers since start (every PUBACK waits this long too) */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /**
   * the main thread (broker, ingest, rules, API) since start: time it ran (event-loop utilisation,
   * `active`) and the part of it spent in garbage collection; the per-value cost is their growth ÷ values
   */
  mainThreadMs: { active: number; gc: number };
}

export interface StorageOverview {
  /** series.db and its WAL */
  diskBytes: number;
  committedValues: number;
  /** values waiting in the ingest log for a compaction pass (grows for a window, then drops) */
  logValues: number;
  compactedValues: number;
  compactionPasses: number;
  /** longest group commit (transaction + fsync, on the writer thread) and longest compaction apply since start */
  commitMsMax: number;
  /** longest wait for a commit's result on the main thread (adds the event loop's delays) */
  commitRoundTripMsMax: number;
  compactionApplyMsMax: number;
  commitMode: 'thread' | 'inline';
  compactionMode: 'worker' | 'thread';
}

/** ok → low (below warnFreeBytes) → thinning (below thinFreeBytes: oldest raw values deleted) → full */
export type DiskLevel = 'ok' | 'low' | 'thinning' | 'full';

/** One measurement of the data dir's disk against the site's thresholds (storage/disk-monitor.ts). */
export interface DiskReading {
  freeBytes: number;
  totalBytes: number;
  level: DiskLevel;
  /** below the warning threshold (level is not ok) */
  low: boolean;
  warnFreeBytes: number;
  thinFreeBytes: number;
}

export interface DiskOverview extends DiskReading {
  /** raw values before this time (epoch ms) were thinned away since start; null: none */
  thinnedBefore: number | null;
  /** raw chunks thinned since start */
  thinnedChunks: number;
  /** the alarm reserve inside site.db: configured bytes and whether it is complete */
  reserve: { bytes: number; ready: boolean };
}

export interface RegisterGatewayKeyRequest {
  id: string;
  modelId: string;
  authType?: 'apikey';
  name?: string;
  legacyPlainTcp?: boolean;
  /** pin the allowance to this source address (else the first address seen) */
  legacyAddress?: string;
}
/** Thing+ shape: `{ "<gatewayId>": "<APIKEY>" }`. The key is shown once; only its hash is stored. */
export type RegisterGatewayKeyResponse = Record<string, string>;

export interface PendingGateway {
  id: string;
  address: string;
  firstSeen: number;
  lastSeen: number;
  attempts: number;
  /** whether it offered credentials (then it needs the APIKEY the site issues) */
  withCredentials: boolean;
}

/** Thing+ series answer: value BEFORE time, times in ms. */
export interface SeriesResponse {
  data: Array<SensorValue | number>;
  /** asked with `band=true` (not Thing+): each bucket's lowest and highest value, in `data`'s order */
  band?: { min: Array<SensorValue | number>; max: Array<SensorValue | number> };
  _meta: {
    count: number;
    dataStart: string;
    dataEnd: string;
    interval: string;
    /**
     * Present when the range starts in what the disk budget thinned: raw values before `before` (epoch
     * ms) were deleted on `at`; buckets there come from the 1 min / 1 h / 1 day rollups, raw reads there
     * come back empty.
     */
    thinned?: ThinnedInfo;
    /**
     * Present when the range starts before the oldest raw value kept (epoch ms) and older ones were
     * removed (raw retention or the disk budget) while the rollups hold them: raw reads before it come
     * back empty; buckets there come from the rollups (minute rows, hour rows where those expired too),
     * each row counted whole in the bucket holding its start (a bucket edge inside a row is not clipped).
     */
    rawFrom?: number;
  };
}

/** What the disk budget thinned of one sensor (see SeriesResponse._meta.thinned). */
export interface ThinnedInfo {
  before: number;
  at: number;
}

export interface TimelinePage {
  data: TimelineEntry[];
  _meta: { count: number; maxId: number | null; sinceId: number | null };
}

export interface ControlActuatorRequest {
  id: string;
  act: 'controlActuator';
  params: { id: string; cmd: string; options?: Record<string, unknown> };
}

export type RuleInput = Omit<Rule, 'id' | 'ctime' | 'mtime'>;
/** `PUT /api/v1/rules/{id}` in the site's shape: the fields named change; an optional one set to null goes back to its default */
export type RuleUpdate = { [K in keyof RuleInput]?: RuleInput[K] | null };

/**
 * `POST /api/v1/rules/actions/test`: runs one action now, once, with sample values: the named sensor's
 * latest value, its name and unit and its gateway's name; placeholders when no sensor is named.
 */
export interface ActionTestRequest {
  action: RuleAction;
  gatewayId?: string;
  sensorId?: string;
}

/** How the test ended; `failure` is an answer too (200): the action failed, not the request. */
export interface ActionTestResult {
  status: 'success' | 'failure';
  attempts: number;
  reason: string | null;
  durationMs: number;
}

export interface ClusterNodeView {
  node: string;
  host: string;
  ports: { http: number; mqtt: number };
  version: string;
  started: number;
  role: 'master' | 'standby' | 'observer';
  zkState?: string;
}

export interface ElectionRecord {
  time: number;
  master: string | null;
  epoch: number;
  reason: string;
}

/** One member of the values log's Raft group (JetStream stream replica), as the stream reports it. */
export interface ReplicaView {
  name: string;
  leader: boolean;
  /** caught up with the leader */
  current: boolean;
  /** operations behind the leader */
  lag: number;
  /** ms since the leader last heard from it */
  activeMs: number | null;
}

/** One site node's view of the replicated values log (issue #18): published by every node each second. */
export interface ReplicationNodeView {
  node: string;
  /** this node's role when it reported */
  role: 'master' | 'standby' | 'observer';
  /** the stream sequence this node has applied to its own store (and everything before it) */
  lastAppliedSeq: number;
  lastAppliedAt: number | null;
  /** messages in the log this node has not applied yet */
  lagMessages: number;
  /** how old the oldest value still to apply is (0 when caught up) */
  lagSeconds: number;
  /** applied through the log's end as it was when this node last asked: reads here are complete */
  caughtUp: boolean;
  connected: boolean;
  reportedAt: number;
}

export interface ReplicationState {
  engine: 'jetstream';
  stream: string;
  /** this node's connection to the replication servers */
  connected: boolean;
  server: string | null;
  /** 'ok': the stream has a leader and a quorum of current replicas; 'lost': appends fail */
  quorum: 'ok' | 'lost' | 'unknown';
  replicas: ReplicaView[];
  /** the log's last sequence */
  lastSeq: number;
  /** every node's report (this one included), by node name */
  nodes: ReplicationNodeView[];
  appended: number;
  appendFailures: number;
  applied: number;
  applyFailures: number;
  lastError: string | null;
  /** why this node refuses gateway connections now (standby, catching up, no quorum), or null */
  gatewayRefusal: string | null;
  /** this node's place in the control log (site.db's replicated writes) */
  control?: ControlLogState | null;
  /** replication problems this node sees now; each is a site alarm once the master records it */
  problems?: ReplicationProblem[];
}

/** One node's view of the control log (`<stream>_CONTROL`): site.db's writes, replicated (issue #18). */
export interface ControlLogState {
  stream: string;
  /** the log sequence this node's site.db holds */
  position: number;
  /** records delivered to this node and not yet applied */
  pending: number;
  /** batches this node appended */
  appended: number;
  /** own batches refused because another node wrote first (rolled back) */
  conflicts: number;
  /** own batches no quorum confirmed (rolled back), and records that could not be applied */
  failures: number;
  lastError: string | null;
}

export interface ClusterState {
  mode: 'embedded' | 'zookeeper';
  self: string;
  role: 'master' | 'standby' | 'observer';
  connection: 'connected' | 'suspended' | 'lost' | 'embedded';
  master: string | null;
  epoch: number;
  nodes: ClusterNodeView[];
  votes: Array<{ ticket: string; node: string }>;
  history: ElectionRecord[];
  config: Record<string, unknown>;
  /** the replicated values log (null on a site without `cluster.replication`) */
  replication?: ReplicationState | null;
  /** the site address, when one is configured (cluster.siteAddress) */
  siteAddress?: SiteAddressView;
}

/** The site address: one virtual IP for gateways (MQTT, REST) that only the acting master holds. */
export interface SiteAddressView {
  /** with its prefix, e.g. "10.77.0.100/24" */
  address: string;
  interface: string;
  /** this node holds it now */
  held: boolean;
  /** when this node took it (held) or last released it; null: never held since start */
  since: number | null;
  /** this node while it holds it; otherwise the elected master, who takes it (null: no master) */
  holder: string | null;
  /** the last failure to add, announce, renew or remove it; cleared when it is taken again */
  lastError: string | null;
}

/** Messages on the live WebSocket. */
export type LiveEvent =
  | {
      type: 'values';
      gatewayId: string;
      sensorId: string;
      points: Array<{ time: number; value: SensorValue }>;
    }
  | { type: 'gateway'; gateway: GatewayView }
  | { type: 'sensorStatus'; gatewayId: string; sensorId: string; status: string; expireAt: number | null }
  | { type: 'timeline'; entry: TimelineEntry }
  | { type: 'overview'; overview: SiteOverview }
  | { type: 'cluster'; cluster: ClusterState }
  /** an unknown gateway tried to connect (it is listed in GET /pendingGateways) */
  | { type: 'pending'; gatewayId: string }
  | { type: 'error'; error: SiteError }
  /** an alarm raised or changed (ack, shelve, unshelve, reset, return to normal, cleared …) */
  | { type: 'alarm'; alarm: Alarm }
  /** the site's rules or dashboards changed (here or on another cluster node): read them again */
  | { type: 'changed'; what: 'rules' | 'dashboards' };

export const SEVERITIES: Severity[] = ['fatal', 'warning', 'information'];

/** The longest an operator may shelve an alarm (`POST /alarms/{id}/shelve {minutes}`); ISA-18.2: always timed. */
export const ALARM_MAX_SHELVE_MINUTES = 24 * 60;
/** The widest range `GET /alarms/stats` answers (its perHour list has one entry per hour). */
export const ALARM_STATS_MAX_DAYS = 31;

/** `GET /api/v1/alarms`: newest first. */
export interface AlarmPage {
  data: Alarm[];
  _meta: { count: number };
}

/** `GET /api/v1/alarms/stats?from&to` (default the last 24 h): alarm-system performance (ISA-18.2). */
export interface AlarmStats {
  /** the range of raisedAt the figures cover: from inclusive, to exclusive (ms) */
  from: number;
  to: number;
  /** alarms raised per hour (hour = its start, ms), every hour of the range, zeros included */
  perHour: Array<{ hour: number; count: number }>;
  /** more than 10 alarms raised within 10 minutes: first and last raise of each flood */
  floods: Array<{ start: number; end: number; count: number }>;
  /** the same rule and sensor raised 3 or more times within 1 minute; count = its raises in the range */
  chattering: Array<{ ruleId: number; ruleName: string; gatewayId: string; sensorId: string; count: number }>;
  /** alarms still active (acknowledged or not) more than 24 h after they were raised */
  stale: Array<{ id: number; ruleName: string; gatewayId: string; sensorId: string; raisedAt: number }>;
}

/** `POST /api/v1/discovery/scan`: where to send the Thing+ probe (README "Finding gateways on the LAN"). */
export interface DiscoveryScanRequest {
  /** broadcast on these IPv4 interfaces; absent = every interface when no targets are given, else none */
  interfaces?: string[];
  /** "192.0.2.10", "192.0.2.0/28" (at most a /22), "127.0.0.1:28282", "192.0.2.0/28:28282" */
  targets?: string[];
}

/** A gateway that answered the probe (protocol §8), with whether this site already knows it. */
export interface DiscoveredGateway {
  id: string;
  name: string;
  /** the IPv4 address (and UDP port) the reply came from */
  address: string;
  port: number;
  /** the server the gateway points at, as it reports it */
  service: string | null;
  mqtt: string | null;
  serviceConn: boolean;
  mqttConn: boolean;
  /** seconds, as the gateway reports it */
  uptime: number | null;
  /** registered on this site */
  registered: boolean;
}

/**
 * POST /api/v1/discovery/ssh-setup: point gateways a recent scan found at this site by running the Thing+
 * Gateway setup over SSH with one login (never stored). Each is registered first (named, allowed without a
 * key from the address it answered from).
 */
export interface SshSetupRequest {
  gateways: Array<{ id: string; name?: string }>;
  username: string;
  password: string;
  /** the gateways' SSH port (22) */
  port?: number;
}

/** Why a gateway was not pointed at the site over SSH. */
export type SshSetupFailureKind =
  | 'notFound'
  | 'registeredElsewhere'
  | 'unreachable'
  | 'refusedLogin'
  | 'timeout'
  | 'scriptFailed'
  | 'sshError';

export interface SshSetupGatewayResult {
  id: string;
  name: string;
  address: string | null;
  ok: boolean;
  failure?: SshSetupFailureKind;
  message?: string;
  /** what the setup printed on the gateway */
  output: string;
  /** `SHA256:…` of the gateway's SSH host key (accepted on first use: compare it on the gateway) */
  hostKey: string | null;
}

/** Why a reply was not listed (docs/errors.md "Discovery"). */
export type DiscoveryRejectKind =
  'notJson' | 'oversized' | 'badId' | 'badReply' | 'unexpectedSource' | 'duplicate' | 'flood';

export const DISCOVERY_REJECT_KINDS: readonly DiscoveryRejectKind[] = [
  'notJson',
  'oversized',
  'badId',
  'badReply',
  'unexpectedSource',
  'duplicate',
  'flood',
];

export interface DiscoveryProblem {
  kind: DiscoveryRejectKind | 'sendFailed';
  /** "address:port" of the reply or of the probe */
  from: string;
  message: string;
}

export interface DiscoveryScanResponse {
  data: DiscoveredGateway[];
  /** replies not listed, by kind (every kind present, 0 when none) */
  rejected: Record<DiscoveryRejectKind, number>;
  /** the first problems, one line each (replies rejected, probes the OS refused to send) */
  problems: DiscoveryProblem[];
  probes: { sent: number; failed: number };
  durationMs: number;
}

/** One backup file (`GET /api/v1/backups`); `id` is its file name. */
export interface BackupInfo {
  id: string;
  createdAt: number;
  bytes: number;
  /** encrypted with a passphrase (the key is never stored beside it) */
  encrypted: boolean;
}
