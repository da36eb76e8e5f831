// The demo site as a service: start (simulated gateways on loopback, a past week, preset rules, the
// story), stop (the gateways disconnect; everything stays), remove (everything the demo made goes,
// nothing else). The simulated gateways reach the site only through its own broker and gateway REST,
// so the demo exercises the product rather than a shortcut.
import type { DemoRemoved, DemoStartRequest, DemoStatus } from '../../shared/demo.js';
import type { ActionRunner } from '../actions/index.js';
import type { Alarms } from '../alarms/index.js';
import type { SiteConfig } from '../config/config.js';
import { ServiceError, badRequest } from '../errors.js';
import type { Logger } from '../logger/logger.js';
import type { Registry } from '../registry/index.js';
import type { RulesEngine } from '../rules/index.js';
import { validTimezone } from '../rules/validate.js';
import type { SeriesStore } from '../series/types.js';
import type { Timeline } from '../timeline/index.js';
import { SimulatedGateway, type GatewayEndpoints } from './gateway.js';
import { writeHistory } from './history.js';
import { PlantState } from './machines.js';
import { DEMO_GATEWAY_IDS, PLANT, STORY } from './plant.js';
import { presetRules } from './presets.js';
import { DemoRecordFile, type DemoRecord } from './record.js';
import { Story, demoStory } from './story.js';

export interface DemoDeps {
  registry: Registry;
  rules: RulesEngine;
  alarms: Alarms;
  timeline: Timeline;
  actions: ActionRunner;
  series: SeriesStore;
  logger: Logger;
  dataDir: string;
}

const WEEK_MS = 7 * 24 * 3_600_000;
const HISTORY_STEP_MS = 5 * 60_000;
const LIVE_INTERVAL_MS = 2000;
const STATUS_EVERY_MS = 60_000;
const MAX_SPEED = 100;

interface Running {
  gateways: SimulatedGateway[];
  plant: PlantState;
  story: Story;
  timers: NodeJS.Timeout[];
  startedAt: number;
}

/** The local UTC offset of `timezone` at `at`, in minutes (the shifts follow the site's clock). */
export function utcOffsetMinutes(timezone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/** The site's own listeners as seen from this machine: a wildcard bind is reached on loopback. */
export function loopbackEndpoints(
  config: Pick<SiteConfig, 'mqtt' | 'http' | 'gatewayHttp'>,
  ports: { mqtt: number; http: number; gatewayHttp: number | null },
): GatewayEndpoints {
  const local = (host: string): string => {
    if (host === '0.0.0.0' || host === '') return '127.0.0.1';
    if (host === '::') return '[::1]';
    return host.includes(':') ? `[${host}]` : host;
  };
  const rest =
    ports.gatewayHttp !== null
      ? `http://${local(config.gatewayHttp.host)}:${ports.gatewayHttp}`
      : `http://${local(config.http.host)}:${ports.http}`;
  return { mqttUrl: `mqtt://${local(config.mqtt.host)}:${ports.mqtt}`, restUrl: rest };
}

export class DemoService {
  private readonly file: DemoRecordFile;
  private endpoints: GatewayEndpoints | null = null;
  private running: Running | null = null;
  private busy: Promise<unknown> | null = null;

  constructor(private readonly d: DemoDeps) {
    this.file = new DemoRecordFile(d.dataDir);
  }

  /** The site's listeners are up: where the simulated gateways connect. */
  attach(endpoints: GatewayEndpoints): void {
    this.endpoints = endpoints;
  }

  status(): DemoStatus {
    const gateways = (this.file.read()?.gateways ?? []).filter((id) => this.d.registry.hasGateway(id));
    const sensors = gateways.reduce((n, id) => n + this.d.registry.listSensors(id).length, 0);
    return {
      running: this.running !== null,
      gateways: gateways.length,
      sensors,
      startedAt: this.running?.startedAt ?? null,
    };
  }

  /** Starts the demo (or resumes one whose gateways are still registered); 409 while one runs. */
  async start(request: DemoStartRequest = {}): Promise<DemoStatus> {
    if (this.running || this.busy)
      throw new ServiceError(
        'ES_DEMO_RUNNING',
        'the demo is already running (DELETE /api/v1/demo removes it)',
      );
    const speed = request.speed ?? 1;
    if (!(Number.isFinite(speed) && speed >= 1 && speed <= MAX_SPEED))
      throw badRequest(`speed must be a number from 1 to ${MAX_SPEED}, got ${String(request.speed)}`);
    const timezone = request.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!validTimezone(timezone)) throw badRequest(`timezone: unknown "${timezone}"`);
    const endpoints = this.endpoints;
    if (!endpoints) throw new ServiceError('ES_INTERNAL', 'the demo cannot start before the site listens');
    const work = this.launch(endpoints, speed, timezone);
    this.busy = work;
    try {
      await work;
    } finally {
      this.busy = null;
    }
    return this.status();
  }

  private async launch(endpoints: GatewayEndpoints, speed: number, timezone: string): Promise<void> {
    const started = Date.now();
    const record = this.claim(started);
    const plant = new PlantState(utcOffsetMinutes(timezone, started), speed);
    for (const spec of PLANT)
      for (const sensor of spec.sensors) {
        const last = sensor.kind === 'energy' ? this.d.series.latest(spec.id, sensor.id) : undefined;
        if (last && typeof last.value === 'number') plant.seedEnergy(sensor.id, last.value, last.time);
      }
    const gateways = PLANT.map((spec) => {
      const apiKey = this.d.registry.hasGateway(spec.id)
        ? // a resumed demo: its key was shown to nobody, so a new one costs nothing
          this.d.registry.rotateApiKey(spec.id)
        : this.d.registry.registerGateway({
            id: spec.id,
            name: `${spec.name} (demo)`,
            model: '34',
            legacyPlainTcp: false,
          }).apiKey;
      return new SimulatedGateway(spec, apiKey, endpoints, plant, this.d.logger);
    });
    const running: Running = {
      gateways,
      plant,
      story: new Story([], speed, this.d.logger),
      timers: [],
      startedAt: started,
    };
    this.running = running;
    // stop() (the site closing, say) may come while this waits: then nothing more may start
    const stillWanted = (): void => {
      if (this.running !== running) throw new Error('it was stopped while starting');
    };
    try {
      await Promise.all(gateways.map(async (g) => (await g.register(), await g.connect())));
      stillWanted();
      const fresh = gateways.filter((g) => !record.history.includes(g.id));
      const values = await writeHistory(fresh, plant, {
        from: started - WEEK_MS,
        to: started,
        stepMs: HISTORY_STEP_MS,
      });
      stillWanted();
      record.history.push(...fresh.map((g) => g.id));
      this.file.write(record);
      this.ensureRules(record, speed, timezone);
      this.live(running, Math.max(250, Math.round(LIVE_INTERVAL_MS / Math.sqrt(speed))), started);
      running.story = new Story(this.script(running), speed, this.d.logger);
      running.story.start();
      this.d.logger.info(
        { gateways: gateways.length, historyValues: values, ms: Date.now() - started, speed, timezone },
        'demo started',
      );
    } catch (err) {
      if (this.running === running) this.running = null;
      await this.halt(running);
      throw new ServiceError('ES_INTERNAL', `the demo did not start: ${(err as Error).message}`);
    }
  }

  /** Refuses ids a real gateway already has; records the demo's ids before anything is registered. */
  private claim(now: number): DemoRecord {
    const record = this.file.read() ?? { gateways: [], rules: [], history: [], createdAt: now };
    const taken = DEMO_GATEWAY_IDS.filter(
      (id) => this.d.registry.hasGateway(id) && !record.gateways.includes(id),
    );
    if (taken.length > 0)
      throw new ServiceError(
        'ES_DEMO_ID_TAKEN',
        `gateway ids the demo uses are registered and not the demo's: ${taken.join(', ')}; the demo never touches them`,
      );
    record.gateways = [...new Set([...record.gateways, ...DEMO_GATEWAY_IDS])];
    this.file.write(record);
    return record;
  }

  /** The preset rules, saved once; a resumed demo keeps the ones still there (an operator may have edited them). */
  private ensureRules(record: DemoRecord, speed: number, timezone: string): void {
    const existing = new Set(this.d.rules.list().map((r) => r.id));
    record.rules = record.rules.filter((id) => existing.has(id));
    if (record.rules.length === 0) {
      for (const input of presetRules({ speed, timezone })) {
        record.rules.push(this.d.rules.create(input).id);
        this.file.write(record);
      }
    }
  }

  /** Live values every interval and each gateway's status every minute, as the gateways would send them. */
  private live(running: Running, intervalMs: number, since: number): void {
    let last = since;
    const busy = new Set<string>();
    const tick = (): void => {
      const now = Date.now();
      for (const g of running.gateways) {
        if (busy.has(g.id)) continue;
        busy.add(g.id);
        g.publishValues(g.readings(last, now))
          .catch((err: unknown) => this.d.logger.debug({ err, gatewayId: g.id }, 'demo values not sent'))
          .finally(() => busy.delete(g.id));
      }
      last = now;
    };
    tick();
    const values = setInterval(tick, intervalMs);
    const status = setInterval(() => {
      for (const g of running.gateways) void g.publishStatus().catch(() => undefined);
    }, STATUS_EVERY_MS);
    values.unref();
    status.unref();
    running.timers.push(values, status);
  }

  private script(running: Running): ReturnType<typeof demoStory> {
    const gateway = (id: string): SimulatedGateway => {
      const g = running.gateways.find((x) => x.id === id);
      if (!g) throw new Error(`no demo gateway ${id}`);
      return g;
    };
    const hot = PLANT.flatMap((g) => g.sensors).find((s) => s.id === STORY.hotMotor.sensorId);
    return demoStory({
      overheat: () => {
        if (hot) running.plant.startFault(hot, Date.now());
      },
      dropOut: () => gateway(STORY.dropout.gatewayId).dropOut(),
      reconnect: () => gateway(STORY.dropout.gatewayId).connect(),
      openDoor: () => gateway(STORY.door.gatewayId).fire(STORY.door.sensorId, Date.now()),
    });
  }

  /** The simulated gateways end their sessions; the demo's gateways, values and rules stay. */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    if (running) await this.halt(running);
    // a start under way sees it was stopped and undoes what it began
    if (this.busy) await this.busy.catch(() => undefined);
  }

  private async halt(running: Running): Promise<void> {
    running.story.stop();
    for (const timer of running.timers) clearInterval(timer);
    await Promise.all(running.gateways.map((g) => g.stop()));
  }

  /** The relay commands the simulated gateways answered (tests and the log). */
  commands(): Array<{ gatewayId: string; sensorId: string; cmd: string }> {
    return (this.running?.gateways ?? []).flatMap((g) => g.commands.map((c) => ({ gatewayId: g.id, ...c })));
  }

  /** Removes every gateway, sensor, value, rule, alarm and timeline entry the demo made, and nothing else. */
  async remove(): Promise<DemoRemoved> {
    await this.stop();
    const record = this.file.read();
    const removed: DemoRemoved = { gateways: 0, sensors: 0, rules: 0, alarms: 0, timeline: 0 };
    if (!record) return removed;
    const { registry, rules } = this.d;
    const gatewayIds = record.gateways.filter((id) => registry.hasGateway(id));
    const ours = new Set(gatewayIds);
    const ruleIds = rules
      .list()
      .filter((r) => record.rules.includes(r.id) || ours.has(r.gatewayId))
      .map((r) => r.id);
    // rules first: their alarms close now rather than fire as the gateways go
    for (const id of ruleIds) rules.delete(id);
    removed.rules = ruleIds.length;
    for (const gatewayId of gatewayIds) {
      for (const sensor of registry.listSensors(gatewayId)) {
        registry.deleteSensor(gatewayId, sensor.id);
        // awaited here (the registry's listener does not wait), so the answer means the values are gone
        await this.d.series.deleteSensor(gatewayId, sensor.id);
        removed.sensors += 1;
      }
      registry.deleteGateway(gatewayId);
      removed.gateways += 1;
    }
    // a relay command still under way would write its result after the cleanup
    await this.d.actions.idle();
    const allRules = [...new Set([...ruleIds, ...record.rules])];
    removed.alarms = this.d.alarms.removeFor(record.gateways, allRules);
    this.d.actions.forgetResults(allRules);
    removed.timeline = this.d.timeline.removeFor(record.gateways, allRules);
    this.file.remove();
    this.d.logger.info(removed, 'demo removed');
    return removed;
  }
}
