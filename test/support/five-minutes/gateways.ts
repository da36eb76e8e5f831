// The three gateways of the walkthrough, played by mqtt.js like unchanged Thing+ Node gateways over plain
// TCP: each is a Thing+ Gateway install as shipped (config/default.json pointed at the cloud) on which the
// command the console shows is run for real (its script fetched from the site, piped to sh); the played
// gateway then starts from the `Server` section the script wrote (its host reached at 127.0.0.1, as the
// test site listens on loopback only; each gateway from its own loopback address, as real gateways come
// from their own LAN addresses). They send NO credentials: REST with the header `gateway: {id}`, MQTT
// without username or password, and retry the refused connect every 2 s.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createConnection } from 'node:net';
import { MqttClient } from 'mqtt';
import { writeShippedInstall } from '../fake-gateway-host.js';

export type Lang = 'en' | 'ko';

export interface SensorPlan {
  key: string;
  type: string;
  name: Record<Lang, string>;
  /** the unit the site's catalogue gives the type ('' for an on/off sensor) */
  unit: string;
  base: number;
  amp: number;
}
export interface GatewayPlan {
  id: string;
  name: Record<Lang, string>;
  /** the address this gateway connects from (its own, as on a LAN) */
  from: string;
  /** its host name, which the Thing+ Gateway uses as its name until told otherwise */
  hostname: string;
  sensors: SensorPlan[];
}

const sensor = (
  key: string,
  type: string,
  en: string,
  ko: string,
  unit: string,
  base: number,
  amp: number,
): SensorPlan => ({ key, type, name: { en, ko }, unit, base, amp });

export const PLANT: GatewayPlan[] = [
  {
    id: 'b827eb1a2c01',
    name: { en: 'Dryer hall', ko: '건조동' },
    from: '127.0.0.11',
    hostname: 'gw-dryer',
    sensors: [
      sensor('temperature-0', 'temperature', 'Dryer air temperature', '건조기 공기 온도', '°C', 62, 3),
      sensor('humidity-0', 'humidity', 'Dryer humidity', '건조기 습도', '%', 38, 4),
    ],
  },
  {
    id: 'b827eb1a2c02',
    name: { en: 'Press line A', ko: '프레스 A라인' },
    from: '127.0.0.12',
    hostname: 'gw-press-a',
    sensors: [
      sensor('current-0', 'current', 'Press motor current', '프레스 모터 전류', 'A', 32, 6),
      sensor('vibration-0', 'vibration', 'Press vibration', '프레스 진동', 'V', 2.1, 0.4),
      sensor('temperature-0', 'temperature', 'Press motor temperature', '프레스 모터 온도', '°C', 71, 2),
    ],
  },
  {
    id: 'b827eb1a2c03',
    name: { en: 'Compressor room', ko: '컴프레서실' },
    from: '127.0.0.13',
    hostname: 'gw-compressor',
    sensors: [
      sensor('pressure-0', 'pressure', 'Air pressure', '공기 압력', 'bar', 7.2, 0.3),
      sensor('electricPower-0', 'electricPower', 'Compressor power', '컴프레서 전력', 'W', 18500, 1500),
      sensor('onoff-0', 'onoff', 'Compressor running', '컴프레서 가동', '', 1, 0),
    ],
  },
];

export const sensorId = (gatewayId: string, s: SensorPlan): string => `${gatewayId}-0-${s.key}`;

/** The `"Server": {…}` section the guide shows for every gateway (plain MQTT and REST, no key). */
export interface ServerSection {
  mqtt: { host: string; port: number; protocol: string };
  service: { host: string; port: number; protocol: string };
  APIKEY?: string;
}

/** `curl -fsS {url} | sh` as the guide shows it: the script's address. */
export function parseSetupCommand(shown: string): URL {
  const url = /^curl -fsS (http:\/\/\S+) \| sh$/.exec(shown.trim())?.[1];
  if (!url) throw new Error(`not the one setup command: ${shown.slice(0, 200)}`);
  return new URL(url);
}

/** GET as the gateway's curl does: from its own address, with the Host it was told (the site's LAN name). */
function fetchFrom(url: URL, from: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname,
        localAddress: from,
        headers: { host: url.host },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(body) : reject(new Error(`${url.href}: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * On one gateway: its install as shipped (~/thingplus, config/default.json pointed at the Thing+ cloud
 * over TLS with a key, thingplus.sh), the command run in its shell; answers the Server section node-config
 * then reads and what the command printed.
 */
export async function runSetupCommand(
  shown: string,
  plan: GatewayPlan,
  root: string,
): Promise<{ server: ServerSection; output: string }> {
  const { home, settingsFile } = writeShippedInstall(root, plan.id, plan.hostname);
  const script = await fetchFrom(parseSetupCommand(shown), plan.from);
  const run = spawnSync('sh', [], { input: script, cwd: home, env: { PATH: process.env.PATH, HOME: home } });
  const output = `${String(run.stdout)}${String(run.stderr)}`.trim();
  if (run.status !== 0) throw new Error(`the setup command failed on ${plan.id}: ${output}`);
  const server = (JSON.parse(readFileSync(settingsFile, 'utf8')) as { Server: ServerSection }).Server;
  return { server, output };
}

/**
 * One Thing+ Node gateway: at start it reads its record over the gateway REST, then connects (no
 * credentials, a will) and, refused, tries again every 2 s. Once in: subscribes to its requests, reports
 * `on`, reads its record again, registers its device and sensors, answers timeSync, and once its clock is
 * set publishes values every 2 s.
 */
export class PlayedGateway {
  private client: MqttClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;
  startedAt = 0;
  /** the first GET /gateways/{id} (before it was added) */
  firstRecordStatus = 0;
  refusals = 0;
  lastRefusal = '';
  connectedAt: number | null = null;
  timeSyncAt: number | null = null;
  readonly problems: string[] = [];

  constructor(
    private readonly server: ServerSection,
    readonly plan: GatewayPlan,
    private readonly lang: Lang,
  ) {}

  get id(): string {
    return this.plan.id;
  }

  /** the gateway REST as the Node gateway calls it without a key: the header `gateway: {id}` */
  private rest(method: string, path: string, body?: unknown): Promise<number> {
    const { service } = this.server;
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: service.port,
          localAddress: this.plan.from,
          method,
          path,
          headers: {
            gateway: this.id,
            ...(data === undefined ? {} : { 'content-type': 'application/json' }),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  }

  private publish(topic: string, payload: string, retain = false): Promise<unknown> {
    return this.client!.publishAsync(`v/a/g/${this.id}${topic}`, payload, { qos: 1, retain }).catch(
      (err: Error) => this.problems.push(`publish ${topic}: ${err.message}`),
    );
  }

  async start(): Promise<void> {
    this.startedAt = Date.now();
    if (this.server.service.protocol !== 'http' || this.server.mqtt.protocol !== 'mqtt')
      this.problems.push(`the shown section is not plain: ${JSON.stringify(this.server)}`);
    this.firstRecordStatus = await this.rest('GET', `/gateways/${this.id}`).catch(() => -1);
    const { port } = this.server.mqtt;
    this.client = new MqttClient(
      () => createConnection({ host: '127.0.0.1', port, localAddress: this.plan.from }),
      {
        clientId: this.id,
        protocolVersion: 4,
        clean: true,
        keepalive: 120,
        reconnectPeriod: 2000,
        reconnectOnConnackError: true,
        will: { topic: `v/a/g/${this.id}/mqtt/status`, payload: Buffer.from('err'), qos: 1, retain: true },
      },
    );
    this.client.on('error', (err) => {
      this.refusals += 1;
      this.lastRefusal = err.message;
    });
    this.client.on('message', (_topic, payload) => this.answer(payload));
    this.client.once('connect', () => {
      this.connectedAt = Date.now();
      this.online().catch((err: Error) => this.problems.push(`after connect: ${err.message}`));
    });
  }

  private async online(): Promise<void> {
    await this.client!.subscribeAsync([`v/a/g/${this.id}/req`, `v/a/g/${this.id}/log/filter`], { qos: 1 });
    await this.publish('/mqtt/status', 'on', true);
    await this.publish('/status', 'on,90');
    const record = await this.rest('GET', `/gateways/${this.id}`);
    if (record !== 200) this.problems.push(`GET /gateways/${this.id} answered ${record} once connected`);
    const device = `${this.id}-0`;
    const made = await this.rest('POST', `/gateways/${this.id}/devices`, {
      reqId: device,
      name: device,
      model: 'jsonrpcFullV1.0',
    });
    if (made !== 201 && made !== 409) this.problems.push(`device ${device}: ${made}`);
    for (const s of this.plan.sensors) {
      const status = await this.rest('POST', `/gateways/${this.id}/sensors`, {
        reqId: sensorId(this.id, s),
        name: s.name[this.lang],
        deviceId: device,
        type: s.type,
        category: 'sensor',
        network: 'jsonrpc',
        driverName: 'jsonrpcSensor',
        model: 'jsonrpcNumber',
      });
      if (status !== 201 && status !== 409) this.problems.push(`sensor ${s.key}: ${status}`);
    }
    await this.reportStatus();
    this.timer = setInterval(() => void this.tick(), 2000);
  }

  private answer(payload: Buffer): void {
    let call: { id?: string; method?: string };
    try {
      call = JSON.parse(payload.toString()) as { id?: string; method?: string };
    } catch {
      return; // the log filter
    }
    if (call.method === 'timeSync') this.timeSyncAt ??= Date.now();
    void this.publish('/res', JSON.stringify({ id: call.id, result: '' }));
  }

  private reportStatus(): Promise<unknown> {
    const sensors = this.plan.sensors.map((s) => `${sensorId(this.id, s)},on,90`);
    return Promise.all([
      this.publish('/status', ['on,90', ...sensors].join(',')),
      ...this.plan.sensors.map((s) => this.publish(`/s/${sensorId(this.id, s)}/status`, 'on,90')),
    ]);
  }

  private async tick(): Promise<void> {
    // a real gateway sends no values before the server has set its clock
    if (this.timeSyncAt === null) return;
    const k = ++this.ticks;
    const now = Date.now();
    const values = Object.fromEntries(
      this.plan.sensors.map((s) => {
        const v = s.amp === 0 ? s.base : s.base + s.amp * Math.sin(k / 5) + (s.amp / 10) * Math.sin(k * 1.7);
        return [sensorId(this.id, s), [now, Math.round(v * 100) / 100]];
      }),
    );
    await this.publish('', JSON.stringify(values));
    if (k % 15 === 0) await this.reportStatus();
  }

  /** what the gateway went through, for the report */
  summary(): string {
    const at = (t: number | null) => (t === null ? 'never' : `${((t - this.startedAt) / 1000).toFixed(1)} s`);
    return (
      `${this.id} from ${this.plan.from}: first GET /gateways answered ${this.firstRecordStatus}; ` +
      `${this.refusals} refused connects (last: ${this.lastRefusal || '—'}); connected after ` +
      `${at(this.connectedAt)}, timeSync after ${at(this.timeSyncAt)}`
    );
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.endAsync(true).catch(() => undefined);
  }
}
