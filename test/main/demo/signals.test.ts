// The demo's value generators are pure: the same seed and instant give the same value, shifts follow
// local time, drift stays within its amplitude, events follow the load.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlantState } from '../../../src/main/demo/machines.js';
import { DEMO_SENSOR_COUNT, PLANT, STORY } from '../../../src/main/demo/plant.js';
import {
  cooling,
  drift,
  energyStep,
  eventTimes,
  overheatRise,
  sample,
  seededRandom,
  shiftLoad,
  workingHours,
  type SignalSpec,
} from '../../../src/main/demo/signals.js';
import { utcOffsetMinutes } from '../../../src/main/demo/index.js';

const HOUR = 3_600_000;
// Wednesday 2026-03-04 00:00 UTC
const WED = Date.UTC(2026, 2, 4);

test('seeded: the same seed gives the same sequence, another seed another', () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const c = seededRandom(43);
  const xs = Array.from({ length: 5 }, () => a());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 5 }, () => c()),
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

test('shifts: full load on weekday afternoons, skeleton crew at night and at weekends, in local time', () => {
  assert.equal(shiftLoad(WED + 10 * HOUR, 0), 1);
  assert.equal(shiftLoad(WED + 3 * HOUR, 0), 0.1);
  assert.equal(shiftLoad(WED + 14 * HOUR, 0), 0.7, 'the 14:00 changeover dips');
  assert.equal(shiftLoad(Date.UTC(2026, 2, 7, 12), 0), 0.1, 'Saturday');
  // 03:00 UTC is 12:00 in Seoul (UTC+9)
  assert.equal(shiftLoad(WED + 3 * HOUR, 9 * 60), 1);
  assert.ok(workingHours(WED + 10 * HOUR, 0));
  assert.ok(!workingHours(WED + 23 * HOUR, 0));
  assert.equal(utcOffsetMinutes('Asia/Seoul', WED), 540);
  assert.equal(utcOffsetMinutes('America/New_York', WED), -300);
});

test('drift is slow and bounded; a sample stays within its limits and rounds to its decimals', () => {
  for (let t = WED; t < WED + 7 * 24 * HOUR; t += HOUR) assert.ok(Math.abs(drift(t, 123)) <= 1);
  assert.ok(Math.abs(drift(WED + 60_000, 5) - drift(WED, 5)) < 0.01, 'a minute moves it little');
  const spec: SignalSpec = { base: 30, loadGain: 30, drift: 2, noise: 50, min: 0, max: 80, decimals: 1 };
  const random = seededRandom(1);
  for (let i = 0; i < 500; i++) {
    const v = sample(
      spec,
      WED + i * 60_000,
      9,
      { load: 1, running: true, extra: 0, utcOffsetMinutes: 0 },
      random,
    );
    assert.ok(v >= 0 && v <= 80);
    assert.equal(Math.round(v * 10) / 10, v);
  }
  const quiet: SignalSpec = { ...spec, noise: 0, drift: 0 };
  const at = (running: boolean, extra = 0): number =>
    sample(quiet, WED, 9, { load: 1, running, extra, utcOffsetMinutes: 0 }, random);
  assert.equal(at(true), 60);
  assert.equal(at(false), 30, 'a stopped machine reads its base');
  assert.equal(at(true, 12), 72);
});

test('energy integrates power; events follow the load; a fault heats, then cools once cut', () => {
  assert.equal(energyStep(100, 1000, HOUR), 101);
  assert.equal(energyStep(100, -5, HOUR), 100);
  const day = eventTimes(WED + 8 * HOUR, WED + 16 * HOUR, 30, 0, seededRandom(3)).length;
  const night = eventTimes(WED + 22 * HOUR, WED + 30 * HOUR, 30, 0, seededRandom(3)).length;
  assert.ok(day > night * 2, `${day} events by day, ${night} by night`);
  const times = eventTimes(WED, WED + 24 * HOUR, 30, 0, seededRandom(4));
  assert.deepEqual(
    times,
    [...times].sort((a, b) => a - b),
  );
  assert.equal(overheatRise(10, 0.5, 100), 5);
  assert.equal(overheatRise(1000, 0.5, 70), 70);
  assert.equal(cooling(40, 0, 90), 40);
  assert.ok(cooling(40, 300, 90) < 2);
});

test('the plant: 6 gateways, about 40 sensors; the relay of line A stops its motors', () => {
  assert.equal(PLANT.length, 6);
  assert.equal(DEMO_SENSOR_COUNT, 41);
  const ids = PLANT.flatMap((g) => g.sensors.map((s) => s.id));
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(PLANT.every((g) => g.id.startsWith('demo-')));
  const plant = new PlantState(0);
  const current = PLANT[0]!.sensors.find((s) => s.id === `${STORY.relay.gatewayId}-m1-current`)!;
  const noon = WED + 11 * HOUR;
  assert.ok(plant.read(current, noon)! > 30);
  plant.setRelay('A', false, noon);
  assert.ok(plant.read(current, noon)! < 5);
  // the fault: hotter the longer it runs, cooling once the line is cut
  const temp = PLANT[0]!.sensors.find((s) => s.id === STORY.hotMotor.sensorId)!;
  const hot = new PlantState(0, 10);
  hot.startFault(temp, noon);
  const after = (s: number): number => hot.read(temp, noon + s * 1000)!;
  assert.ok(after(10) > after(0) + 40, `${after(0)} → ${after(10)}`);
  hot.setRelay('A', false, noon + 10_000);
  assert.ok(after(60) < after(10) - 30);
});
