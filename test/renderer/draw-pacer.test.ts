import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DrawPacer, liveDrawInterval } from '../../src/renderer/lib/draw-pacer.js';

function harness(perFrame = 2) {
  let clock = 0;
  const frames: Array<() => void> = [];
  const pacer = new DrawPacer<string>(
    (fn) => frames.push(fn),
    () => clock,
    perFrame,
  );
  const drawn: string[] = [];
  const frame = (at: number) => {
    clock = at;
    const due = frames.splice(0);
    for (const fn of due) fn();
  };
  return { pacer, drawn, frame, frames };
}

test('DrawPacer: a first request draws in the next frame, its latest draw only', () => {
  const h = harness();
  h.pacer.request('a', 1000, () => h.drawn.push('a1'));
  h.pacer.request('a', 1000, () => h.drawn.push('a2'));
  assert.equal(h.frames.length, 1, 'one frame asked for');
  h.frame(16);
  assert.deepEqual(h.drawn, ['a2']);
  assert.equal(h.frames.length, 0, 'no frames while nothing waits');
});

test('DrawPacer: a key is drawn again no sooner than its interval after its last draw', () => {
  const h = harness();
  h.pacer.request('a', 1000, () => h.drawn.push('a'));
  h.frame(16);
  h.pacer.request('a', 1000, () => h.drawn.push('a'));
  for (let t = 32; t < 1016; t += 16) h.frame(t);
  assert.deepEqual(h.drawn, ['a'], 'not before 1 s after the first');
  h.frame(1016);
  assert.deepEqual(h.drawn, ['a', 'a']);
});

test('DrawPacer: at most perFrame draws in a frame, the longest waiting first; cancel drops a draw', () => {
  const h = harness(2);
  for (const k of ['a', 'b', 'c', 'd', 'e']) h.pacer.request(k, 500, () => h.drawn.push(k));
  h.pacer.cancel('e');
  h.frame(16);
  assert.deepEqual(h.drawn, ['a', 'b']);
  h.frame(32);
  assert.deepEqual(h.drawn, ['a', 'b', 'c', 'd']);
  h.frame(48);
  assert.deepEqual(h.drawn, ['a', 'b', 'c', 'd'], 'the cancelled one never draws');
  // a and b were drawn first: due first again
  for (const k of ['d', 'c', 'b', 'a']) h.pacer.request(k, 500, () => h.drawn.push(k));
  h.frame(600);
  assert.deepEqual(h.drawn.slice(4).sort(), ['a', 'b']);
});

test('liveDrawInterval: the time of one pixel, between 250 ms and 1 s', () => {
  assert.equal(liveDrawInterval(60 * 60_000, 600), 1000, 'an hour on 600 px: 6 s a pixel, 1 s at most');
  assert.equal(liveDrawInterval(60_000, 600), 250, 'a minute: 100 ms a pixel, 250 ms at least');
  assert.equal(liveDrawInterval(5 * 60_000, 600), 500);
  assert.equal(liveDrawInterval(60_000, 0), 1000, 'no width yet');
});
