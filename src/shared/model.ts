// The site's domain model, shared by the services (src/main) and the console (src/renderer).
// Shapes follow the Thing+ data model (shared/docs/thingplus-gateway-protocol.md §7) so that
// Thing+ tools and users recognise them.

/** A sensor value: numbers, strings, booleans and objects (e.g. location {lat,lng}) are all legal. */
export type SensorValue = number | string | boolean | { [key: string]: unknown } | unknown[];

/** One timestamped value. `time` is epoch milliseconds. */
export interface ValuePoint {
  time: number;
  value: SensorValue;
}

/** Status words a gateway reports for itself and its sensors. `expired` is derived by the site. */
export type StatusWord = 'on' | 'off' | 'err' | 'expired';

export interface ReportedStatus {
  status: StatusWord;
  /** the reason after `err:` when the gateway gave one */
  reason?: string;
  /** epoch ms when this status stops being valid; null = never expires */
  expireAt: number | null;
  /** epoch ms when the site received it */
  receivedAt: number;
}

/** MQTT connection state, from `v/a/g/{gw}/mqtt/status` and from the broker itself. */
export type ConnectionState = 'connected' | 'disconnected' | 'never';

export interface GatewayConnection {
  state: ConnectionState;
  /** when the current (or last) connection started / ended */
  since: number | null;
  /** client address as seen by the broker */
  address?: string;
  /** true when the gateway connected over plain TCP without credentials (legacy Thing+ Node gateway) */
  legacyAnonymous?: boolean;
  /** last value of v/a/g/{gw}/mqtt/status: on/off/err (err is the will) */
  mqttStatus?: 'on' | 'off' | 'err';
  /** whether timeSync was answered on the current connection */
  timeSynced?: boolean;
  /**
   * the last connection attempt the broker refused since the gateway last connected: what the first-run
   * guide and the gateway page show while they wait (e.g. no credentials over plain TCP)
   */
  refused?: GatewayRefusal;
}

/** Why the broker refused a registered gateway's CONNECT (the error kinds of src/main/broker/auth.ts). */
export interface GatewayRefusal {
  at: number;
  kind: 'auth.badCredentials' | 'auth.credentialsRequired' | 'auth.legacyAddress' | 'auth.legacyTakeover';
  /** the client address as the broker saw it */
  address: string;
  /** over TLS (the MQTTS port) */
  secure: boolean;
}

export interface Gateway {
  id: string;
  name: string;
  /** gateway model id from gatewayModels.json, e.g. "34" (Open Source Gateway) */
  model: string;
  /** report interval in ms as a string, as Thing+ gateways expect ("60000") */
  reportInterval: string;
  autoCreateDiscoverable: 'y' | 'n';
  /**
   * allow a device that cannot do TLS to connect over plain TCP without credentials (off by default);
   * only from `legacyAddress`
   */
  legacyPlainTcp: boolean;
  /** the one source address the allowance is pinned to; null = the first address seen pins it */
  legacyAddress: string | null;
  /** the allowance was kept by the upgrade to pinned addresses; the console asks the technician to confirm */
  legacyNotice: boolean;
  devices: string[];
  sensors: string[];
  ctime: number;
  mtime: number;
}

export interface GatewayView extends Gateway {
  connection: GatewayConnection;
  status: ReportedStatus | null;
}

export interface Device {
  id: string;
  gatewayId: string;
  name: string;
  model: string;
  ctime: number;
  mtime: number;
}

export interface Sensor {
  id: string;
  gatewayId: string;
  deviceId: string | null;
  name: string;
  /** sensor type id from sensorTypes.json, e.g. "temperature", "powerSwitch" */
  type: string;
  category: 'sensor' | 'actuator';
  model: string | null;
  driverName: string | null;
  network: string | null;
  address: string | null;
  options: Record<string, unknown>;
  ctime: number;
  mtime: number;
}

export interface SensorView extends Sensor {
  unit: string;
  latest: ValuePoint | null;
  status: ReportedStatus | null;
}

export type Severity = 'fatal' | 'warning' | 'information';

export interface TimelineEntry {
  id: number;
  /** what produced the entry: a rule firing, a gateway event, a site event */
  type: 'rule' | 'gateway' | 'site' | 'actuator';
  node: Array<{ type: 'sensor' | 'gateway'; id: string; gatewayId?: string }>;
  rule?: { id: number; name: string; what: string; when: number };
  severity: Severity;
  time: number;
  message: string;
  checked: 'y' | 'n';
  success: 'y' | 'n';
  /** mastership epoch of the node that wrote it (cluster mode); 0 on a single node */
  epoch?: number;
}

export type { Rule } from './rules.js';

/** ISA-18.2 alarm states; `cleared` is the closed state (normal and acknowledged). */
export type AlarmState = 'unack' | 'ack' | 'rtn_unack' | 'cleared' | 'shelved' | 'out_of_service';

/** An alarm raised by a rule for one sensor (`GET /api/v1/alarms`); times in ms since the epoch. */
export interface Alarm {
  id: number;
  ruleId: number;
  ruleName: string;
  severity: Severity;
  state: AlarmState;
  gatewayId: string;
  sensorId: string;
  /** the value that raised (or last re-raised) the alarm */
  value: number | string | null;
  raisedAt: number;
  ackedAt: number | null;
  ackedBy: string | null;
  clearedAt: number | null;
  shelvedUntil: number | null;
}

/**
 * A Thing+ rule action (protocol §9): `timeline/add {message?}`, `dataPush/push {url, body?, timeoutMs?,
 * retries?}`, `mqtt/publish {topic, payload, qos?}`, `actuator/controlActuator {gatewayId, sensorId, cmd,
 * options?}`, `email/send {to, subject, body}`. String params are templates: {{value}} {{unit}} {{sensorName}} {{gatewayName}} …
 */
export interface RuleAction {
  agent: 'timeline' | 'dataPush' | 'mqtt' | 'actuator' | 'email';
  method: { id: 'add' | 'push' | 'publish' | 'controlActuator' | 'send'; params?: Record<string, unknown> };
}

/** One run of a rule action: how it ended, after how many attempts. */
export interface ActionResult {
  id: number;
  ruleId: number;
  actionIndex: number;
  /** `agent/method`, e.g. `dataPush/push` */
  action: string;
  status: 'success' | 'failure';
  attempts: number;
  reason: string | null;
  startedAt: number;
  finishedAt: number;
}
