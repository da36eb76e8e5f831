// Clients that choose their source address (127.0.0.x: Linux routes all of 127/8 to loopback) and a
// certificate to trust, for the gateway-trust tests.
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createConnection } from 'node:net';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/** CONNACK: 0 and the client, or the refusal's return code. */
export function mqttFrom(
  localAddress: string,
  port: number,
  clientId: string,
  options: IClientOptions = {},
): Promise<{ code: number; client?: MqttClient }> {
  const client = new mqtt.MqttClient(() => createConnection({ host: '127.0.0.1', port, localAddress }), {
    clientId,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    protocolVersion: 4,
    ...options,
  });
  return settle(client);
}

/** mqtt.js over TLS trusting only `ca`, as the Thing+ gateway does (rejectUnauthorized true). */
export function mqttsWithCa(
  port: number,
  ca: string,
  clientId: string,
  options: IClientOptions = {},
): Promise<{ code: number; client?: MqttClient }> {
  const client = mqtt.connect(`mqtts://127.0.0.1:${port}`, {
    clientId,
    ca,
    rejectUnauthorized: true,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    ...options,
  });
  return settle(client);
}

function settle(client: MqttClient): Promise<{ code: number; client?: MqttClient }> {
  return new Promise((resolve) => {
    client.once('connect', () => resolve({ code: 0, client }));
    client.once('error', (err: Error & { code?: number | string }) => {
      client.end(true);
      resolve({ code: typeof err.code === 'number' ? err.code : -1 });
    });
    client.once('close', () => resolve({ code: -2 }));
  });
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain or TLS HTTP request with a chosen source address and trusted CA (real sockets, no fetch). */
export function httpCall(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    body?: unknown;
    localAddress?: string;
    ca?: string;
  } = {},
): Promise<HttpAnswer> {
  const u = new URL(url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      {
        method: options.method ?? 'GET',
        localAddress: options.localAddress,
        ca: options.ca,
        rejectUnauthorized: true,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The certificate a TLS port serves (no verification: this is what we compare). */
export function servedCertificate(port: number): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      resolve(cert);
    });
    socket.on('error', reject);
  });
}

export function run(
  command: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
