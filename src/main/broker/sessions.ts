import type { Aedes, Client } from 'aedes';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { GatewayLink } from './gateway-link.js';

/** What `authenticate` learned of a client, for its session events. */
export interface ClientInfo {
  legacyAnonymous: boolean;
  /** ip:port */
  address: string;
  ip: string;
}

/**
 * Gateway sessions: the live client per gateway (a reconnect takes over, and the old client's late
 * events are ignored), reported to the gateway link (presence, timeSync, subscriptions).
 */
export function trackSessions(
  aedes: Aedes,
  clients: WeakMap<Client, ClientInfo>,
  current: Map<string, Client>,
  deps: { link: GatewayLink; metrics: Metrics; logger: Logger },
): void {
  const { link, metrics, logger } = deps;
  aedes.on('clientReady', (client) => {
    const info = clients.get(client);
    if (!info) return;
    current.set(client.id, client);
    link.connected(client.id, { address: info.address, legacyAnonymous: info.legacyAnonymous });
    logger.info(
      { gatewayId: client.id, address: info.address, legacyAnonymous: info.legacyAnonymous },
      'gateway connected',
    );
  });
  aedes.on('clientDisconnect', (client) => {
    if (current.get(client.id) !== client) return;
    current.delete(client.id);
    link.disconnected(client.id);
    logger.info({ gatewayId: client.id }, 'gateway disconnected');
  });
  aedes.on('subscribe', (subscriptions, client) => {
    if (current.get(client.id) !== client) return;
    for (const sub of subscriptions) link.subscribed(client.id, sub.topic);
  });
  aedes.on('clientError', (client, err) => {
    logger.debug({ gatewayId: client.id, err: err.message }, 'client error');
  });
  aedes.on('connectionError', (client, err) => {
    metrics.recordError({ kind: 'mqtt.connection', gatewayId: client?.id, message: err.message });
  });
}
