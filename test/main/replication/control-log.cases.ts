// The replicated control state (issue #18): site.db's writes go through the control log on NATS
// JetStream, so a cluster is one site. Real parts: a 3-server ZooKeeper ensemble, a 3-server NATS
// JetStream cluster, three site processes, an mqtt.js gateway playing Thing+ with the key it was given.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import mqtt from 'mqtt';
import type { SiteOverview } from '../../../src/shared/api.js';
import type { Alarm, Rule, TimelineEntry } from '../../../src/shared/model.js';
import { SYSTEM_RULES } from '../../../src/shared/system-alarms.js';
import type { NatsCluster } from '../../support/nats.js';
import { until, type ReplicatedSite, type SiteSlot } from '../../support/repl-cluster.js';
import type { ReplicatedLab } from '../../support/repl-lab.js';
import { adminHeaders, PROCESS_ADMIN_PASSWORD } from '../../support/site-process.js';
import { SESSION_COOKIE } from '../../../src/shared/auth.js';

const GW = 'c1u5a0000002';
const SENSOR = `${GW}-0-temperature`;

/** registered inside the describe of replicated-site.test.ts, on its one lab */
export function controlLogTests(lab: () => ReplicatedLab): void {
  let site: ReplicatedSite;
  let nats: NatsCluster;
  let key: string;

  before(() => {
    ({ site, nats } = lab());
  });

  const rulesOn = (s: SiteSlot) => site.api<Rule[]>(s, 'GET', '/api/v1/rules');
  const alarmsOn = async (s: SiteSlot, ruleId: number) =>
    (await site.api<{ data: Alarm[] }>(s, 'GET', `/api/v1/alarms?gatewayId=${GW}`)).data.filter(
      (a) => a.ruleId === ruleId,
    );
  const explain = (err: Error): never => {
    throw new Error(`${err.message}\n${site.outputs()}`);
  };

  /** a gateway that signs in with its APIKEY, as the unchanged Thing+ gateway does */
  async function gateway(slot: SiteSlot): Promise<mqtt.MqttClient> {
    return mqtt.connectAsync(`mqtt://127.0.0.1:${slot.mqttPort}`, {
      clientId: GW,
      username: GW,
      password: key,
      reconnectPeriod: 0,
    });
  }

  test('a gateway and a rule made on a standby: the value, the rule and its one alarm on every node', async () => {
    const master = await site.master().catch(explain);
    const standby = site.slots.find((s) => s !== master)!;
    // made on a standby: passed to the master, answered once the standby holds it
    const keys = await site.api<Record<string, string>>(standby, 'POST', '/api/v1/registerGatewayKey', {
      id: GW,
      modelId: '34',
      authType: 'apikey',
    });
    key = keys[GW]!;
    const gw = await site.api<{ id: string }>(standby, 'GET', `/api/v1/gateways/${GW}`);
    assert.equal(gw.id, GW, 'read your own write on the standby');
    const sensor = await fetch(`${master.proc!.url}gateways/${GW}/sensors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', username: GW, apikey: key },
      body: JSON.stringify({
        reqId: SENSOR,
        name: SENSOR,
        type: 'temperature',
        category: 'sensor',
        network: 'jsonrpc',
        driverName: 'jsonrpcSensor',
        model: 'jsonrpcNumber',
      }),
    });
    assert.equal(sensor.status, 201, await sensor.text());
    const rule = await site.api<Rule>(standby, 'POST', '/api/v1/rules', {
      name: 'Hot',
      severity: 'warning',
      gatewayId: GW,
      sensorId: SENSOR,
      method: 'over',
      threshold: 80,
    });
    for (const s of site.slots) {
      await until(`the gateway, its sensor and the rule on ${s.name}`, async () => {
        const sensors = await site.api<Array<{ id: string }>>(s, 'GET', `/api/v1/gateways/${GW}/sensors`);
        return sensors.some((x) => x.id === SENSOR) && (await rulesOn(s)).some((r) => r.id === rule.id);
      }).catch(explain);
    }

    const client = await gateway(master);
    const time = Date.now() - 1000;
    await client.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [SENSOR]: [time, 95] }), { qos: 1 });
    await client.endAsync();
    await until('the alarm on the master', async () => (await alarmsOn(master, rule.id)).length > 0).catch(
      explain,
    );
    const timelines = new Set<string>();
    for (const s of site.slots) {
      await until(
        `the alarm on ${s.name} within 1 s`,
        async () => (await alarmsOn(s, rule.id)).length > 0,
        1000,
      );
      assert.equal((await alarmsOn(s, rule.id)).length, 1, `${s.name}: the rule fired once`);
      const entries = await until(
        `the rule's timeline entry on ${s.name} within 1 s`,
        async () => {
          const list = (await site.api<{ data: TimelineEntry[] }>(s, 'GET', '/api/v1/timelines?count=100'))
            .data;
          const mine = list.filter((e) => e.rule?.id === rule.id);
          return mine.length > 0 && mine;
        },
        1000,
      );
      // a firing is two entries: the rule's ("95 (over 80)") and its alarm's ("alarm raised"), each once
      assert.equal(entries.length, 2, `${s.name}: ${JSON.stringify(entries)}`);
      assert.equal(entries.filter((e) => e.rule?.what.startsWith('alarm raised')).length, 1);
      timelines.add(JSON.stringify(entries.map((e) => [e.id, e.message])));
      await until(`the value on ${s.name}`, async () =>
        (await site.storedTimes(s, GW, SENSOR)).includes(time),
      );
    }
    const positions = await until('every node at the same control position', async () => {
      const held = await Promise.all(
        site.slots.map(async (s) => (await site.cluster(s)).replication?.control?.position),
      );
      return new Set(held).size === 1 && held;
    });
    assert.ok((positions[0] ?? 0) > 0);
    assert.equal(timelines.size, 1, `the same entries (same ids) on every node: ${[...timelines].join(' ')}`);
  });

  test('kill -9 of the master: the new master takes the gateway with its key; a node back applies what it missed', async () => {
    const old = await site.master().catch(explain);
    await site.kill(old);
    const next = await site.master().catch(explain);
    assert.notEqual(next.name, old.name);
    const client = await gateway(next);
    await client.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [SENSOR]: [Date.now(), 20] }), { qos: 1 });
    await client.endAsync();
    // a change made while the old master is down
    const cold = await site.api<Rule>(next, 'POST', '/api/v1/rules', {
      name: 'Cold',
      severity: 'warning',
      gatewayId: GW,
      sensorId: SENSOR,
      method: 'under',
      threshold: -10,
    });
    await site.start(old);
    await until(`${old.name} applied the rule made while it was down`, async () =>
      (await rulesOn(old)).some((r) => r.id === cold.id && r.name === 'Cold'),
    ).catch(explain);
  });

  test('the console on a standby: signs in and writes with its cookie, the master answers', async () => {
    const master = await site.master().catch(explain);
    const standby = site.slots.find((s) => s !== master && s.proc)!;
    const base = standby.proc!.url;
    const origin = new URL(base).origin;
    const login = await fetch(`${base}api/v1/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ username: 'admin', password: PROCESS_ADMIN_PASSWORD }),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    assert.ok(cookie, 'the session cookie is relayed');
    const res = await fetch(`${base}api/v1/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, cookie: cookie.split(';')[0]! },
      body: JSON.stringify({
        name: 'Via cookie',
        severity: 'information',
        gatewayId: GW,
        sensorId: SENSOR,
        method: 'over',
        threshold: 500,
      }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(res.headers.get('x-edge-forwarded-by'), standby.name);
    const rule = (await res.json()) as Rule;
    // answered once this standby holds it
    assert.ok((await rulesOn(standby)).some((r) => r.id === rule.id));
    const removed = await fetch(`${master.proc!.url}api/v1/rules/${rule.id}`, {
      method: 'DELETE',
      headers: await adminHeaders(master.proc!.url),
    });
    assert.ok(removed.status < 300, await removed.text());
    await until(`the rule removed on ${standby.name}`, async () =>
      (await rulesOn(standby)).every((r) => r.id !== rule.id),
    );
  });

  // replication problems as site alarms (issue #18): gatewayId '' is the site, sensorId the node or stream
  const systemAlarms = async (s: SiteSlot, ruleId: number, subject: string) =>
    (await site.api<{ data: Alarm[] }>(s, 'GET', '/api/v1/alarms?limit=1000')).data.filter(
      (a) => a.ruleId === ruleId && a.sensorId === subject,
    );
  const openSystemAlarm = async (s: SiteSlot, ruleId: number, subject: string, state: Alarm['state']) =>
    (await systemAlarms(s, ruleId, subject)).find((a) => a.state === state) ?? null;
  /** an operator acknowledges what is left open of earlier tests */
  const ackAll = async (s: SiteSlot, ruleId: number, subject: string) => {
    for (const a of await systemAlarms(s, ruleId, subject))
      if (a.state === 'unack' || a.state === 'rtn_unack')
        await site.api(s, 'POST', `/api/v1/alarms/${a.id}/ack`, { comment: 'seen' });
  };

  test('a stopped node is an alarm on the master and a standby; back, the alarm returns to normal', async () => {
    const master = await site.master().catch(explain);
    const [down, other] = site.slots.filter((s) => s !== master);
    const rule = SYSTEM_RULES.nodeLate.id;
    await ackAll(master, rule, down!.name);
    const killedAt = await site.kill(down!);
    for (const s of [master, other!]) {
      const alarm = await until(`${down!.name}'s alarm on ${s.name}`, () =>
        openSystemAlarm(s, rule, down!.name, 'unack'),
      ).catch(explain);
      console.log(`${s.name} lists ${down!.name} as silent ${Date.now() - killedAt} ms after the kill`);
      assert.equal(alarm.severity, 'warning');
      assert.equal(alarm.gatewayId, '');
      assert.equal(alarm.value, 'silent');
      assert.ok(alarm.raisedAt >= killedAt, 'raised when it was seen silent');
      // each node's own view: a standby may hold the master's alarm a moment before it sees the
      // silence itself
      await until(`${down!.name} late and recorded in ${s.name}'s cluster state`, async () =>
        ((await site.cluster(s)).replication?.problems ?? []).some(
          (p) => p.kind === 'nodeLate' && p.subject === down!.name && p.recorded,
        ),
      ).catch(explain);
    }
    await site.start(down!);
    for (const s of [master, other!])
      await until(
        `${down!.name}'s alarm returned to normal on ${s.name}`,
        () => openSystemAlarm(s, rule, down!.name, 'rtn_unack'),
        60_000,
      ).catch(explain);
  });

  test('2 of 3 NATS servers down: a write answers 503 ES_NO_QUORUM and the nodes agree on it; the lost quorum is shown at once and recorded as an alarm once they are back', async () => {
    const master = await site.master().catch(explain);
    const standby = site.slots.find((s) => s !== master)!;
    const quorumRule = SYSTEM_RULES.valuesQuorum.id;
    const stream = (await site.cluster(master)).replication!.stream;
    await ackAll(master, quorumRule, stream);
    const killedAt = Date.now();
    await Promise.all([nats.servers[0]!.kill(), nats.servers[1]!.kill()]);
    const res = await fetch(`${master.proc!.url}api/v1/rules`, {
      method: 'POST',
      headers: { ...(await adminHeaders(master.proc!.url)), 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'NoQuorum',
        severity: 'warning',
        gatewayId: GW,
        sensorId: SENSOR,
        method: 'over',
        threshold: 1000,
      }),
    });
    const body = (await res.json()) as { code: string; message: string };
    assert.equal(res.status, 503, JSON.stringify(body));
    assert.equal(body.code, 'ES_NO_QUORUM');
    for (const s of [master, standby]) {
      const problem = await until(`the lost quorum on ${s.name}'s overview`, async () => {
        const overview = await site.api<SiteOverview>(s, 'GET', '/api/v1/overview');
        return overview.replication?.find((p) => p.kind === 'valuesQuorum') ?? null;
      }).catch(explain);
      console.log(`${s.name}'s overview shows the lost quorum ${Date.now() - killedAt} ms after the kill`);
      assert.equal(problem.recorded, false, 'not written: the control log has no quorum either');
      assert.equal(problem.severity, 'fatal');
      assert.ok(problem.since >= killedAt);
    }
    assert.equal(await openSystemAlarm(master, quorumRule, stream, 'unack'), null);
    await Promise.all([nats.servers[0]!.start(), nats.servers[1]!.start()]);
    const backAt = Date.now();
    // usually no node holds it; if the stream's leader took it just before losing its quorum, Raft
    // commits it when the servers are back, and then every node must hold it: never some of them
    const after = await until('a write through the whole cluster again', async () => {
      const probe = await fetch(`${master.proc!.url}api/v1/dashboards`, {
        method: 'POST',
        headers: { ...(await adminHeaders(master.proc!.url)), 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'quorum back', widgets: [] }),
      });
      return probe.status === 201 ? ((await probe.json()) as { id: string }) : null;
    });
    const probedAt = Date.now();
    const held = await Promise.all(
      site.slots.map((s) =>
        until(
          `the probe and the rules on ${s.name}`,
          async () => {
            const got = await fetch(`${s.proc!.url}api/v1/dashboards/${after.id}`, {
              headers: await adminHeaders(s.proc!.url),
            });
            if (got.status !== 200) return null;
            console.log(`${s.name} has the probe ${Date.now() - probedAt} ms after it was written`);
            return (await rulesOn(s)).some((r) => r.name === 'NoQuorum') ? 'yes' : 'no';
          },
          120_000,
        ),
      ),
    );
    assert.equal(new Set(held).size, 1, `the nodes disagree on the refused rule: ${held.join(', ')}`);

    const recorded = await until('the lost quorum recorded on the master', () =>
      openSystemAlarm(master, quorumRule, stream, 'rtn_unack'),
    ).catch(explain);
    console.log(`the lost quorum recorded ${recorded.raisedAt - killedAt} ms after the kill (raise time)`);
    assert.ok(recorded.raisedAt >= killedAt && recorded.raisedAt < backAt, 'with its true raise time');
    assert.equal(recorded.severity, 'fatal');
    for (const s of site.slots)
      await until(
        `the recorded alarm on ${s.name}`,
        async () => (await openSystemAlarm(s, quorumRule, stream, 'rtn_unack'))?.id === recorded.id,
      ).catch(async (err: Error) => {
        const seen = await Promise.all(
          site.slots.map(async (x) => ({
            node: x.name,
            position: (await site.cluster(x)).replication?.control,
            alarms: await systemAlarms(x, quorumRule, stream),
          })),
        );
        explain(new Error(`${err.message}\n${JSON.stringify(seen)}`));
      });
    await site.api(standby, 'POST', `/api/v1/alarms/${recorded.id}/ack`, { comment: 'seen' });
    const [closed] = (await systemAlarms(master, quorumRule, stream)).filter((a) => a.id === recorded.id);
    assert.equal(closed?.state, 'cleared', 'acknowledged on a standby: cleared on the master');
  });
}
