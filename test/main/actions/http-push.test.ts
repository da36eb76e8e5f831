// dataPush against a real local HTTP receiver that misbehaves: 500, slow to answer, a huge or endless
// body, a body dripping past the timeout. Each is a recorded failure with a clear reason, retried per
// policy, and nothing of a huge answer is buffered beyond the cap.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { ActionRunner, MAX_ANSWER_BYTES, type Firing } from '../../../src/main/actions/index.js';
import { silentLogger } from '../../../src/main/logger/logger.js';
import { Timeline } from '../../../src/main/timeline/index.js';
import type { RuleAction } from '../../../src/shared/model.js';
import { tempSiteDatabase } from '../../support/db.js';

interface Receiver {
  url: string;
  requests: number;
  /** bytes written to each answer before its connection went away */
  sent: number[];
}

type Answer = (res: ServerResponse, sent: (n: number) => void) => void;

async function receiver(answer: Answer): Promise<Receiver> {
  const r: Receiver = { url: '', requests: 0, sent: [] };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      r.requests += 1;
      const at = r.sent.push(0) - 1;
      answer(res, (n) => (r.sent[at]! += n));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return r;
}

/** Writes 64 KiB chunks for as long as the client reads (and the socket stays open). */
function endless(status: number): Answer {
  return (res, sent) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    const chunk = Buffer.alloc(64 * 1024, 'e');
    const pump = (): void => {
      while (!res.destroyed) {
        const more = res.write(chunk);
        sent(chunk.length);
        if (!more) break;
      }
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  };
}

/** Sends its headers at once, then one byte every 100 ms, forever. */
function dripping(status: number): Answer {
  return (res, sent) => {
    res.writeHead(status, { 'content-type': 'text/plain' });
    const timer = setInterval(() => {
      res.write('d');
      sent(1);
    }, 100);
    res.on('close', () => clearInterval(timer));
  };
}

function setup() {
  const db = tempSiteDatabase();
  const timeline = new Timeline(db);
  const runner = new ActionRunner(
    db,
    timeline,
    {
      publish: () => undefined,
      controlActuator: async () => 'ok',
      names: () => ({ sensorName: 'Motor 3 temperature', gatewayName: 'Line A', unit: '°C' }),
    },
    silentLogger(),
    { backoffMs: 20 },
  );
  return { runner, timeline };
}

const push = (url: string, params: Record<string, unknown> = {}): Firing => ({
  rule: {
    id: 3,
    name: 'Push',
    severity: 'warning',
    actions: [{ agent: 'dataPush', method: { id: 'push', params: { url, ...params } } } as RuleAction],
  },
  gatewayId: 'gw1',
  sensorId: 'temp',
  value: 31,
  condition: '> 30 °C',
  threshold: 30,
  time: Date.now(),
  epoch: 1,
});

async function runOnce(f: Firing) {
  const s = setup();
  const started = Date.now();
  s.runner.run(f);
  await s.runner.idle();
  const [result] = s.runner.results(3);
  assert.ok(result);
  return { result, elapsed: Date.now() - started, timeline: s.timeline };
}

test('dataPush: a 500 with an endless body → failure "HTTP 500: …", retried, each answer cut at the cap', async () => {
  const hook = await receiver(endless(500));
  const { result, elapsed, timeline } = await runOnce(push(hook.url, { retries: 2, timeoutMs: 5000 }));
  assert.deepEqual([result.status, result.attempts], ['failure', 3]);
  assert.match(result.reason!, /^HTTP 500: e{200}…$/);
  assert.equal(hook.requests, 3);
  assert.ok(elapsed < 3000, `took ${elapsed} ms`);
  // the receiver could write no more than the cap plus what the socket buffers hold, then was cut off
  for (const bytes of hook.sent) assert.ok(bytes < MAX_ANSWER_BYTES + 8 * 1024 * 1024, `${bytes} B written`);
  assert.match(
    timeline.list().data[0]!.message,
    /action dataPush\/push failed after 3 attempt\(s\): HTTP 500/,
  );
});

test('dataPush: a 200 with an endless body is a success, and its body is not read', async () => {
  const hook = await receiver(endless(200));
  const { result, elapsed } = await runOnce(push(hook.url, { timeoutMs: 5000 }));
  assert.deepEqual([result.status, result.attempts, result.reason], ['success', 1, null]);
  assert.ok(elapsed < 2000, `took ${elapsed} ms`);
});

test('dataPush: a receiver answering after the timeout → failure "no answer within", retried', async () => {
  const hook = await receiver((res) => {
    const timer = setTimeout(() => res.end('late'), 2000);
    res.on('close', () => clearTimeout(timer));
  });
  const { result, elapsed } = await runOnce(push(hook.url, { retries: 1, timeoutMs: 200 }));
  assert.deepEqual(
    [result.status, result.attempts, result.reason],
    ['failure', 2, 'no answer within 200 ms'],
  );
  assert.equal(hook.requests, 2);
  assert.ok(elapsed >= 400 && elapsed < 1500, `took ${elapsed} ms`);
});

test('dataPush: a 500 whose body drips past the timeout ends at the timeout with what came', async () => {
  const hook = await receiver(dripping(503));
  const { result, elapsed } = await runOnce(push(hook.url, { retries: 1, timeoutMs: 350 }));
  assert.deepEqual([result.status, result.attempts], ['failure', 2]);
  assert.match(result.reason!, /^HTTP 503: d+$/);
  assert.ok(elapsed >= 700 && elapsed < 2000, `took ${elapsed} ms`);
});

test('dataPush: a 200 whose body drips forever is a success at once', async () => {
  const hook = await receiver(dripping(200));
  const { result, elapsed } = await runOnce(push(hook.url, { timeoutMs: 5000 }));
  assert.deepEqual([result.status, result.attempts], ['success', 1]);
  assert.ok(elapsed < 1000, `took ${elapsed} ms`);
});
