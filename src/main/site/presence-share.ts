import type { GatewayConnection, ReportedStatus } from '../../shared/model.js';
import type { Broker } from '../broker/index.js';
import type { Coordinator } from '../cluster/types.js';
import type { Logger } from '../logger/logger.js';
import type { Presence } from '../presence/presence.js';
import type { ControlReplication } from '../replication/index.js';

export interface PresenceShareParts {
  control: ControlReplication;
  presence: Presence;
  coordinator: Coordinator;
  logger: Logger;
  broker: () => Broker | null;
}

interface Shared {
  gatewayId: string;
  connection: GatewayConnection;
  status: ReportedStatus | null;
}

const SNAPSHOT_WAIT_MS = 2000;
const encode = (list: Shared[]): Uint8Array => Buffer.from(JSON.stringify(list));
const decode = (data: Uint8Array): Shared[] =>
  JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')) as Shared[];

/**
 * Gateways connect to the master only, so only its presence knows who is connected. The master sends
 * each gateway's connection and reported status (and each sensor's) on the replication servers (core NATS: a state, not a
 * history; the next change replaces it), and a standby mirrors them into its own presence, which its
 * console, its API and its live feed read as the master's do. A standby asks for all of them when it
 * starts or becomes standby; a new master marks what it only mirrored as disconnected (the gateways
 * come back to it through the site address).
 */
export function wirePresenceShare(p: PresenceShareParts): void {
  const { log } = p.control;
  const subject = `${log.options.stream}.presence`;
  const all = `${subject}.all`;
  const mirrored = new Set<string>();

  const mirror = (list: Shared[]): void => {
    for (const s of list) {
      mirrored.add(s.gatewayId);
      p.presence.mirror(s.gatewayId, s.connection, s.status);
    }
  };
  const askMaster = async (): Promise<void> => {
    const answer = await log.request(all, new Uint8Array(), SNAPSHOT_WAIT_MS);
    if (answer && !p.coordinator.isMaster()) mirror(decode(answer));
  };

  p.presence.on('gateway', (gatewayId) => {
    if (!p.coordinator.isMaster()) return;
    const connection = p.presence.connection(gatewayId);
    log.publish(subject, encode([{ gatewayId, connection, status: p.presence.gatewayStatus(gatewayId) }]));
  });
  // a sensor's reported status: the standby keeps it as a report of its own (statuses is a local table)
  const sensors = `${subject}.sensor`;
  p.presence.on('sensorStatus', (gatewayId, sensorId, status) => {
    if (p.coordinator.isMaster() && status.status !== 'expired')
      log.publish(sensors, Buffer.from(JSON.stringify({ gatewayId, sensorId, status })));
  });
  void log.subscribe(sensors, (data) => {
    if (p.coordinator.isMaster()) return undefined;
    const { gatewayId, sensorId, status } = JSON.parse(Buffer.from(data).toString('utf8')) as {
      gatewayId: string;
      sensorId: string;
      status: ReportedStatus;
    };
    p.presence.reportSensorStatus(gatewayId, sensorId, status);
    return undefined;
  });
  // only the master answers: a standby's mirror may be behind
  void log.subscribe(all, () => (p.coordinator.isMaster() ? encode(p.presence.gateways()) : undefined));
  void log
    .subscribe(subject, (data) => {
      if (!p.coordinator.isMaster()) mirror(decode(data));
      return undefined;
    })
    .then(() => (p.coordinator.isMaster() ? undefined : askMaster()));

  p.coordinator.on('role', (role) => {
    if (role !== 'master') {
      void askMaster();
      return;
    }
    const own = new Set(p.broker()?.connectedGateways() ?? []);
    for (const gatewayId of mirrored)
      if (!own.has(gatewayId) && p.presence.connection(gatewayId).state === 'connected')
        p.presence.disconnected(gatewayId);
    mirrored.clear();
    p.logger.debug('the mirrored gateway connections are this node’s own now');
  });
}
