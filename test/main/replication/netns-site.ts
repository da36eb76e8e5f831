// Helpers of site-netns.test.ts: the gateways and what they report, registration through one node, the
// nodes' states for a timeout's message.
import assert from 'node:assert/strict';
import type { ClusterState } from '../../../src/shared/api.js';
import { ADMIN_PASSWORD, nsRun, VIP, type NodeProc } from '../site-address/netns-lab.js';

export const MOSQUITTO_PUB = '/usr/bin/mosquitto_pub';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Registers gateways ([id, sensor, type]: plain-TCP allowance, as the unchanged Thing+ gateway connects)
 * and their sensors through one node (a standby: its writes go through the master into the control
 * log), then waits until every node holds them.
 */
export async function registerThrough(
  via: NodeProc,
  procs: NodeProc[],
  gateways: Array<[string, string, string]>,
): Promise<void> {
  const script = `
    const [password, spec] = process.argv.slice(1);
    const base = 'http://127.0.0.1:8080/api/v1';
    const login = await fetch(base + '/login', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }) });
    const { token } = await login.json();
    for (const [id, sensor, type] of JSON.parse(spec)) {
      const res = await fetch(base + '/registerGatewayKey', { method: 'POST',
        headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
        body: JSON.stringify({ id, modelId: '34', authType: 'apikey', legacyPlainTcp: true }) });
      const keys = await res.json();
      // the gateway's own REST call is this node's: until the node holds the registration (the standby's
      // answer waits for it at most 1 s) it says 404, as it would to a real gateway, which retries
      let made;
      for (let tries = 0; ; tries++) {
        made = await fetch('http://127.0.0.1:8081/gateways/' + id + '/sensors', { method: 'POST',
          headers: { 'content-type': 'application/json', username: id, apikey: keys[id] },
          body: JSON.stringify({ reqId: sensor, name: sensor, type, category: 'sensor', network: 'jsonrpc',
            driverName: 'jsonrpcSensor', model: 'jsonrpcNumber' }) });
        if ((made.status !== 404 && made.status !== 401) || tries >= 40) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      if (made.status !== 201) throw new Error(sensor + ': ' + made.status + ' ' + await made.text());
    }`;
  const argv = [process.execPath, '--input-type=module', '-e', script, ADMIN_PASSWORD];
  const { code, out } = await nsRun(via.ns, [...argv, JSON.stringify(gateways)], 60_000);
  assert.equal(code, 0, `registering on ${via.name}: ${out}`);
  for (const p of procs) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const held = await p.api<Array<{ id: string }>>('/gateways').catch(() => []);
      const ids = held.map((g) => g.id);
      if (gateways.every(([id]) => ids.includes(id))) break;
      assert.ok(
        Date.now() < deadline,
        `${p.name} did not get the gateways registered on ${via.name}: ${ids.join()}`,
      );
      await sleep(250);
    }
  }
}

/** a sensor's stored times on one node (the raw series: value, time, value, time…) */
export function times(body: unknown): number[] {
  const data = (body as { data: unknown[] }).data;
  const out: number[] = [];
  for (let i = 1; i < data.length; i += 2) out.push(Number(data[i]));
  return out;
}

/** a sensor's raw series path, every time */
export const seriesPath = (gw: string, sensor: string) =>
  `/gateways/${gw}/sensors/${sensor}/series?dataStart=0&dataEnd=${Date.now() + 3_600_000}&interval=0`;

/** one line per mosquitto_pub: "ok <time>" when it exited 0 (its PUBACK came), else "fail <time> <code>" */
export const mosquittoLoop = (gw: string, sensor: string) => `
  base=$1; stop=$2; i=0
  while [ ! -e "$stop" ]; do
    i=$((i + 1)); t=$((base + i * 10))
    if timeout 5 ${MOSQUITTO_PUB} -h ${VIP} -p 1883 -q 1 -i ${gw} -t v/a/g/${gw}/s/${sensor} -m "$t,$((i % 100))" 2>/dev/null
    then echo "ok $t"; else echo "fail $t $?"; fi
    sleep 0.1
  done
  echo done`;

/** the lines of a child's stdout, each with the time it arrived */
export function lines(child: { stdout: NodeJS.ReadableStream | null }): Array<{ at: number; line: string }> {
  const got: Array<{ at: number; line: string }> = [];
  let partial = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    partial += d;
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) if (line) got.push({ at: Date.now(), line });
  });
  return got;
}

/** the cluster state of a live node, or why there is none */
export async function clusterOf(p: NodeProc): Promise<ClusterState | string> {
  if (!p.alive()) return 'down';
  return p.api<ClusterState>('/cluster').catch((err: Error) => err.message.slice(0, 200));
}

/** one line per node: role, connection, epoch, address, gateway refusal, applied/caught up */
export async function nodeStates(procs: NodeProc[]): Promise<string> {
  const states = await Promise.all(procs.map(clusterOf));
  return procs
    .map((p, i) => {
      const s = states[i]!;
      if (typeof s === 'string') return `${p.name}: ${s}`;
      const r = s.replication;
      const me = r?.nodes.find((n) => n.node === p.name);
      return (
        `${p.name}: ${s.role} (${s.connection}, epoch ${s.epoch}, master ${s.master ?? '-'}), address ` +
        `${s.siteAddress?.held ? 'held' : 'not held'}, refusal ${r?.gatewayRefusal ?? 'none'}, ` +
        `caughtUp ${String(me?.caughtUp)}, control ${JSON.stringify(r?.control ?? null)}`
      );
    })
    .join('\n');
}

/** the node that is master, holds the address alone and takes gateways (it has applied both logs) */
export async function actingMaster(procs: NodeProc[], holders: string[]): Promise<NodeProc | null> {
  if (holders.length !== 1) return null;
  const p = procs.find((x) => x.name === holders[0] && x.alive());
  if (!p) return null;
  const s = await clusterOf(p);
  return typeof s !== 'string' && s.role === 'master' && s.replication?.gatewayRefusal === null ? p : null;
}
