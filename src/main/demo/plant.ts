// The demo factory's layout: two press lines and a compressor room, six gateways, 41 sensors. Ids are
// fixed (and all start with `demo-`), so a restarted demo finds its own gateways again and a person
// reading the console sees at once which gateways are simulated.
import type { SignalSpec } from './signals.js';

/** A production line: its relay powers its motors, its energy meter reads its draw. */
export type LineId = 'A' | 'B' | 'C';

export type DemoSensorKind =
  | { kind: 'analog'; line?: LineId; signal: SignalSpec }
  | { kind: 'power'; line: LineId; ratedW: number }
  | { kind: 'energy'; line: LineId; ratedW: number }
  | { kind: 'event'; perHour: number }
  | { kind: 'relay'; line: LineId };

export type DemoSensorSpec = DemoSensorKind & {
  id: string;
  name: string;
  /** sensor type id from the Thing+ catalogue */
  type: string;
};

export interface DemoGatewaySpec {
  id: string;
  name: string;
  sensors: DemoSensorSpec[];
}

const motorTemp = (base: number): SignalSpec => ({
  base,
  loadGain: 28,
  drift: 2.5,
  noise: 0.3,
  min: 10,
  max: 140,
  decimals: 1,
});
const vibration: SignalSpec = {
  base: 0.05,
  loadGain: 2.2,
  drift: 0.25,
  noise: 0.08,
  min: 0,
  max: 20,
  decimals: 2,
};
const current = (amps: number): SignalSpec => ({
  base: 0.2,
  loadGain: amps,
  drift: amps * 0.03,
  noise: amps * 0.02,
  min: 0,
  max: amps * 2,
  decimals: 2,
});
const hallTemp: SignalSpec = {
  base: 21,
  loadGain: 3,
  drift: 1.5,
  noise: 0.15,
  min: -10,
  max: 50,
  decimals: 1,
  daily: 2.5,
};
const humidity: SignalSpec = {
  base: 48,
  loadGain: -6,
  drift: 6,
  noise: 0.8,
  min: 5,
  max: 100,
  decimals: 0,
  daily: -5,
};
const co2: SignalSpec = { base: 430, loadGain: 420, drift: 40, noise: 12, min: 380, max: 5000, decimals: 0 };
const powerFactor: SignalSpec = {
  base: 0.72,
  loadGain: 0.2,
  drift: 0.02,
  noise: 0.005,
  min: 0,
  max: 1,
  decimals: 2,
};

function motor(gw: string, n: number, line: LineId, label: string, amps: number): DemoSensorSpec[] {
  const id = `${gw}-m${n}`;
  return [
    {
      id: `${id}-temp`,
      name: `${label} temperature`,
      type: 'temperature',
      kind: 'analog',
      line,
      signal: motorTemp(34),
    },
    {
      id: `${id}-vib`,
      name: `${label} vibration`,
      type: 'vibration',
      kind: 'analog',
      line,
      signal: vibration,
    },
    {
      id: `${id}-current`,
      name: `${label} current`,
      type: 'current',
      kind: 'analog',
      line,
      signal: current(amps),
    },
  ];
}

function pressLine(letter: 'A' | 'B', gw: string): DemoGatewaySpec {
  return {
    id: gw,
    name: `Press line ${letter}`,
    sensors: [
      ...motor(gw, 1, letter, `Press ${letter} main motor`, 62),
      ...motor(gw, 2, letter, `Press ${letter} hydraulic pump`, 38),
      {
        id: `${gw}-relay`,
        name: `Press line ${letter} relay`,
        type: 'powerSwitch',
        kind: 'relay',
        line: letter,
      },
    ],
  };
}

function meter(gw: string, line: LineId, label: string, ratedW: number): DemoSensorSpec[] {
  const id = `${gw}-${line.toLowerCase()}`;
  return [
    { id: `${id}-kw`, name: `${label} power`, type: 'electricPower', kind: 'power', line, ratedW },
    { id: `${id}-kwh`, name: `${label} energy`, type: 'power', kind: 'energy', line, ratedW },
    {
      id: `${id}-pf`,
      name: `${label} power factor`,
      type: 'powerFactor',
      kind: 'analog',
      line,
      signal: powerFactor,
    },
  ];
}

export const PRESS_A = 'demo-press-a';
export const PRESS_B = 'demo-press-b';
export const COMPRESSOR = 'demo-compressor';
export const ENERGY = 'demo-energy';
export const HALL = 'demo-hall-env';
export const SECURITY = 'demo-security';

/** The plant: every gateway with its sensors, in the order they are started. */
export const PLANT: readonly DemoGatewaySpec[] = [
  pressLine('A', PRESS_A),
  pressLine('B', PRESS_B),
  {
    id: COMPRESSOR,
    name: 'Compressor room',
    sensors: [
      ...motor(COMPRESSOR, 1, 'C', 'Compressor 1', 85),
      ...motor(COMPRESSOR, 2, 'C', 'Compressor 2', 85),
      {
        id: `${COMPRESSOR}-room-temp`,
        name: 'Compressor room temperature',
        type: 'temperature',
        kind: 'analog',
        signal: { ...hallTemp, base: 27 },
      },
      {
        id: `${COMPRESSOR}-room-hum`,
        name: 'Compressor room humidity',
        type: 'humidity',
        kind: 'analog',
        signal: humidity,
      },
    ],
  },
  {
    id: ENERGY,
    name: 'Energy meters',
    sensors: [
      ...meter(ENERGY, 'A', 'Line A', 95_000),
      ...meter(ENERGY, 'B', 'Line B', 80_000),
      ...meter(ENERGY, 'C', 'Compressors', 110_000),
    ],
  },
  {
    id: HALL,
    name: 'Hall environment',
    sensors: ['north', 'south'].flatMap((zone) => [
      {
        id: `${HALL}-${zone}-temp`,
        name: `Hall ${zone} temperature`,
        type: 'temperature',
        kind: 'analog' as const,
        signal: hallTemp,
      },
      {
        id: `${HALL}-${zone}-hum`,
        name: `Hall ${zone} humidity`,
        type: 'humidity',
        kind: 'analog' as const,
        signal: humidity,
      },
      {
        id: `${HALL}-${zone}-co2`,
        name: `Hall ${zone} CO2`,
        type: 'co2',
        kind: 'analog' as const,
        signal: co2,
      },
    ]),
  },
  {
    id: SECURITY,
    name: 'Doors and motion',
    sensors: [
      { id: `${SECURITY}-gate-door`, name: 'Loading gate door', type: 'door', kind: 'event', perHour: 4 },
      { id: `${SECURITY}-office-door`, name: 'Office door', type: 'door', kind: 'event', perHour: 6 },
      { id: `${SECURITY}-hall-motion`, name: 'Hall motion', type: 'motion', kind: 'event', perHour: 20 },
      {
        id: `${SECURITY}-store-motion`,
        name: 'Store room motion',
        type: 'motion',
        kind: 'event',
        perHour: 5,
      },
    ],
  },
];

/** The sensors the story and the preset rules act on. */
export const STORY = {
  hotMotor: { gatewayId: PRESS_A, sensorId: `${PRESS_A}-m1-temp` },
  relay: { gatewayId: PRESS_A, sensorId: `${PRESS_A}-relay` },
  dropout: { gatewayId: COMPRESSOR },
  door: { gatewayId: SECURITY, sensorId: `${SECURITY}-gate-door` },
} as const;

/** The plant's line letter for a gateway's relay (the relay that powers each line's motors). */
export function lineOfRelay(gatewayId: string): LineId | undefined {
  return PLANT.find((g) => g.id === gatewayId)?.sensors.find((s) => s.kind === 'relay')?.line;
}

export const DEMO_GATEWAY_IDS: readonly string[] = PLANT.map((g) => g.id);
export const DEMO_SENSOR_COUNT = PLANT.reduce((n, g) => n + g.sensors.length, 0);
