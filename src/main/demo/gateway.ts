// One simulated Thing+ gateway. It does what a real one does (protocol §1–§6) and nothing a real one
// could not: it registers its sensors through the gateway-facing REST with its APIKEY, connects to the
// site's broker with its id and key, answers timeSync and controlActuator on `req` → `res`, publishes
// its status and its values at QoS 1, and keeps values while it is offline to send them on reconnect.
// It only ever talks to the endpoints it is given, which demo.ts points at the site itself.
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from '../logger/logger.js';
import type { PlantState } from './machines.js';
import type { DemoGatewaySpec, DemoSensorSpec } from './plant.js';

export interface GatewayEndpoints {
  /** mqtt://127.0.0.1:{port} */
  mqttUrl: string;
  /** http://127.0.0.1:{port}: the gateway-facing Thing+ REST */
  restUrl: string;
}

/** Values per sensor, MQTT order: [t, v, t, v, …] (protocol §2, the `v/a/g/{gw}` object form). */
export type ValueBatch = Record<string, Array<number | string>>;

interface RpcRequest {
  id: string;
  method: string;
  params?: { id?: string; cmd?: string; options?: unknown; time?: number };
}

const STATUS_SECONDS = 90;

export class SimulatedGateway {
  private client: MqttClient | null = null;
  private offline: ValueBatch = {};
  private stopped = false;
  /** event sensors report their state (closed, no motion) once at start, so the first opening is a change */
  private announced = false;
  /** door and motion sensors that fired and go back to 0 on the next tick */
  private readonly eventsToReset = new Set<string>();
  readonly commands: Array<{ sensorId: string; cmd: string }> = [];

  constructor(
    readonly spec: DemoGatewaySpec,
    private readonly apiKey: string,
    private readonly endpoints: GatewayEndpoints,
    private readonly plant: PlantState,
    private readonly logger: Logger,
  ) {}

  get id(): string {
    return this.spec.id;
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  /** protocol §5/§6: read its own record, then POST each sensor it has (409 = already there). */
  async register(): Promise<void> {
    const record = await this.rest('GET', `/gateways/${this.id}`);
    if (record.status !== 200) throw new Error(`GET /gateways/${this.id}: HTTP ${record.status}`);
    const known = new Set(((await record.json()) as { sensors?: string[] }).sensors ?? []);
    for (const sensor of this.spec.sensors) {
      if (known.has(sensor.id)) continue;
      const res = await this.rest('POST', `/gateways/${this.id}/sensors`, {
        reqId: sensor.id,
        name: sensor.name,
        type: sensor.type,
        category: sensor.kind === 'relay' ? 'actuator' : 'sensor',
        network: 'jsonrpc',
        driverName: 'jsonrpcSensor',
        model: sensor.kind === 'relay' ? 'jsonrpcActuator' : 'jsonrpcNumber',
      });
      if (res.status !== 201 && res.status !== 409)
        throw new Error(`POST sensor ${sensor.id}: HTTP ${res.status} ${await res.text()}`);
    }
  }

  private async rest(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.endpoints.restUrl}${path}`, {
      method,
      headers: {
        username: this.id,
        apikey: this.apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  }

  /** protocol §1/§6: connect with a will, subscribe to req, say on, report status. */
  async connect(): Promise<void> {
    if (this.stopped) return;
    const client = mqtt.connect(this.endpoints.mqttUrl, {
      clientId: this.id,
      username: this.id,
      password: this.apiKey,
      clean: true,
      keepalive: 120,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      will: { topic: `v/a/g/${this.id}/mqtt/status`, payload: Buffer.from('err'), qos: 1, retain: true },
    });
    this.client = client;
    client.on('message', (topic, payload) => this.onMessage(client, topic, payload));
    client.on('error', (err) => this.logger.debug({ err, gatewayId: this.id }, 'demo gateway MQTT error'));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
      client.once('close', () =>
        reject(new Error(`demo gateway ${this.id}: connection closed before CONNACK`)),
      );
    });
    await client.subscribeAsync([`v/a/g/${this.id}/req`, `v/a/g/${this.id}/log/filter`], { qos: 1 });
    await client.publishAsync(`v/a/g/${this.id}/mqtt/status`, 'on', { qos: 1, retain: true });
    await this.publishStatus();
    const buffered = this.offline;
    this.offline = {};
    // a real gateway sends what it kept while offline, merged, once it is back
    if (Object.keys(buffered).length > 0) await this.publishValues(buffered);
  }

  async publishStatus(): Promise<void> {
    const parts = [`on,${STATUS_SECONDS}`, ...this.spec.sensors.map((s) => `${s.id},on,${STATUS_SECONDS}`)];
    await this.client?.publishAsync(`v/a/g/${this.id}/status`, parts.join(','), { qos: 1 });
  }

  /** One message for many sensors; resolves on the PUBACK, which the site sends once stored. */
  async publishValues(batch: ValueBatch): Promise<void> {
    const client = this.client;
    if (!client?.connected) {
      for (const [sid, points] of Object.entries(batch)) (this.offline[sid] ??= []).push(...points);
      return;
    }
    await client.publishAsync(`v/a/g/${this.id}`, JSON.stringify(batch), { qos: 1 });
  }

  /** The live values at `now`: every analogue reading, plus the doors and motion that fired since `since`. */
  readings(since: number, now: number): ValueBatch {
    const batch: ValueBatch = {};
    const announce = !this.announced;
    this.announced = true;
    for (const sensor of this.spec.sensors) {
      if (sensor.kind === 'event' && announce) batch[sensor.id] = [now, 0];
      else if (sensor.kind === 'event') this.eventReadings(sensor, since, now, batch);
      else {
        const value = this.plant.read(sensor, now);
        if (value !== null) batch[sensor.id] = [now, value];
      }
    }
    return batch;
  }

  private eventReadings(sensor: DemoSensorSpec, since: number, now: number, batch: ValueBatch): void {
    if (this.eventsToReset.delete(sensor.id)) {
      batch[sensor.id] = [now, 0];
      return;
    }
    const fired = this.plant.events(sensor, since, now);
    if (fired.length > 0) {
      batch[sensor.id] = [now, 1];
      this.eventsToReset.add(sensor.id);
    }
  }

  /** The story: an event sensor fires now (a door opens), and closes on a later tick. */
  async fire(sensorId: string, now: number): Promise<void> {
    this.eventsToReset.add(sensorId);
    await this.publishValues({ [sensorId]: [now, 1] });
  }

  private onMessage(client: MqttClient, topic: string, payload: Buffer): void {
    if (topic !== `v/a/g/${this.id}/req`) return;
    let request: RpcRequest;
    try {
      request = JSON.parse(payload.toString('utf8')) as RpcRequest;
    } catch {
      return;
    }
    const answer = (body: Record<string, unknown>): void => {
      client.publish(`v/a/g/${this.id}/res`, JSON.stringify({ id: request.id, ...body }), { qos: 1 });
    };
    switch (request.method) {
      case 'timeSync':
        answer({ result: '' });
        return;
      case 'controlActuator':
        answer(this.control(request.params ?? {}));
        return;
      default:
        answer({ error: { code: -32601, message: `method ${request.method} is not supported` } });
    }
  }

  /** A relay switched by command: the whole line stops (or starts) at once. */
  private control(params: NonNullable<RpcRequest['params']>): Record<string, unknown> {
    const sensor = this.spec.sensors.find((s) => s.id === params.id);
    if (!sensor || sensor.kind !== 'relay')
      return { error: { code: -32602, message: `no actuator ${String(params.id)}` } };
    if (params.cmd !== 'on' && params.cmd !== 'off')
      return { error: { code: -32602, message: `powerSwitch has no command ${String(params.cmd)}` } };
    this.plant.setRelay(sensor.line, params.cmd === 'on', Date.now());
    this.commands.push({ sensorId: sensor.id, cmd: params.cmd });
    this.logger.info({ gatewayId: this.id, sensorId: sensor.id, cmd: params.cmd }, 'demo relay switched');
    return { result: 'success' };
  }

  /** The story: the network drops (no DISCONNECT, so the broker publishes the will). */
  dropOut(): void {
    const client = this.client;
    this.client = null;
    client?.stream.destroy();
    client?.end(true);
  }

  /** Ends the session cleanly (mqtt/status off), as a gateway being shut down does. */
  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (client.connected)
      await client
        .publishAsync(`v/a/g/${this.id}/mqtt/status`, 'off', { qos: 1, retain: true })
        .catch(() => undefined);
    await client.endAsync().catch(() => undefined);
  }
}
