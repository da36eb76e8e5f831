import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LiveEvent } from '../../src/shared/api.js';
import { LatestValues, newer } from '../../src/renderer/lib/latest-values.js';

/** A live feed the test drives, and a frame scheduler it runs by hand. */
function setup() {
  let emit: ((ev: LiveEvent) => void) | null = null;
  let frames: (() => void)[] = [];
  const store = new LatestValues(
    (fn) => {
      emit = fn;
      return () => (emit = null);
    },
    (fn) => frames.push(fn),
  );
  const values = (sensorId: string, ...points: [number, number][]) =>
    emit?.({
      type: 'values',
      gatewayId: 'gw',
      sensorId,
      points: points.map(([time, value]) => ({ time, value })),
    } as LiveEvent);
  const frame = () => {
    const run = frames;
    frames = [];
    for (const f of run) f();
  };
  return { store, values, frame, following: () => emit !== null, pendingFrames: () => frames.length };
}

test('a sensor’s listeners hear its own values only, once per frame with the newest', () => {
  const { store, values, frame, pendingFrames } = setup();
  let a = 0;
  let b = 0;
  store.subscribe('gw\na', () => a++);
  store.subscribe('gw\nb', () => b++);
  values('a', [1, 10]);
  values('a', [2, 11]);
  values('a', [3, 12], [4, 13]);
  values('c', [5, 99]);
  assert.equal(pendingFrames(), 1, 'one frame for many messages');
  assert.equal(store.get('gw\na'), undefined, 'nothing applied before the frame');
  frame();
  assert.deepEqual(store.get('gw\na'), { time: 4, value: 13 });
  assert.equal(a, 1);
  assert.equal(b, 0);
  assert.equal(store.get('gw\nc'), undefined, 'a sensor nobody shows is not kept');
});

test('an older value than the one shown is ignored', () => {
  const { store, values, frame } = setup();
  let heard = 0;
  store.subscribe('gw\na', () => heard++);
  values('a', [10, 1]);
  frame();
  values('a', [5, 2]);
  frame();
  assert.deepEqual(store.get('gw\na'), { time: 10, value: 1 });
  assert.equal(heard, 1);
});

test('the live feed is followed only while someone listens', () => {
  const { store, following } = setup();
  assert.equal(following(), false);
  const off1 = store.subscribe('gw\na', () => undefined);
  const off2 = store.subscribe('gw\na', () => undefined);
  assert.equal(following(), true);
  off1();
  assert.equal(following(), true);
  off2();
  assert.equal(following(), false);
});

test('newer picks the later of the loaded and the live value', () => {
  assert.equal(newer(null, undefined), null);
  assert.deepEqual(newer({ time: 2, value: 1 }, { time: 1, value: 0 }), { time: 2, value: 1 });
  assert.deepEqual(newer({ time: 1, value: 1 }, { time: 3, value: 0 }), { time: 3, value: 0 });
});
