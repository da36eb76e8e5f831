// email/send against real SMTP relays on 127.0.0.1 (smtp-server): the mail as received, a relay that is
// down, one that never answers, one that turns the recipient down; validation when a rule is saved; and a
// hanging relay holding up neither ingest nor another rule's dataPush.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { ActionRunner, actionProblems, type Firing } from '../../../src/main/actions/index.js';
import type { SmtpSettings } from '../../../src/main/actions/index.js';
import { silentLogger } from '../../../src/main/logger/logger.js';
import { RulesEngine } from '../../../src/main/rules/index.js';
import { Timeline } from '../../../src/main/timeline/index.js';
import type { RuleAction } from '../../../src/shared/model.js';
import { tempSiteDatabase } from '../../support/db.js';
import { eventually } from '../../support/site.js';
import { deadPort, startMuteRelay, startRelay } from '../../support/smtp.js';

const smtpAt = (port: number, timeoutMs = 2000): SmtpSettings => ({
  host: '127.0.0.1',
  port,
  secure: false,
  from: 'edge-site@plant.example',
  timeoutMs,
});

function setup(smtp: SmtpSettings | undefined) {
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
    { backoffMs: 20, ...(smtp ? { smtp } : {}) },
  );
  return { db, timeline, runner };
}

const EMAIL: RuleAction = {
  agent: 'email',
  method: {
    id: 'send',
    params: {
      to: 'maintenance@plant.example, shift-lead@plant.example',
      subject: '{{ruleName}}: {{sensorName}} at {{value}} {{unit}}',
      body: '{{sensorName}} on {{gatewayName}} reads {{value}} {{unit}} ({{triggerCondition}}) at {{time}}.',
    },
  },
};

const firing = (actions: RuleAction[]): Firing => ({
  rule: { id: 7, name: 'Motor hot', severity: 'fatal', actions },
  gatewayId: 'gw1',
  sensorId: 'temp',
  value: 85.5,
  condition: '> 80 °C',
  threshold: 80,
  time: Date.parse('2026-01-05T10:00:00Z'),
  epoch: 1,
});

const withParams = (params: Record<string, unknown>): RuleAction => ({
  agent: 'email',
  method: { id: 'send', params: { ...EMAIL.method.params, ...params } },
});

test('email/send: the relay receives the mail with names, value and unit filled in; success recorded', async () => {
  const relay = await startRelay();
  after(() => relay.close());
  const s = setup(smtpAt(relay.port));
  s.runner.run(firing([EMAIL]));
  await s.runner.idle();
  assert.equal(relay.mails.length, 1);
  const [mail] = relay.mails;
  assert.deepEqual(mail!.to, ['maintenance@plant.example', 'shift-lead@plant.example']);
  assert.equal(mail!.from, 'edge-site@plant.example');
  assert.equal(mail!.subject, 'Motor hot: Motor 3 temperature at 85.5 °C');
  assert.equal(
    mail!.text,
    'Motor 3 temperature on Line A reads 85.5 °C (> 80 °C) at 2026-01-05T10:00:00.000Z.',
  );
  assert.match(mail!.headers.to ?? '', /maintenance@plant\.example, shift-lead@plant\.example/);
  const [result] = s.runner.results(7);
  assert.deepEqual(
    [result?.action, result?.status, result?.attempts, result?.reason],
    ['email/send', 'success', 1, null],
  );
});

test('email/send: a relay that is down → retried with back-off, failure with its reason recorded and on the timeline', async () => {
  const port = await deadPort();
  const s = setup(smtpAt(port));
  s.runner.run(firing([withParams({ retries: 2 })]));
  await s.runner.idle();
  const [result] = s.runner.results(7);
  assert.equal(result?.status, 'failure');
  assert.equal(result?.attempts, 3);
  assert.match(result!.reason!, new RegExp(`^SMTP relay 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  const [entry] = s.timeline.list().data;
  assert.equal(entry?.success, 'n');
  assert.match(entry!.message, /Motor hot: action email\/send failed after 3 attempt\(s\): SMTP relay/);
});

test('email/send: a relay that never answers is let go after smtp.timeoutMs, each attempt', async () => {
  const mute = await startMuteRelay();
  after(() => mute.close());
  const s = setup(smtpAt(mute.port, 300));
  const started = Date.now();
  s.runner.run(firing([withParams({ retries: 1 })]));
  await s.runner.idle();
  const elapsed = Date.now() - started;
  const [result] = s.runner.results(7);
  assert.deepEqual([result?.status, result?.attempts], ['failure', 2]);
  assert.match(result!.reason!, /no answer within 300 ms/);
  // two attempts of 300 ms and a 20 ms pause; never the relay's pleasure
  assert.ok(elapsed >= 600 && elapsed < 3000, `took ${elapsed} ms`);
});

test('email/send: a recipient refused for good (550) is not retried; "try later" (450) is', async () => {
  const refusing = await startRelay({ rejectRcpt: 550 });
  const busy = await startRelay({ rejectRcpt: 450 });
  after(() => Promise.all([refusing.close(), busy.close()]));
  const a = setup(smtpAt(refusing.port));
  a.runner.run(firing([withParams({ retries: 2 })]));
  const b = setup(smtpAt(busy.port));
  b.runner.run(firing([withParams({ retries: 2 })]));
  await Promise.all([a.runner.idle(), b.runner.idle()]);
  const [refused] = a.runner.results(7);
  assert.deepEqual([refused?.status, refused?.attempts], ['failure', 1]);
  assert.match(refused!.reason!, /answered 550/);
  const [later] = b.runner.results(7);
  assert.deepEqual([later?.status, later?.attempts], ['failure', 3]);
  assert.match(later!.reason!, /answered 450/);
});

test('email/send: a relay that wants a login gets it; a refused login is not retried', async () => {
  const relay = await startRelay({ login: { user: 'edge', pass: 's3cret' } });
  after(() => relay.close());
  const good = setup({ ...smtpAt(relay.port), user: 'edge', pass: 's3cret' });
  good.runner.run(firing([EMAIL]));
  const bad = setup({ ...smtpAt(relay.port), user: 'edge', pass: 'wrong' });
  bad.runner.run(firing([withParams({ retries: 2 })]));
  await Promise.all([good.runner.idle(), bad.runner.idle()]);
  assert.equal(good.runner.results(7)[0]?.status, 'success');
  assert.equal(relay.mails.length, 1);
  const [refused] = bad.runner.results(7);
  assert.deepEqual([refused?.status, refused?.attempts], ['failure', 1]);
  assert.match(refused!.reason!, /login refused/);
});

test('email/send is checked when the rule is saved, each problem naming its field', () => {
  const exists = (): boolean => true;
  const on = { emailConfigured: true };
  const cases: Array<[RuleAction, RegExp]> = [
    [withParams({ to: '' }), /actions\[0\]\.method\.params\.to must be one or more e-mail addresses/],
    [withParams({ to: 42 }), /params\.to must be one or more e-mail addresses/],
    [
      withParams({ to: 'ops@plant.example, not-an-address' }),
      /params\.to: "not-an-address" is not an e-mail address/,
    ],
    [
      withParams({ to: ['ops@plant.example', 'x y@z.com'] }),
      /params\.to: "x y@z\.com" is not an e-mail address/,
    ],
    [withParams({ subject: undefined }), /params\.subject must be a non-empty string/],
    [withParams({ body: { text: 'x' } }), /params\.body must be a non-empty string/],
    [withParams({ subject: '{{sensorId}} hot' }), /params\.subject: unknown template field \{\{sensorId\}\}/],
    [withParams({ body: 'at {{nope}}' }), /params\.body: unknown template field \{\{nope\}\}/],
    [withParams({ retries: 9 }), /params\.retries must be an integer from 0 to 5/],
    [{ agent: 'email', method: { id: 'push', params: {} } }, /actions\[0\]\.method\.id must be "send"/],
  ];
  for (const [action, message] of cases)
    assert.match(actionProblems([action], exists, on).join('; '), message);
  assert.deepEqual(actionProblems([EMAIL], exists, on), []);
  assert.deepEqual(actionProblems([withParams({ to: ['a@b.example'] })], exists, on), []);
  // a site without a relay refuses the action whatever its params
  assert.match(
    actionProblems([EMAIL], exists, { emailConfigured: false }).join('; '),
    /actions\[0\]\.agent: email\/send needs an SMTP relay, and this site has none \(set "smtp" in config\.json/,
  );
});

test('a hanging SMTP relay delays neither ingest nor another rule: its dataPush arrives at once', async () => {
  const mute = await startMuteRelay();
  const pushes: number[] = [];
  const hook = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      pushes.push(Date.now());
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  after(async () => {
    hook.closeAllConnections();
    hook.close();
    await mute.close();
  });
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const s = setup(smtpAt(mute.port, 2500));
  const rules = new RulesEngine(s.db, s.timeline, () => true, Date.now, {
    actions: (f) => s.runner.run(f),
    emailConfigured: true,
  });
  const base = {
    desc: '',
    severity: 'warning' as const,
    status: 'activated' as const,
    gatewayId: 'gw1',
    sensorId: 'temp',
    method: 'over' as const,
    threshold: 30,
  };
  const mailRule = rules.create({ ...base, name: 'Mail', actions: [withParams({ retries: 1 })] });
  const pushRule = rules.create({
    ...base,
    name: 'Push',
    actions: [{ agent: 'dataPush', method: { id: 'push', params: { url } } }],
  });
  rules.start(1);
  const started = Date.now();
  rules.onValues({
    gatewayId: 'gw1',
    sensorId: 'temp',
    sensorType: 'temperature',
    dataType: 'series',
    points: [{ time: started, value: 31 }],
  });
  // the evaluation (ingest's path) returned without waiting for either action: well before the relay's
  // 2500 ms (what it may take is the first fetch's and transport's set-up, on a loaded test machine)
  assert.ok(Date.now() - started < 500, `onValues took ${Date.now() - started} ms`);
  while (pushes.length === 0 && Date.now() - started < 2000) await new Promise((r) => setTimeout(r, 10));
  assert.equal(pushes.length, 1, 'the dataPush arrived while the relay hung');
  assert.ok(pushes[0]! - started < 1000, `dataPush after ${pushes[0]! - started} ms`);
  // its result is recorded once the receiver's answer is in (a moment after the request arrived)
  const pushed = await eventually('the dataPush result', () => s.runner.results(pushRule.id)[0], 1000);
  assert.equal(pushed.status, 'success');
  // the mail is still waiting for its relay meanwhile
  assert.deepEqual(s.runner.results(mailRule.id), []);
  await s.runner.idle();
  const [mail] = s.runner.results(mailRule.id);
  assert.deepEqual([mail?.status, mail?.attempts], ['failure', 2]);
  assert.match(mail!.reason!, /no answer within 2500 ms/);
});
