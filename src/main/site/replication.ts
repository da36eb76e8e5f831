import type { ClusterState } from '../../shared/api.js';
import type { LiveHub } from '../api/index.js';
import type { Broker } from '../broker/index.js';
import type { Coordinator } from '../cluster/types.js';
import type { Logger } from '../logger/logger.js';
import type { Replication } from '../replication/index.js';
import type { Timeline } from '../timeline/index.js';

export interface ReplicationParts {
  replication: Replication | null;
  coordinator: Coordinator;
  live: LiveHub;
  timeline: Timeline;
  logger: Logger;
  broker: () => Broker | null;
}

/**
 * The replicated values log follows the election: the master takes gateways (once it has applied the
 * log), a node that stops being master lets its gateways go at once so they reconnect to the site
 * address. Values other nodes received reach this node's live console too. Returns the cluster state
 * with the log's part, for GET /cluster and the live feed.
 */
export function wireReplication(p: ReplicationParts): () => ClusterState {
  const { replication, coordinator } = p;
  const clusterState = (): ClusterState => ({
    ...coordinator.state(),
    replication: replication?.state() ?? null,
  });
  // the election's changes, with the log's state beside them (site/replication.ts owns the whole view)
  coordinator.on('state', () => p.live.broadcast({ type: 'cluster', cluster: clusterState() }));
  if (!replication) return clusterState;
  coordinator.on('role', (role, epoch) => {
    replication.setRole(role);
    if (role === 'master') return;
    const broker = p.broker();
    const gateways = broker?.connectedGateways() ?? [];
    for (const gatewayId of gateways) broker?.disconnect(gatewayId);
    if (gateways.length > 0)
      p.logger.info(
        { epoch, gateways: gateways.length },
        'no longer master: gateways let go to the site address',
      );
  });
  replication.on('applied', (record) => {
    if (p.live.clients === 0) return;
    for (const batch of record.batches) p.live.values(record.gatewayId, batch.sensorId, batch.points);
  });
  replication.on('state', () => {
    if (p.live.clients > 0) p.live.broadcast({ type: 'cluster', cluster: clusterState() });
  });
  return clusterState;
}
