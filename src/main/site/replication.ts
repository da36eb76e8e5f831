import type { ClusterState } from '../../shared/api.js';
import type { LiveHub } from '../api/index.js';
import type { Broker } from '../broker/index.js';
import type { Coordinator } from '../cluster/types.js';
import type { Logger } from '../logger/logger.js';
import type { Metrics } from '../metrics/index.js';
import type { ControlReplication, Replication } from '../replication/index.js';
import { clusterView, type SiteAddress } from '../site-address/index.js';
import type { Timeline } from '../timeline/index.js';
import { ReplicationAlarms, type SystemAlarmSink } from './replication-alarms.js';

export interface ReplicationParts {
  replication: Replication | null;
  control?: ControlReplication | null;
  coordinator: Coordinator;
  live: LiveHub;
  timeline: Timeline;
  metrics: Metrics;
  logger: Logger;
  broker: () => Broker | null;
  siteAddress?: SiteAddress | null;
  alarms: SystemAlarmSink;
}

/**
 * The replicated values log follows the election: the master takes gateways (once it has applied the
 * log), a node that stops being master lets its gateways go at once so they reconnect to the site
 * address. Values other nodes received reach this node's live console too; replication problems become
 * site alarms (replication-alarms.ts). Returns the cluster state with the log's part and the problems
 * this node sees, for GET /cluster, the overview and the live feed.
 */
export function wireReplication(p: ReplicationParts): () => ClusterState {
  const { replication, coordinator } = p;
  const replicationAlarms = new ReplicationAlarms({
    ...p,
    isMaster: () => coordinator.isMaster(),
    settled: () => p.control?.writer.idle ?? true,
  });
  const clusterState = (): ClusterState => ({
    ...clusterView(p),
    replication: replication
      ? {
          ...replication.state(),
          control: p.control?.state() ?? null,
          problems: replicationAlarms.problems(),
        }
      : null,
  });
  // the election's changes, with the log's state beside them (site/replication.ts owns the whole view)
  const broadcast = (): void => p.live.broadcast({ type: 'cluster', cluster: clusterState() });
  coordinator.on('state', broadcast);
  p.siteAddress?.on('changed', broadcast);
  const letGo = (why: string, epoch?: number): void => {
    const broker = p.broker();
    const gateways = broker?.connectedGateways() ?? [];
    for (const gatewayId of gateways) broker?.disconnect(gatewayId);
    if (gateways.length > 0)
      p.logger.info({ epoch, gateways: gateways.length }, `${why}: gateways let go to the site address`);
  };
  // before the address goes (its release runs first in the role change): their FIN leaves from it, so
  // gateways reconnect at once instead of after their retransmissions time out
  p.siteAddress?.beforeRelease(() => letGo('site address released'));
  if (!replication) return clusterState;
  coordinator.on('role', (role, epoch) => {
    replication.setRole(role);
    if (role !== 'master') letGo('no longer master', epoch);
  });
  replication.on('applied', (record) => {
    if (p.live.clients === 0) return;
    for (const batch of record.batches) p.live.values(record.gatewayId, batch.sensorId, batch.points);
  });
  replication.on('republished', (count) => {
    const message = `Cluster node ${replication.node} re-published ${count} values after the values log lost its tail`;
    p.logger.warn(message);
    // told by the node that did it (only it knows), whichever its role: one entry per node that had the tail
    p.timeline.add({ type: 'site', node: [], severity: 'warning', message });
  });
  replication.on('state', (state) => {
    try {
      replicationAlarms.check(state);
    } catch (err) {
      // a site.db that cannot be written now: the next state (a second later) tries again
      p.logger.error({ err }, 'replication alarms not updated');
    }
    if (p.live.clients > 0) p.live.broadcast({ type: 'cluster', cluster: clusterState() });
  });
  return clusterState;
}
