// Rule actions against real parts: a local HTTP receiver (200, 500, slow), the timeline, an MQTT publish
// port and an actuator port; results recorded with their attempts; templates and validation.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import {
  ActionRunner,
  actionProblems,
  renderTemplate,
  unknownTemplateFields,
} from '../../../src/main/actions/index.js';
import type { Firing } from '../../../src/main/actions/index.js';
import { silentLogger } from '../../../src/main/logger/logger.js';
import { RulesEngine } from '../../../src/main/rules/index.js';
import { Timeline } from '../../../src/main/timeline/index.js';
import type { RuleAction } from '../../../src/shared/model.js';
import { tempSiteDatabase } from '../../support/db.js';

interface Received {
  body: unknown;
}
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function receiver(handler: Handler): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ body: JSON.parse(body) as unknown });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

function setup() {
  const db = tempSiteDatabase();
  const timeline = new Timeline(db);
  const published: Array<[string, string, number]> = [];
  const commands: unknown[] = [];
  const runner = new ActionRunner(
    db,
    timeline,
    {
      publish: (topic, payload, qos) => published.push([topic, payload, qos]),
      controlActuator: async (gatewayId, sensorId, cmd, options) => {
        commands.push({ gatewayId, sensorId, cmd, options });
        if (cmd === 'explode') throw new Error('gateway offline');
        return 'ok';
      },
      names: () => ({ sensorName: 'Motor 3 temperature', gatewayName: 'Line A', unit: '°C' }),
    },
    silentLogger(),
    { backoffMs: 10 },
  );
  return { db, timeline, runner, published, commands };
}

const firing = (actions: RuleAction[]): Firing => ({
  rule: { id: 7, name: 'Motor hot', severity: 'fatal', actions },
  gatewayId: 'gw1',
  sensorId: 'temp',
  value: 85.5,
  condition: 'over 80',
  threshold: 80,
  time: Date.parse('2026-01-05T10:00:00Z'),
  epoch: 2,
});

test('dataPush: a 200 receiver gets the rendered body once; success recorded', async () => {
  const hook = await receiver((_req, res) => res.end('ok'));
  const s = setup();
  s.runner.run(
    firing([
      {
        agent: 'dataPush',
        method: {
          id: 'push',
          params: { url: hook.url, body: { text: '{{sensorName}}@{{gatewayName}}: {{value}} {{unit}}' } },
        },
      },
    ]),
  );
  await s.runner.idle();
  assert.deepEqual(hook.received, [{ body: { text: 'Motor 3 temperature@Line A: 85.5 °C' } }]);
  const [result] = s.runner.results(7);
  assert.equal(result?.status, 'success');
  assert.equal(result?.attempts, 1);
  assert.equal(result?.action, 'dataPush/push');
});

test('dataPush: a receiver answering 500 → retried with back-off, then a recorded failure on the timeline', async () => {
  const hook = await receiver((_req, res) => {
    res.statusCode = 500;
    res.end('x'.repeat(1_000_000)); // a huge body is not read
  });
  const s = setup();
  s.runner.run(
    firing([{ agent: 'dataPush', method: { id: 'push', params: { url: hook.url, retries: 2 } } }]),
  );
  await s.runner.idle();
  assert.equal(hook.received.length, 3);
  const [result] = s.runner.results(7);
  // the reason carries the start of the answer, never all of it
  assert.deepEqual([result?.status, result?.attempts], ['failure', 3]);
  assert.match(result!.reason!, /^HTTP 500: x{200}…$/);
  const [entry] = s.timeline.list().data;
  assert.equal(entry?.success, 'n');
  assert.match(entry!.message, /dataPush\/push failed after 3 attempt\(s\): HTTP 500/);
});

test('dataPush: a 4xx is not retried; a slow receiver times out; an unreachable one fails', async () => {
  const bad = await receiver((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  const slow = await receiver(() => undefined); // never answers
  const s = setup();
  s.runner.run(firing([{ agent: 'dataPush', method: { id: 'push', params: { url: bad.url } } }]));
  s.runner.run(
    firing([
      { agent: 'dataPush', method: { id: 'push', params: { url: slow.url, timeoutMs: 200, retries: 1 } } },
    ]),
  );
  s.runner.run(
    firing([
      { agent: 'dataPush', method: { id: 'push', params: { url: 'http://127.0.0.1:1/x', retries: 0 } } },
    ]),
  );
  await s.runner.idle();
  const byReason = s.runner.results(7).map((r) => [r.status, r.attempts, r.reason]);
  assert.equal(byReason.length, 3);
  assert.deepEqual(
    byReason.find((r) => r[2] === 'HTTP 404'),
    ['failure', 1, 'HTTP 404'],
  );
  assert.deepEqual(
    byReason.find((r) => r[2] === 'no answer within 200 ms'),
    ['failure', 2, 'no answer within 200 ms'],
  );
  assert.ok(
    byReason.some(
      (r) => r[0] === 'failure' && r[1] === 1 && r[2] !== 'HTTP 404' && r[2] !== 'no answer within 200 ms',
    ),
  );
});

test('a hanging action does not hold up the others: run() returns at once', async () => {
  const slow = await receiver(() => undefined);
  const s = setup();
  s.runner.run(
    firing([
      { agent: 'dataPush', method: { id: 'push', params: { url: slow.url, timeoutMs: 300, retries: 0 } } },
      { agent: 'timeline', method: { id: 'add', params: { message: '{{ruleName}}: {{value}} {{unit}}' } } },
      {
        agent: 'mqtt',
        method: { id: 'publish', params: { topic: 'site/alarms', payload: { v: '{{value}}' }, qos: 1 } },
      },
      {
        agent: 'actuator',
        method: {
          id: 'controlActuator',
          params: { gatewayId: 'gw1', sensorId: 'fan', cmd: 'on', options: { duration: 5000 } },
        },
      },
    ]),
  );
  // returned before the push ended (its result is written when it does), not by a clock: a loaded
  // machine must not fail this
  assert.ok(
    !s.runner.results(7).some((r) => r.action.startsWith('dataPush')),
    'the hanging push is still running when run() has returned',
  );
  assert.deepEqual(s.published, [['site/alarms', '{"v":"85.5"}', 1]]);
  assert.equal(s.timeline.list().data[0]?.message, 'Motor hot: 85.5 °C');
  await s.runner.idle();
  assert.deepEqual(s.commands, [
    { gatewayId: 'gw1', sensorId: 'fan', cmd: 'on', options: { duration: 5000 } },
  ]);
  const statuses = s.runner
    .results(7)
    .map((r) => `${r.actionIndex}:${r.action}:${r.status}`)
    .sort();
  assert.deepEqual(statuses, [
    '0:dataPush/push:failure',
    '1:timeline/add:success',
    '2:mqtt/publish:success',
    '3:actuator/controlActuator:success',
  ]);
});

test('an actuator command that fails is recorded with its reason', async () => {
  const s = setup();
  s.runner.run(
    firing([
      {
        agent: 'actuator',
        method: { id: 'controlActuator', params: { gatewayId: 'gw1', sensorId: 'fan', cmd: 'explode' } },
      },
    ]),
  );
  await s.runner.idle();
  assert.deepEqual(
    s.runner.results(7).map((r) => [r.status, r.reason]),
    [['failure', 'gateway offline']],
  );
});

test('templates: known fields rendered, unknown ones found', () => {
  assert.deepEqual(unknownTemplateFields('{{value}} {{ sensorName }} {{sensorId}} {{nope}}'), [
    'sensorId',
    'nope',
  ]);
  assert.equal(renderTemplate('{{ value }}{{unit}}', { value: '1', unit: 'V' } as never), '1V');
});

test('bad actions are refused, each problem naming its field', () => {
  const exists = (gw: string, sid: string) => gw === 'gw1' && sid === 'fan';
  const cases: Array<[unknown, RegExp]> = [
    [[], /1 to 5 actions/],
    [[{ agent: 'sms', method: { id: 'send' } }], /actions\[0\]\.agent: unknown agent "sms"/],
    [[{ agent: 'email', method: { id: 'send' } }], /actions\[0\]\.agent: email\/send needs an SMTP relay/],
    [[{ agent: 'dataPush', method: { id: 'publish' } }], /actions\[0\]\.method\.id must be "push"/],
    [
      [{ agent: 'dataPush', method: { id: 'push', params: { url: 'ftp://x/y' } } }],
      /actions\[0\]\.method\.params\.url must be an http or https URL/,
    ],
    [[{ agent: 'dataPush', method: { id: 'push', params: { url: 'not a url' } } }], /url must be an http/],
    [[{ agent: 'dataPush', method: { id: 'push', params: { url: 'http://x', retries: 9 } } }], /retries/],
    [
      [{ agent: 'timeline', method: { id: 'add', params: { message: 'at {{sensorId}}' } } }],
      /actions\[0\]\.method\.params\.message: unknown template field \{\{sensorId\}\}/,
    ],
    [
      [{ agent: 'dataPush', method: { id: 'push', params: { url: 'http://x', body: { a: ['{{x}}'] } } } }],
      /params\.body\.a\[0\]: unknown template field \{\{x\}\}/,
    ],
    [
      [{ agent: 'mqtt', method: { id: 'publish', params: { topic: 'v/a/g/gw1/req', payload: 'x' } } }],
      /must not be under v\//,
    ],
    [[{ agent: 'mqtt', method: { id: 'publish', params: { topic: 'a/#', payload: 'x' } } }], /no wildcards/],
    [[{ agent: 'mqtt', method: { id: 'publish', params: { topic: 'a', payload: 'x', qos: 3 } } }], /qos/],
    [
      [
        {
          agent: 'actuator',
          method: { id: 'controlActuator', params: { gatewayId: 'gw1', sensorId: 'nope', cmd: 'on' } },
        },
      ],
      /sensorId: sensor nope of gateway gw1 does not exist/,
    ],
  ];
  for (const [actions, message] of cases) assert.match(actionProblems(actions, exists).join('; '), message);
  assert.deepEqual(
    actionProblems(
      [
        {
          agent: 'actuator',
          method: { id: 'controlActuator', params: { gatewayId: 'gw1', sensorId: 'fan', cmd: 'on' } },
        },
      ],
      exists,
    ),
    [],
  );
});

test('a rule with actions runs them when it fires (throttled); the alarm is not throttled', async () => {
  const hook = await receiver((_req, res) => res.end());
  const s = setup();
  const rules = new RulesEngine(s.db, s.timeline, () => true, Date.now, {
    actions: (f) => s.runner.run(f),
  });
  const rule = rules.create({
    name: 'Hot',
    desc: '',
    severity: 'warning',
    status: 'activated',
    gatewayId: 'gw1',
    sensorId: 'temp',
    method: 'over',
    threshold: 30,
    actions: [
      { agent: 'dataPush', method: { id: 'push', params: { url: hook.url, body: '{{triggerCondition}}' } } },
    ],
  });
  assert.equal(rules.get(rule.id).actions?.[0]?.agent, 'dataPush');
  rules.start(1);
  for (const time of [1000, 2000, 3000])
    rules.onValues({
      gatewayId: 'gw1',
      sensorId: 'temp',
      sensorType: 't',
      dataType: 'series',
      points: [{ time, value: 31 }],
    });
  await s.runner.idle();
  assert.deepEqual(hook.received, [{ body: 'over 30' }]);
  // the default timeline line is replaced by the rule's actions
  assert.equal(s.timeline.list().data.length, 0);
  assert.throws(
    () =>
      rules.update(rule.id, {
        actions: [{ agent: 'dataPush', method: { id: 'push', params: { url: 'file:///etc/passwd' } } }],
      }),
    /actions\[0\]\.method\.params\.url/,
  );
});
