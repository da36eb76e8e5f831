// The plant's physics, shared by its gateways: which line's relay is on, which motor is overheating,
// and what each sensor reads at an instant. Gateways only report what this says (as sensors on real
// machines would), so a relay switched off by a rule's actuator command shows in every motor of its
// line and in the line's energy meter.
import type { DemoSensorSpec, LineId } from './plant.js';
import {
  cooling,
  eventTimes,
  hashSeed,
  overheatRise,
  round,
  sample,
  seededRandom,
  shiftLoad,
  energyStep,
  gaussian,
} from './signals.js';

interface Fault {
  line: LineId | undefined;
  startedAt: number;
  degreesPerSecond: number;
  maxExtra: number;
  /** when the line's relay cut the motor, and how hot it was then */
  cutAt: number | null;
  extraAtCut: number;
}

const COOLING_TAU_SECONDS = 90;

export class PlantState {
  private readonly relays = new Map<LineId, boolean>([
    ['A', true],
    ['B', true],
    ['C', true],
  ]);
  private readonly faults = new Map<string, Fault>();
  private readonly kwh = new Map<string, { kwh: number; time: number }>();
  private readonly random: () => number;

  /**
   * `speed` compresses story time (a fault heats faster in a sped-up demo); `utcOffsetMinutes` places
   * the shifts in the site's local time.
   */
  constructor(
    readonly utcOffsetMinutes: number,
    readonly speed = 1,
    seed = 7,
  ) {
    this.random = seededRandom(seed);
  }

  relayOn(line: LineId): boolean {
    return this.relays.get(line) ?? true;
  }

  setRelay(line: LineId, on: boolean, now: number): void {
    this.relays.set(line, on);
    for (const fault of this.faults.values()) {
      if (fault.line !== line) continue;
      if (!on && fault.cutAt === null) {
        fault.extraAtCut = this.faultExtra(fault, now);
        fault.cutAt = now;
      }
    }
  }

  /** A resumed demo's meters go on from what they last reported (a meter never runs backwards). */
  seedEnergy(sensorId: string, kwh: number, time: number): void {
    this.kwh.set(sensorId, { kwh, time });
  }

  /** The story: a motor starts to overheat now. */
  startFault(sensor: DemoSensorSpec, now: number, degreesPerSecond = 0.6, maxExtra = 70): void {
    const line = sensor.kind === 'analog' ? sensor.line : undefined;
    this.faults.set(sensor.id, {
      line,
      startedAt: now,
      degreesPerSecond,
      maxExtra,
      cutAt: null,
      extraAtCut: 0,
    });
  }

  private faultExtra(fault: Fault, now: number): number {
    const storySeconds = ((now - fault.startedAt) / 1000) * this.speed;
    if (fault.cutAt === null) return overheatRise(storySeconds, fault.degreesPerSecond, fault.maxExtra);
    return cooling(fault.extraAtCut, ((now - fault.cutAt) / 1000) * this.speed, COOLING_TAU_SECONDS);
  }

  /** What an analogue, power or energy sensor reads at `time` (events and relays are not read this way). */
  read(sensor: DemoSensorSpec, time: number): number | null {
    const load = shiftLoad(time, this.utcOffsetMinutes);
    switch (sensor.kind) {
      case 'analog': {
        const running = sensor.line === undefined || this.relayOn(sensor.line);
        const fault = this.faults.get(sensor.id);
        const extra = fault && time >= fault.startedAt ? this.faultExtra(fault, time) : 0;
        const conditions = { load, running, extra, utcOffsetMinutes: this.utcOffsetMinutes };
        return sample(sensor.signal, time, hashSeed(sensor.id), conditions, this.random);
      }
      case 'power':
        return round(this.powerW(sensor.line, sensor.ratedW, load), 0);
      case 'energy': {
        const last = this.kwh.get(sensor.id) ?? { kwh: 1000 + (hashSeed(sensor.id) % 5000), time };
        const kwh = energyStep(last.kwh, this.powerW(sensor.line, sensor.ratedW, load), time - last.time);
        this.kwh.set(sensor.id, { kwh, time });
        return round(kwh, 2);
      }
      default:
        return null;
    }
  }

  private powerW(line: LineId, ratedW: number, load: number): number {
    // a line switched off still draws its controls and lighting
    const base = ratedW * 0.04;
    const running = this.relayOn(line) ? ratedW * 0.85 * load : 0;
    return Math.max(0, base + running + ratedW * 0.01 * gaussian(this.random));
  }

  /** Event sensors (doors, motion): the times they fire in [from, to). */
  events(sensor: DemoSensorSpec, from: number, to: number): number[] {
    if (sensor.kind !== 'event') return [];
    return eventTimes(from, to, sensor.perHour, this.utcOffsetMinutes, this.random);
  }
}
