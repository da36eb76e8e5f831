// One replicated site (issue #18) for the tests that need a whole cluster but not its own: a 3-server
// ZooKeeper ensemble, a 3-server NATS JetStream cluster and three site processes, started once. Each part
// is in its own file beside what it tests; the ones that keep the cluster whole run first, the kills and
// the lost quorum last.
import { describe } from 'node:test';
import { NATS_SERVER } from '../../support/nats.js';
import { replicatedSiteLab, type ReplicatedLab } from '../../support/repl-lab.js';
import { toolMissing } from '../../support/tools.js';
import { JAVA, ZK_JAR } from '../../support/zookeeper.js';
import { standbyConsoleTests } from '../site/control-feed.cases.js';
import { controlLogTests } from './control-log.cases.js';
import { forwardedClientTests } from './forwarded-client.cases.js';

const skip = toolMissing('zookeeper', ZK_JAR, JAVA) || toolMissing('nats-server', NATS_SERVER);

describe(
  'one replicated site: 3 ZooKeeper servers, 3 NATS servers, 3 site nodes',
  { skip, timeout: 600_000 },
  () => {
    let current: ReplicatedLab | null = null;
    replicatedSiteLab('edge-replicated-site-', (lab) => {
      current = lab;
    });
    const lab = (): ReplicatedLab => {
      if (!current) throw new Error('the replicated site did not start');
      return current;
    };
    describe("a standby's live console", () => standbyConsoleTests(lab));
    describe('sign-in limits through a standby', () => forwardedClientTests(lab));
    describe('the replicated control log', () => controlLogTests(lab));
  },
);
