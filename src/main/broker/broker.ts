import { createRequire } from 'node:module';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { TLSSocket, createServer as createTlsServer } from 'node:tls';
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { Registry } from '../registry/index.js';
import { AckWindows } from './ack-windows.js';
import { CONNACK, decideConnect, isGatewayRefusal, type BrokerRefusal } from './auth.js';
import { sourceIp, type FailureLimit } from './failure-limit.js';
import type { GatewayLink } from './gateway-link.js';
import type { Ingest } from './ingest.js';
import { publishAuthorizer } from './publish.js';
import { trackSessions, type ClientInfo } from './sessions.js';
import { gatewayMaySubscribe } from './thingplus/index.js';

export interface BrokerOptions {
  host: string;
  port: number;
  maxPayloadBytes: number;
  /** commit at once when every eager sender's window is queued (config mqtt.commitWhenWindowsFull) */
  commitWhenWindowsFull?: boolean;
  /** MQTT over TLS: port (0 = any free) and PEM credentials; absent = no TLS listener */
  tls?: { port: number; cert: string; key: string };
}

export interface Broker {
  readonly port: number;
  readonly tlsPort: number | null;
  /** publish server→gateway (QoS 1); the broker's own publishes bypass authorizePublish */
  send(gatewayId: string, topic: string, payload: string): void;
  connectedGateways(): string[];
  /** publish on the site broker for integrations (a rule's mqtt/publish action; a SCADA subscribing) */
  publish(topic: string, payload: string, qos: 0 | 1 | 2): void;
  /** end a gateway's session (it was deleted, or its APIKEY was rotated) */
  disconnect(gatewayId: string): void;
  close(): Promise<void>;
}

/**
 * mqtt-packet, aedes' packet writer, fills a cache of 65 536 two-byte Buffers (every packet id) on its
 * first write: 7 MB of heap, a tenth of the site's live heap with 1 000 gateways connected (heap
 * snapshot of bench/ingest-mqtt.ts), to save allocating 2 bytes per PUBACK. Taken from aedes' own
 * resolution so it is the instance aedes writes with.
 */
function dropPacketNumberCache(): void {
  const fromAedes = createRequire(import.meta.resolve('aedes'));
  const packets = fromAedes('mqtt-packet') as { writeToStream: { cacheNumbers: boolean } };
  packets.writeToStream.cacheNumbers = false;
}

/**
 * The embedded MQTT broker (aedes) speaking the Thing+ gateway protocol. Values are stored inside
 * `authorizePublish` (publish.ts), whose callback aedes awaits before it sends PUBACK ([MQTT-4.3.2-2]:
 * the receiver acknowledges after taking ownership): holding it until the commit makes every PUBACK
 * mean "on disk". aedes processes all packets of one socket read concurrently and then reads on, so messages of one read
 * share a group commit, and a slow disk pushes back on the gateway's TCP stream instead of growing memory.
 */
export async function startBroker(deps: {
  registry: Registry;
  ingest: Ingest;
  link: GatewayLink;
  metrics: Metrics;
  logger: Logger;
  /** failures per source address, shared with the gateway REST */
  limit: FailureLimit;
  /** a registered gateway refused (its credentials, or the plain-TCP allowance): for the console to show why */
  onRefused: (gatewayId: string, refusal: BrokerRefusal) => void;
  /** why this node takes no gateway now (a cluster standby, a master catching up), or null */
  admission?: () => string | null;
  options: BrokerOptions;
}): Promise<Broker> {
  const { registry, ingest, link, metrics, logger, limit, options } = deps;
  dropPacketNumberCache();
  const clients = new WeakMap<Client, ClientInfo>();
  /** the live client per gateway: a reconnect takes over, and the old client's late events are ignored */
  const current = new Map<string, Client>();

  const aedes = await Aedes.createBroker({
    // Thing+ gateway ids can be longer than MQTT 3.1's 23 characters.
    maxClientsIdLength: 128,
    heartbeatInterval: 60_000,
    // a gateway that stops reading (its RPC requests queue up) must not stall the broker
    drainTimeout: 30_000,
  });

  aedes.authenticate = (client, username, password, done) => {
    const address = remoteAddress(client);
    const ip = sourceIp((client.conn as Partial<Socket>).remoteAddress);
    const refuse = (returnCode: number, message: string): void => {
      const error = new Error(message) as AuthenticateError;
      error.returnCode = returnCode;
      done(error, false);
    };
    if (limit.blocked(ip)) {
      // a gateway waiting to be added keeps knocking: its row in the console stays current (never a new row)
      if (registry.isPending(client.id)) registry.notePending(client.id, address, password !== undefined);
      metrics.recordError(
        { kind: 'auth.rateLimited', gatewayId: client.id, message: `too many failures from ${ip}` },
        false,
      );
      refuse(CONNACK.NOT_AUTHORIZED, `too many failures from ${ip}`);
      return;
    }
    const unavailable = deps.admission?.() ?? null;
    if (unavailable !== null) {
      // not a failure of the gateway's: no rate-limit strike, and the error is not counted per attempt
      refuse(CONNACK.SERVER_UNAVAILABLE, unavailable);
      return;
    }
    const secure = client.conn instanceof TLSSocket;
    const live = current.get(client.id);
    const liveIp = live ? clients.get(live)?.ip : undefined;
    const decision = decideConnect(registry, { clientId: client.id, username, password, secure, ip, liveIp });
    if (decision.ok) {
      clients.set(client, { legacyAnonymous: decision.legacyAnonymous, address, ip });
      done(null, true);
      return;
    }
    limit.fail(ip);
    if (decision.pending) registry.notePending(client.id, address, password !== undefined);
    metrics.recordError({
      kind: decision.kind,
      gatewayId: client.id,
      message: `${decision.message} (from ${address})`,
    });
    if (isGatewayRefusal(decision.kind))
      deps.onRefused(client.id, { kind: decision.kind, message: decision.message, address, secure });
    refuse(decision.returnCode, decision.message);
  };

  aedes.authorizeSubscribe = (client, subscription: Subscription, done) => {
    if (gatewayMaySubscribe(client.id, subscription.topic)) {
      done(null, subscription);
      return;
    }
    metrics.recordError({
      kind: 'acl.subscribe',
      gatewayId: client.id,
      message: `gateway ${client.id} may not subscribe to ${subscription.topic}`,
    });
    // [MQTT-3.9.3-2] a refused subscription gets return code 0x80 in the SUBACK; the connection stays.
    done(null, null);
  };

  const windows = options.commitWhenWindowsFull ? new AckWindows() : null;
  if (windows) aedes.on('clientDisconnect', (client) => windows.forget(client));
  aedes.authorizePublish = publishAuthorizer({
    windows,
    ingest,
    link,
    metrics,
    logger,
    maxPayloadBytes: options.maxPayloadBytes,
  });

  trackSessions(aedes, clients, current, { link, metrics, logger });
  // a technician turning the allowance off or moving its pin ends a session that used it
  const recheckLegacy = (gatewayId: string): void => {
    const live = current.get(gatewayId);
    const info = live && clients.get(live);
    if (!live || !info?.legacyAnonymous) return;
    const gateway = registry.getGateway(gatewayId);
    if (gateway?.legacyPlainTcp && (gateway.legacyAddress ?? info.ip) === info.ip) return;
    logger.info({ gatewayId, address: info.address }, 'plain-TCP allowance withdrawn: session ended');
    live.close();
  };
  registry.on('gateway', recheckLegacy);

  const servers: Server[] = [];
  const listen = async (server: Server, port: number): Promise<number> => {
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return (server.address() as AddressInfo).port;
  };
  const port = await listen(
    createServer((socket: Socket) => aedes.handle(socket)),
    options.port,
  );
  const tlsPort = options.tls
    ? await listen(
        createTlsServer({ cert: options.tls.cert, key: options.tls.key }, (socket) => aedes.handle(socket)),
        options.tls.port,
      )
    : null;
  logger.info({ host: options.host, port, tlsPort }, 'MQTT broker listening');

  return {
    port,
    tlsPort,
    send(gatewayId, topic, payload) {
      const packet: PublishPacket = {
        cmd: 'publish',
        topic,
        payload: Buffer.from(payload),
        qos: 1,
        retain: false,
        dup: false,
      };
      aedes.publish(packet, (err) => {
        if (err) metrics.recordError({ kind: 'mqtt.publish', gatewayId, topic, message: err.message });
      });
    },
    publish(topic, payload, qos) {
      const packet: PublishPacket = {
        cmd: 'publish',
        topic,
        payload: Buffer.from(payload),
        qos,
        retain: false,
        dup: false,
      };
      aedes.publish(packet, (err) => {
        if (err) metrics.recordError({ kind: 'mqtt.publish', topic, message: err.message });
      });
    },
    connectedGateways: () => [...current.keys()],
    disconnect(gatewayId) {
      const client = current.get(gatewayId);
      // the socket first, synchronously: aedes' close ends it only after its own asynchronous cleanup,
      // and a node about to drop the site address must send the FIN while it still holds the address
      // (else the gateway learns of it only by its retransmissions timing out, about a minute)
      client?.conn.destroy();
      client?.close();
    },
    async close() {
      registry.off('gateway', recheckLegacy);
      // stop accepting first, then let aedes end the sessions; server.close completes once they are gone
      const serversClosed = Promise.all(
        servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
      );
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await serversClosed;
    },
  };
}

function remoteAddress(client: Client): string {
  const conn = client.conn as Partial<Socket>;
  return conn.remoteAddress ? `${conn.remoteAddress}:${conn.remotePort ?? ''}` : 'unknown';
}
