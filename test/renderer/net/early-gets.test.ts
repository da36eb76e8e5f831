import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';

// the module reads `window` and `fetch`: a page at http://site/ whose fetch answers each path by its name
const asked: string[] = [];
let answer: (path: string) => Promise<Response>;
beforeEach(() => {
  asked.length = 0;
  answer = async (url) => new Response(JSON.stringify({ url }), { status: 200 });
  Object.assign(globalThis, {
    window: { location: { protocol: 'http:', host: 'site' } },
  });
  globalThis.fetch = ((url: string) => {
    asked.push(url);
    return answer(url);
  }) as typeof fetch;
});

const { dropEarly, earlyRead, peekEarly, sendEarly, takeEarly, SHARED_FOR_MS } =
  await import('../../../src/renderer/net/early-gets.js');
afterEach(() => dropEarly());

test('an early GET is asked once and each taker reads its own copy of the answer', async () => {
  sendEarly(['/overview', '/overview']);
  assert.deepEqual(asked, ['/api/v1/overview']);
  const a = takeEarly('/overview');
  const b = takeEarly('/overview');
  assert.ok(a && b);
  assert.deepEqual(await (await a).json(), { url: '/api/v1/overview' });
  assert.deepEqual(await (await b).json(), { url: '/api/v1/overview' });
  assert.equal(takeEarly('/gateways'), null, 'never sent: the page asks the site');
});

test('an answer is handed out only until SHARED_FOR_MS after it came', async (t) => {
  let now = 1000;
  t.mock.method(performance, 'now', () => now);
  sendEarly(['/alarms']);
  await (await takeEarly('/alarms'))!.text();
  now += SHARED_FOR_MS + 1;
  assert.equal(takeEarly('/alarms'), null);
  assert.equal(takeEarly('/alarms'), null, 'forgotten: later asks go to the site');
});

test('a write or a live change drops every early answer', async () => {
  sendEarly(['/overview', '/gateways']);
  dropEarly();
  assert.equal(takeEarly('/overview'), null);
  assert.equal(takeEarly('/gateways'), null);
});

test('a failed early GET reaches its taker, not an unhandled rejection', async () => {
  answer = () => Promise.reject(new TypeError('Failed to fetch'));
  sendEarly(['/overview']);
  await assert.rejects(takeEarly('/overview')!, /Failed to fetch/);
});

/** lets the answer's promise callbacks (the response, then its JSON read) run */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

test('peekEarly hands a first render the answer once read, and takers still get their copy', async () => {
  sendEarly(['/overview']);
  assert.equal(peekEarly('/overview'), undefined, 'not come yet: the page loads through request');
  await settle();
  assert.deepEqual(peekEarly('/overview'), { url: '/api/v1/overview' });
  assert.equal(peekEarly('/overview'), peekEarly('/overview'), 'one value, shared (not to be changed)');
  assert.deepEqual(await (await takeEarly('/overview'))!.json(), { url: '/api/v1/overview' });
  assert.equal(peekEarly('/gateways'), undefined, 'never sent');
});

test('peekEarly: nothing after SHARED_FOR_MS, after a drop, for an error or for what is not JSON', async (t) => {
  let now = 1000;
  t.mock.method(performance, 'now', () => now);
  sendEarly(['/overview']);
  await settle();
  assert.ok(peekEarly('/overview'));
  now += SHARED_FOR_MS + 1;
  assert.equal(peekEarly('/overview'), undefined, 'too old: the page asks the site');
  dropEarly();

  sendEarly(['/overview']);
  await settle();
  dropEarly();
  assert.equal(peekEarly('/overview'), undefined, 'dropped after a write');

  answer = async () => new Response(JSON.stringify({ statusCode: 500, message: 'boom' }), { status: 500 });
  sendEarly(['/alarms']);
  await settle();
  assert.equal(peekEarly('/alarms'), undefined, "an error goes the taker's way (request reports it)");
  assert.equal((await takeEarly('/alarms'))!.status, 500);

  answer = async () => new Response('<html>', { status: 200 });
  sendEarly(['/demo']);
  await settle();
  assert.equal(peekEarly('/demo'), undefined, 'not JSON: request reports it');
});

test('earlyRead: settles once the answer is read or has failed, at once when never sent', async () => {
  sendEarly(['/overview']);
  await earlyRead('/overview');
  assert.deepEqual(peekEarly('/overview'), { url: '/api/v1/overview' }, 'read by the time it settles');

  answer = () => Promise.reject(new TypeError('Failed to fetch'));
  sendEarly(['/demo']);
  await earlyRead('/demo');
  await assert.rejects(takeEarly('/demo')!, /Failed to fetch/, "the failure is still the taker's");

  let settled = false;
  answer = () => new Promise<Response>(() => undefined); // the site never answers
  sendEarly(['/gateways']);
  void earlyRead('/gateways').then(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(settled, false, 'not settled while the answer is out (main.tsx bounds the wait)');
  await earlyRead('/rules'); // never sent
});
