// A machine with a Thing+ Gateway (Node.js) installed, on a loopback address of its own: its install as
// shipped (~/thingplus: config/default.json pointed at the Thing+ cloud, thingplus.sh), the LAN discovery
// answer the real gateway gives to `Thing+?` (protocol §8; it reports the server its settings point at),
// and an SSH server (ssh2's, speaking the real protocol) that runs commands with the system's `sh` in that
// home. What the site sends it over SSH really runs and really edits the settings file.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';

export interface FakeGatewayHostOptions {
  id: string;
  /** Gateway.name in its settings (the real gateway defaults it to its host name) */
  name: string;
  /** where it lives: a loopback address (127.0.0.x) */
  address: string;
  /** the discovery port it answers on (0: any free one) */
  udpPort?: number;
  sshPort?: number;
  login: { username: string; password: string };
  /** a directory of its own for its home */
  root: string;
}

export interface FakeGatewayHost {
  id: string;
  address: string;
  udpPort: number;
  sshPort: number;
  home: string;
  /** its config/default.json */
  settingsFile: string;
  /** `SHA256:…` of its SSH host key, as ssh-keygen -l prints it */
  hostKey: string;
  /** the commands run over SSH */
  commands: string[];
  settings(): { Gateway: { id: string; name: string }; Server: ServerSettings };
  /** how many times thingplus.sh restart ran */
  restarts(): number;
  close(): Promise<void>;
}

export interface ServerSettings {
  APIKEY?: string;
  mqtt: { host: string; port: number | string; protocol: string };
  service: { host: string; port: number | string; protocol: string };
}

const HOST_KEY = ssh2.utils.generateKeyPairSync('ed25519');

function fingerprintOf(publicKeyLine: string): string {
  const blob = Buffer.from(publicKeyLine.split(' ')[1]!, 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * A Thing+ Gateway install as shipped, in `root/<id>` (its home): ~/thingplus/config/default.json pointed
 * at the Thing+ cloud over TLS with a key, and thingplus.sh, which counts its restarts in `marker`.
 */
export function writeShippedInstall(
  root: string,
  id: string,
  name: string,
): { home: string; settingsFile: string; marker: string } {
  const home = join(root, id);
  const dir = join(home, 'thingplus');
  mkdirSync(join(dir, 'config'), { recursive: true });
  const settingsFile = join(dir, 'config', 'default.json');
  const shipped = {
    Gateway: { id, name, reportInterval: 60000 },
    Server: {
      APIKEY: 'a-cloud-key',
      mqtt: { protocol: 'mqtts', host: 'mqtt.thingplus.net', port: '8883', retryConnectInterval: 60000 },
      service: { protocol: 'https', host: 'www.thingplus.net', port: '8443' },
    },
  };
  writeFileSync(settingsFile, JSON.stringify(shipped, null, 2));
  const marker = join(home, 'restarts');
  writeFileSync(join(dir, 'thingplus.sh'), `#!/bin/sh\necho "$1" >> '${marker}'\necho "thingplus: $1 ok"\n`);
  chmodSync(join(dir, 'thingplus.sh'), 0o755);
  return { home, settingsFile, marker };
}

export async function startFakeGatewayHost(o: FakeGatewayHostOptions): Promise<FakeGatewayHost> {
  const { home, settingsFile, marker } = writeShippedInstall(o.root, o.id, o.name);
  const settings = () =>
    JSON.parse(readFileSync(settingsFile, 'utf8')) as ReturnType<FakeGatewayHost['settings']>;

  const udp = createSocket('udp4');
  udp.on('message', (msg, from) => {
    if (msg.toString() !== 'Thing+?') return;
    const s = settings();
    const url = (x: ServerSettings['mqtt']) => `${x.protocol}://${x.host}:${x.port}`;
    const reply = {
      id: o.id,
      name: s.Gateway.name,
      service: url(s.Server.service),
      mqtt: url(s.Server.mqtt),
      serviceConn: false,
      mqttConn: false,
      uptime: 4242,
    };
    udp.send(JSON.stringify(reply), from.port, from.address);
  });
  await new Promise<void>((resolve) => udp.bind(o.udpPort ?? 0, o.address, resolve));

  const commands: string[] = [];
  const server = new ssh2.Server({ hostKeys: [HOST_KEY.private] }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === o.login.username && ctx.password === o.login.password)
        ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('error', () => undefined);
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (accept, _reject, info) => {
          commands.push(info.command);
          const stream = accept();
          const child = spawn('sh', ['-c', info.command], {
            cwd: home,
            env: { PATH: process.env.PATH ?? '', HOME: home },
          });
          stream.pipe(child.stdin);
          child.stdout.pipe(stream, { end: false });
          child.stderr.pipe(stream.stderr, { end: false });
          child.on('close', (code) => {
            stream.exit(code ?? 1);
            stream.end();
          });
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(o.sshPort ?? 0, o.address, resolve));

  return {
    id: o.id,
    address: o.address,
    udpPort: udp.address().port,
    sshPort: (server.address() as AddressInfo).port,
    home,
    settingsFile,
    hostKey: fingerprintOf(HOST_KEY.public),
    commands,
    settings,
    restarts: () =>
      existsSync(marker) ? readFileSync(marker, 'utf8').split('\n').filter(Boolean).length : 0,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
