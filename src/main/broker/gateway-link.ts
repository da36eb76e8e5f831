import { EventEmitter } from 'node:events';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { Presence } from '../presence/presence.js';
import type { Registry } from '../registry/index.js';
import type { Timeline } from '../timeline/index.js';
import { ServiceError, badRequest } from '../errors.js';
import {
  RpcClient,
  RpcRemoteError,
  RpcTimeoutError,
  decodePayload,
  parseGatewayLog,
  parseGatewayStatus,
  parseMqttStatus,
  parseSensorStatus,
  topics,
  validateActuatorCommand,
} from './thingplus/index.js';

export interface GatewayLogLine {
  time: number;
  level: string;
  category: string;
  message: string;
}

const LOG_LINES_KEPT = 200;

/** Sends a text payload to a gateway topic through the broker (QoS 1). */
export type GatewaySender = (gatewayId: string, topic: string, payload: string) => void;

interface SessionState {
  subscribedToReq: boolean;
  timeSyncSent: boolean;
}

/**
 * Everything a connected gateway says besides values — connection state, statuses, RPC answers, logs —
 * and everything the site asks of it over RPC (protocol §4): timeSync on every connection (without it a
 * real gateway reports `err,-1` and never sends values), actuator commands, settings.
 */
export class GatewayLink extends EventEmitter<{ log: [gatewayId: string, line: GatewayLogLine] }> {
  readonly rpc: RpcClient;
  private readonly sessions = new Map<string, SessionState>();
  private readonly logs = new Map<string, GatewayLogLine[]>();

  constructor(
    private readonly registry: Registry,
    private readonly presence: Presence,
    private readonly timeline: Timeline,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    send: GatewaySender,
    private options: { rpcTimeoutMs: number; maxInflatedBytes: number },
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.rpc = new RpcClient({ send });
  }

  // ---- connection lifecycle (called by the broker) ---------------------------------------------------

  connected(gatewayId: string, info: { address?: string; legacyAnonymous: boolean }): void {
    this.sessions.set(gatewayId, { subscribedToReq: false, timeSyncSent: false });
    this.presence.connected(gatewayId, info);
  }

  disconnected(gatewayId: string): void {
    this.sessions.delete(gatewayId);
    this.rpc.cancelAll(gatewayId);
    this.presence.disconnected(gatewayId);
  }

  subscribed(gatewayId: string, topicFilter: string): void {
    const session = this.sessions.get(gatewayId);
    if (!session || topicFilter !== topics.req(gatewayId)) return;
    session.subscribedToReq = true;
    this.syncTime(gatewayId);
  }

  /** the shared site config changed (cluster-wide setting) */
  setRpcTimeout(rpcTimeoutMs: number): void {
    this.options = { ...this.options, rpcTimeoutMs };
  }

  isConnected(gatewayId: string): boolean {
    return this.sessions.has(gatewayId);
  }

  /** timeSync once per connection, as soon as the gateway listens on its `req` topic. */
  private syncTime(gatewayId: string): void {
    const session = this.sessions.get(gatewayId);
    if (!session || !session.subscribedToReq || session.timeSyncSent) return;
    session.timeSyncSent = true;
    this.rpc
      .call(gatewayId, 'timeSync', { time: this.now() }, { timeoutMs: this.options.rpcTimeoutMs })
      .then(() => this.presence.setTimeSynced(gatewayId))
      .catch((err: unknown) => {
        if (!this.sessions.has(gatewayId)) return;
        this.metrics.recordError({
          kind: 'rpc.timeSync',
          gatewayId,
          message: `timeSync failed: ${(err as Error).message}`,
        });
      });
  }

  // ---- messages from the gateway ----------------------------------------------------------------------

  handleMqttStatus(gatewayId: string, payload: Buffer): void {
    const text = payload.toString('utf8');
    const word = parseMqttStatus(text);
    if (word === null) {
      this.metrics.recordError({
        kind: 'status.invalid',
        gatewayId,
        topic: topics.mqttStatus(gatewayId),
        message: `mqtt/status "${text.slice(0, 40)}" is not on/off/err`,
      });
      return;
    }
    this.presence.setMqttStatus(gatewayId, word);
    if (word === 'on') this.syncTime(gatewayId);
    if (word === 'err') {
      // The will: the broker lost the gateway without a DISCONNECT.
      this.timeline.add({
        type: 'gateway',
        node: [{ type: 'gateway', id: gatewayId }],
        severity: 'warning',
        message: `Gateway ${gatewayId} lost its connection unexpectedly`,
      });
    }
  }

  handleGatewayStatus(gatewayId: string, payload: Buffer): void {
    const text = this.text(gatewayId, topics.gatewayStatus(gatewayId), payload);
    if (text === null) return;
    const parsed = parseGatewayStatus(text, this.now());
    if (!parsed.ok) {
      this.metrics.recordError({
        kind: parsed.error.kind,
        gatewayId,
        topic: topics.gatewayStatus(gatewayId),
        message: parsed.error.message,
      });
      return;
    }
    this.presence.reportGatewayStatus(gatewayId, parsed.gateway);
    for (const error of parsed.errors) {
      this.metrics.recordError({
        kind: error.kind,
        gatewayId,
        topic: topics.gatewayStatus(gatewayId),
        message: error.message,
      });
    }
    for (const sensor of parsed.sensors) {
      if (!this.registry.findSensor(gatewayId, sensor.sensorId)) continue;
      this.presence.reportSensorStatus(gatewayId, sensor.sensorId, sensor.status);
    }
  }

  handleSensorStatus(gatewayId: string, sensorId: string, payload: Buffer): void {
    const topic = topics.sensorStatus(gatewayId, sensorId);
    const text = this.text(gatewayId, topic, payload);
    if (text === null) return;
    const parsed = parseSensorStatus(text, this.now());
    if (!parsed.ok) {
      this.metrics.recordError({ kind: parsed.error.kind, gatewayId, topic, message: parsed.error.message });
      return;
    }
    if (!this.registry.findSensor(gatewayId, sensorId)) {
      this.metrics.recordError({
        kind: 'sensor.unknown',
        gatewayId,
        topic,
        message: `status for unregistered sensor ${sensorId}`,
      });
      return;
    }
    this.presence.reportSensorStatus(gatewayId, sensorId, parsed.status);
  }

  handleRpcResponse(gatewayId: string, payload: Buffer): void {
    const text = this.text(gatewayId, topics.res(gatewayId), payload);
    if (text === null) return;
    if (!this.rpc.handleResponse(gatewayId, text)) {
      this.logger.debug({ gatewayId, text: text.slice(0, 200) }, 'rpc answer matched no pending request');
    }
  }

  handleLog(gatewayId: string, payload: Buffer): void {
    const text = this.text(gatewayId, topics.log(gatewayId), payload);
    if (text === null) return;
    const entry = parseGatewayLog(text);
    const line: GatewayLogLine = {
      time: entry.time ?? this.now(),
      level: entry.level,
      category: entry.category,
      message: entry.message,
    };
    const lines = this.logs.get(gatewayId) ?? [];
    lines.push(line);
    if (lines.length > LOG_LINES_KEPT) lines.splice(0, lines.length - LOG_LINES_KEPT);
    this.logs.set(gatewayId, lines);
    this.emit('log', gatewayId, line);
  }

  gatewayLogs(gatewayId: string): GatewayLogLine[] {
    return [...(this.logs.get(gatewayId) ?? [])].reverse();
  }

  private text(gatewayId: string, topic: string, payload: Buffer): string | null {
    const decoded = decodePayload(payload, { maxInflatedBytes: this.options.maxInflatedBytes });
    if (decoded.ok) return decoded.text;
    this.metrics.recordError({ kind: decoded.error.kind, gatewayId, topic, message: decoded.error.message });
    return null;
  }

  // ---- requests to the gateway ------------------------------------------------------------------------

  /** Thing+ `controlActuator`: validated against the sensor type's commands, answered with the gateway's result. */
  async controlActuator(
    gatewayId: string,
    sensorId: string,
    cmd: string,
    options: Record<string, unknown> = {},
  ): Promise<unknown> {
    const sensor = this.registry.getSensor(gatewayId, sensorId);
    if (sensor.category !== 'actuator') throw badRequest(`sensor ${sensorId} is not an actuator`);
    const typeDef = this.registry.catalogue.sensorType(sensor.type);
    const check = validateActuatorCommand(typeDef ?? { id: sensor.type }, cmd, options);
    if (!check.ok) throw badRequest(`invalid actuator command: ${check.errors.join('; ')}`, check.errors);
    const node = [{ type: 'sensor' as const, id: sensorId, gatewayId }];
    try {
      const result = await this.call(gatewayId, 'controlActuator', {
        id: sensorId,
        cmd,
        options: check.options,
      });
      this.timeline.add({
        type: 'actuator',
        node,
        severity: 'information',
        message: `${sensorId}@${gatewayId}: ${cmd} → ${JSON.stringify(result)}`,
      });
      return result;
    } catch (err) {
      this.timeline.add({
        type: 'actuator',
        node,
        severity: 'warning',
        success: 'n',
        message: `${sensorId}@${gatewayId}: ${cmd} failed: ${(err as Error).message}`,
      });
      throw err;
    }
  }

  /** An RPC with the site's error codes: offline → 503, timeout → 504, the gateway's error → 502. */
  async call(gatewayId: string, method: string, params: Record<string, unknown>): Promise<unknown> {
    this.registry.requireGateway(gatewayId);
    if (!this.isConnected(gatewayId))
      throw new ServiceError('ES_GATEWAY_OFFLINE', `gateway ${gatewayId} is not connected`);
    try {
      return await this.rpc.call(gatewayId, method, params, { timeoutMs: this.options.rpcTimeoutMs });
    } catch (err) {
      if (err instanceof RpcTimeoutError) {
        throw new ServiceError(
          'ES_RPC_TIMEOUT',
          `gateway ${gatewayId} did not answer ${method} within ${this.options.rpcTimeoutMs} ms`,
        );
      }
      if (err instanceof RpcRemoteError) {
        throw new ServiceError(
          'ES_RPC_ERROR',
          `gateway ${gatewayId} answered ${method} with error ${err.code}: ${err.message}`,
          { code: err.code },
        );
      }
      throw new ServiceError(
        'ES_GATEWAY_OFFLINE',
        `${method} to gateway ${gatewayId} failed: ${(err as Error).message}`,
      );
    }
  }

  close(): void {
    this.rpc.close();
  }
}
