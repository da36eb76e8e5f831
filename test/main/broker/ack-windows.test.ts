// When the broker hurries a commit (ack-windows.ts): senders blocked on their whole QoS 1 window, and
// never senders on their own schedule. A fake clock in ms.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AckWindows } from '../../../src/main/broker/ack-windows.js';

function setup() {
  let now = 0;
  const w = new AckWindows(() => now);
  return { w, advance: (ms: number) => (now += ms) };
}

/** a sender that first fills its window of `n` (not eager yet: nothing was acknowledged before) */
function fill(w: AckWindows, client: object, n: number): boolean[] {
  return Array.from({ length: n }, () => w.published(client));
}

describe('AckWindows', () => {
  test('senders that resend at once after their PUBACKs are hurried once all their windows are queued', () => {
    const { w, advance } = setup();
    const a = {};
    const b = {};
    // first round: nobody has been acknowledged yet, so nobody is known to be waiting on us
    assert.deepEqual([...fill(w, a, 4), ...fill(w, b, 4)], Array(8).fill(false));
    advance(15);
    for (let i = 0; i < 4; i++) w.acked(a);
    for (let i = 0; i < 4; i++) w.acked(b);
    advance(0.2);
    // a sends its window again at once; b has not yet: waiting still gathers b's
    assert.deepEqual(fill(w, a, 4), [false, false, false, false]);
    advance(0.2);
    // b's last message completes every eager window
    assert.deepEqual(fill(w, b, 4), [false, false, false, true]);
  });

  test('a sender acknowledged a moment ago counts as about to send; one silent for longer does not', () => {
    const { w, advance } = setup();
    const a = {};
    const b = {};
    fill(w, a, 2);
    fill(w, b, 2);
    advance(10);
    for (const c of [a, b, a, b]) w.acked(c);
    advance(1);
    fill(w, a, 1);
    // b was acknowledged 1 ms ago and is eager: its window will come
    assert.equal(w.published(a), false);
    // a's window is complete again after an ack; b stays silent for 6 ms (beyond the 5 ms eagerness)
    w.acked(a);
    w.acked(a);
    advance(0.5);
    fill(w, a, 1);
    advance(6);
    assert.equal(w.published(a), true, 'b no longer holds the commit back');
  });

  test('senders on their own schedule (a message long after its PUBACK) are never hurried', () => {
    const { w, advance } = setup();
    const gateways = [{}, {}, {}];
    for (let round = 0; round < 5; round++) {
      for (const g of gateways) {
        assert.equal(w.published(g), false);
        advance(5);
        w.acked(g);
        advance(300);
      }
    }
  });

  test('a disconnected sender no longer holds the others back', () => {
    const { w, advance } = setup();
    const a = {};
    const b = {};
    fill(w, a, 2);
    fill(w, b, 2);
    advance(10);
    for (const c of [a, b, a, b]) w.acked(c);
    advance(0.1);
    fill(w, b, 1); // b is eager and half-full
    assert.equal(w.published(a), false);
    w.forget(b);
    assert.equal(w.published(a), true);
  });
});
