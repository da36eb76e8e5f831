import { hostname } from 'node:os';
import { createCoordinator } from '../cluster/index.js';
import type { Coordinator } from '../cluster/types.js';
import { validateSharedConfig, type SharedConfig, type SiteConfig } from '../config/config.js';
import type { Logger } from '../logger/logger.js';
import { VERSION } from '../version.js';

/** The embedded coordinator, or ZooKeeper's when servers are configured; this node's card for others. */
export function siteCoordinator(
  config: SiteConfig,
  node: string,
  startedAt: number,
  logger: Logger,
): Coordinator<SharedConfig> {
  return createCoordinator(
    {
      node,
      basePath: config.cluster.basePath,
      configPath: config.cluster.configPath,
      servers: config.cluster.servers,
      sessionTimeout: config.cluster.sessionTimeout,
      retries: config.cluster.retries,
      observerOnly: config.cluster.observerOnly,
      dataDir: config.dataDir,
      validateConfig: validateSharedConfig,
      nodeInfo: {
        host: hostname(),
        ports: { http: config.http.port, mqtt: config.mqtt.port },
        version: VERSION,
        started: startedAt,
      },
    },
    logger,
  );
}
