import type { Logger } from '../logger/logger.js';
import { EmbeddedCoordinator } from './embedded.js';
import type { Coordinator, CoordinatorOptions, SharedConfigLike } from './types.js';
import { ZooKeeperCoordinator } from './zookeeper.js';

export * from './types.js';
export { EmbeddedCoordinator } from './embedded.js';
export { ZooKeeperCoordinator, ConfigConflictError } from './zookeeper.js';
export { MasterDutyRunner, EpochFence } from './duty-runner.js';
export { ZkObserver } from './observer.js';

/**
 * No ZooKeeper servers configured → the embedded single-node coordinator (this node is always master).
 * The config type C is inferred from `options.validateConfig`.
 */
export function createCoordinator<C extends SharedConfigLike = SharedConfigLike>(
  options: CoordinatorOptions<C>,
  logger: Logger,
): Coordinator<C> {
  const log = logger.child({ service: 'cluster' });
  return options.servers.length > 0
    ? new ZooKeeperCoordinator<C>(options, log)
    : new EmbeddedCoordinator<C>(options, log);
}
