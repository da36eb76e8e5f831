// Fake Thing+ gateways for LAN discovery (protocol §8): UDP responders on loopback only. A test must never
// probe anything but 127.0.0.0/8: `loopbackOnly` is the scanner guard that enforces it.
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Probe } from '../../../src/main/discovery/index.js';

export interface Responder {
  port: number;
  /** every datagram it received, as text */
  received: string[];
  /** `127.0.0.1:PORT`, the scan target that reaches it */
  target: string;
  close(): Promise<void>;
}

/** What a responder answers to one probe: datagrams to send back (none = silent). */
export type Answer = (probe: Buffer, from: RemoteInfo) => Array<Buffer | string>;

/** A real gateway's behaviour: answers only the exact text `Thing+?`, with one JSON reply. */
export function gatewayAnswer(reply: Record<string, unknown>): Answer {
  return (probe) => (probe.toString() === 'Thing+?' ? [JSON.stringify(reply)] : []);
}

export function thingplusReply(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: `gateway ${id}`,
    service: 'https://api.example.test',
    mqtt: 'mqtts://mqtt.example.test:8883',
    serviceConn: true,
    mqttConn: false,
    uptime: 1234,
    ...extra,
  };
}

/**
 * A UDP responder bound on 127.0.0.1 (a free port). `replyFrom` answers through another socket, i.e. from
 * a source the scan did not probe (a spoof, as the scanner sees it).
 */
export async function startResponder(answer: Answer, replyFrom?: Socket): Promise<Responder> {
  const socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (message, from) => {
    received.push(message.toString());
    for (const datagram of answer(message, from))
      (replyFrom ?? socket).send(datagram, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const port = socket.address().port;
  return {
    port,
    received,
    target: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A bound loopback socket to send spoofed replies from. */
export async function loopbackSocket(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

/** The scanner guard of every test: a probe to anything but 127.0.0.0/8 fails the test at once. */
export function loopbackOnly(probe: Probe): void {
  assert.ok(
    probe.address.startsWith('127.') && !probe.broadcast,
    `test scan tried to probe ${probe.address} (broadcast: ${probe.broadcast})`,
  );
}
