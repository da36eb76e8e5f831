// A console signed in on a standby sees what a master's console sees (issue #18): a gateway added, an
// alarm raised and its transition, a rule or a dashboard changed, the gateway's connection and a sensor's status (the gateway is
// connected to the master) within 1 s, and the values, all on the master, on the standby's live WebSocket.
// Real parts: a 3-server ZooKeeper ensemble, a 3-server NATS JetStream cluster, three site processes,
// an mqtt.js gateway playing Thing+.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import type { LiveEvent } from '../../../src/shared/api.js';
import type { Rule } from '../../../src/shared/model.js';
import { until, type ReplicatedSite } from '../../support/repl-cluster.js';
import type { ReplicatedLab } from '../../support/repl-lab.js';
import { adminHeaders } from '../../support/site-process.js';

const GW = 'c1f3ed000001';
const SENSOR = `${GW}-0-temperature`;
const LATER = 'c1f3ed000002';

/** registered inside the describe of replicated-site.test.ts, on its one lab */
export function standbyConsoleTests(lab: () => ReplicatedLab): void {
  let site: ReplicatedSite;

  before(() => {
    site = lab().site;
  });

  test('a gateway added, an alarm raised and a value on the master reach the standby within 1 s', async () => {
    const master = await site.master();
    const standby = site.slots.find((s) => s !== master)!;
    const key = await site.register(GW, [{ id: SENSOR, type: 'temperature' }]);
    const rule = await site.api<Rule>(master, 'POST', '/api/v1/rules', {
      name: 'Hot',
      severity: 'warning',
      gatewayId: GW,
      sensorId: SENSOR,
      method: 'over',
      threshold: 80,
    });
    await until('the rule on the standby', async () =>
      (await site.api<Rule[]>(standby, 'GET', '/api/v1/rules')).some((r) => r.id === rule.id),
    );

    const base = standby.proc!.url;
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}api/v1/live`, {
      headers: await adminHeaders(base),
    });
    const events: Array<{ at: number; ev: LiveEvent }> = [];
    socket.on('message', (data: Buffer) =>
      events.push({ at: Date.now(), ev: JSON.parse(data.toString()) as LiveEvent }),
    );
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const seen = (what: string, match: (ev: LiveEvent) => boolean, since: number, ms = 1000) =>
      until(
        `${what} on the standby's live feed within ${ms} ms`,
        async () => events.find((e) => e.at >= since && match(e.ev)) ?? null,
        ms,
      );

    try {
      // a gateway added on the master
      let since = Date.now();
      await site.api(master, 'POST', '/api/v1/registerGatewayKey', {
        id: LATER,
        modelId: '34',
        authType: 'apikey',
      });
      await seen('the gateway added', (ev) => ev.type === 'gateway' && ev.gateway.id === LATER, since);

      // the gateway connects to the master: the standby's console sees it connected
      since = Date.now();
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${master.mqttPort}`, {
        clientId: GW,
        username: GW,
        password: key,
        reconnectPeriod: 0,
      });
      await seen(
        'the gateway connected (on the master)',
        (ev) => ev.type === 'gateway' && ev.gateway.id === GW && ev.gateway.connection.state === 'connected',
        since,
      );
      const connected = await site.api<{ connection: { state: string } }>(
        standby,
        'GET',
        `/api/v1/gateways/${GW}`,
      );
      assert.equal(connected.connection.state, 'connected', "the standby's API says so too");

      // a sensor's reported status, received by the master
      since = Date.now();
      await client.publishAsync(`v/a/g/${GW}/s/${SENSOR}/status`, `err,${Date.now() + 60_000}`, { qos: 1 });
      await seen(
        "the sensor's status",
        (ev) => ev.type === 'sensorStatus' && ev.sensorId === SENSOR && ev.status === 'err',
        since,
      );

      // a value over the threshold, received by the master: its value and the rule's alarm
      const time = Date.now() - 1000;
      since = Date.now();
      await client.publishAsync(`v/a/g/${GW}`, JSON.stringify({ [SENSOR]: [time, 95] }), { qos: 1 });
      await client.endAsync();
      await seen(
        'the gateway disconnected',
        (ev) =>
          ev.type === 'gateway' && ev.gateway.id === GW && ev.gateway.connection.state === 'disconnected',
        since,
      );
      // the alarm first: it is in the control log once raised; the value travels the values log
      const raised = await seen(
        'the alarm raised',
        (ev) => ev.type === 'alarm' && ev.alarm.ruleId === rule.id,
        since,
      );
      assert.ok(raised.ev.type === 'alarm' && raised.ev.alarm.state === 'unack');
      const value = await seen(
        'the value',
        (ev) => ev.type === 'values' && ev.sensorId === SENSOR && ev.points.some((p) => p.time === time),
        since,
        5000,
      );
      assert.equal(value.ev.type === 'values' && value.ev.points.find((p) => p.time === time)?.value, 95);

      // its transition (acknowledged on the master) too
      since = Date.now();
      const alarmId = raised.ev.type === 'alarm' ? raised.ev.alarm.id : 0;
      await site.api(master, 'POST', `/api/v1/alarms/${alarmId}/ack`, {});
      await seen(
        'the acknowledgement',
        (ev) => ev.type === 'alarm' && ev.alarm.id === alarmId && ev.alarm.ackedAt !== null,
        since,
      );

      // a rule changed and a dashboard made on the master: the standby's pages are told to read again
      since = Date.now();
      await site.api(master, 'PUT', `/api/v1/rules/${rule.id}`, {
        name: 'Hot',
        severity: 'warning',
        gatewayId: GW,
        sensorId: SENSOR,
        method: 'over',
        threshold: 85,
      });
      await seen('the rules changed', (ev) => ev.type === 'changed' && ev.what === 'rules', since);
      since = Date.now();
      await site.api(master, 'POST', '/api/v1/dashboards', { name: 'Press hall', widgets: [] });
      await seen('the dashboards changed', (ev) => ev.type === 'changed' && ev.what === 'dashboards', since);
    } finally {
      socket.close();
    }
  });
}
