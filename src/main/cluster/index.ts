import type { Logger } from '../log/logger.js';
import { EmbeddedCoordinator } from './embedded.js';
import type { Coordinator, CoordinatorOptions } from './types.js';
import { ZooKeeperCoordinator } from './zookeeper.js';

export * from './types.js';
export { EmbeddedCoordinator } from './embedded.js';
export { ZooKeeperCoordinator, ConfigConflictError } from './zookeeper.js';
export { MasterDutyRunner, EpochFence } from './duty-runner.js';
export { ZkObserver } from './observer.js';

/** No ZooKeeper servers configured → the embedded single-node coordinator (this node is always master). */
export function createCoordinator(options: CoordinatorOptions, logger: Logger): Coordinator {
  const log = logger.child({ service: 'cluster' });
  return options.servers.length > 0
    ? new ZooKeeperCoordinator(options, log)
    : new EmbeddedCoordinator(options, log);
}
