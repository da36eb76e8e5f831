import _ from 'lodash';
import type { ClusterState } from '../../shared/api.js';
import type { Logger } from '../logger/logger.js';
import { CoordinatorBase } from './coordinator-base.js';
import { ZkObserver } from './observer.js';
import {
  DEFAULT_RETRY_DELAY,
  DEFAULT_SESSION_TIMEOUT,
  type CoordinatorOptions,
  type ElectionObserver,
  type SharedConfigLike,
} from './types.js';
import { ZkConfigWatch } from './zk-config-watch.js';
import { ZkElection } from './zk-election.js';
import { ZkMembership } from './zk-membership.js';
import { ZkSession } from './zk-session.js';
import { electionPaths, type ElectionPaths } from './zk-util.js';
import { ZkWatches } from './zk-watches.js';

export { ConfigConflictError } from './zk-config-watch.js';

/**
 * The ZooKeeper coordinator: zkHelper's model (nodes / votes / base data / config), done in-process.
 * It composes the session (zk-session), the election (zk-election), the member list (zk-membership) and
 * the shared config (zk-config-watch), and sets them up on every new session.
 *
 * Safety (never two acting masters): the acting role drops to 'standby' the moment the connection is
 * suspended — on a `disconnected` event, or when no reply has come from ZooKeeper for sessionTimeout/2
 * (the client library has no read timeout: a silently cut link is otherwise never noticed). ZooKeeper
 * expires the session no earlier than sessionTimeout after it last heard from us, and only then can
 * another node's predecessor watch fire, so this node has stopped acting first. A local timer treats the
 * session as lost sessionTimeout after suspension (the library does not emit `expired` while cut off).
 */
export class ZooKeeperCoordinator<C extends SharedConfigLike = SharedConfigLike> extends CoordinatorBase<C> {
  private readonly paths: ElectionPaths;
  private readonly session: ZkSession;
  private readonly watches: ZkWatches;
  private readonly membership: ZkMembership;
  private readonly election: ZkElection;
  private readonly configWatch: ZkConfigWatch<C>;
  private readonly observers = new Set<ZkObserver>();
  /**
   * Per client: 'done' once its znodes exist and its watches are set; a reconnect of the same session
   * then only re-reads. A new client starts 'pending' again.
   */
  private setup: 'pending' | 'done' = 'pending';
  private ready: { resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor(options: CoordinatorOptions<C>, logger: Logger) {
    super(options, logger);
    const node = options.node;
    this.paths = electionPaths(options.basePath, options.configPath);
    this.session = new ZkSession(
      {
        node,
        servers: options.servers,
        sessionTimeout: options.sessionTimeout ?? DEFAULT_SESSION_TIMEOUT,
        retries: options.retries ?? 0,
        retryDelay: options.retryDelay ?? DEFAULT_RETRY_DELAY,
        dataDir: options.dataDir,
        heartbeatPath: this.paths.base,
      },
      {
        opening: () => {
          this.watches.reset();
          this.setup = 'pending';
        },
        stopActing: (reason) => this.election.demote(reason),
        connected: (gen) => void (this.setup === 'done' ? this.resync(gen) : this.setUp(gen)),
        lost: () => {
          this.election.forgetSession();
          this.membership.forgetRegistration();
          for (const o of this.observers) o.detach();
        },
        changed: () => this.emitState(),
      },
      logger,
    );
    this.watches = new ZkWatches(this.session, logger);
    this.membership = new ZkMembership(
      this.paths,
      node,
      () => ({ ...this.selfInfo(), role: this.election.role }),
      this.session,
      this.watches,
      {
        membersChanged: () => {
          this.election.updateMaster('membership changed');
          this.emitState();
        },
        changed: () => this.emitState(),
      },
    );
    this.election = new ZkElection(
      this.paths,
      node,
      !!options.observerOnly,
      this.session,
      this.membership,
      this.watches,
      {
        role: (role, epoch) => this.emit('role', role, epoch),
        master: (master) => this.emit('master', master),
        record: (master, epoch, reason) => this.record(master, epoch, reason),
        changed: () => this.emitState(),
      },
      logger,
    );
    this.configWatch = new ZkConfigWatch(
      this.paths.config,
      this.validate,
      this.session,
      this.watches,
      (config) => this.emitConfig(config),
      logger,
    );
  }

  async init(): Promise<void> {
    const saved = await this.session.loadSaved();
    const ready = new Promise<void>((resolve, reject) => (this.ready = { resolve, reject }));
    const timeout = setTimeout(
      () => this.ready?.reject(new Error(`ZooKeeper ${this.session.connectString}: not connected in time`)),
      this.options.connectTimeout ?? 30_000,
    );
    this.session.open(saved);
    try {
      await ready;
    } catch (err) {
      await this.close();
      throw err;
    } finally {
      clearTimeout(timeout);
      this.ready = null;
    }
  }

  isMaster(): boolean {
    return this.election.isMaster();
  }

  getMaster(): string | null {
    return this.election.getMaster();
  }

  getEpoch(): number {
    return this.election.epoch;
  }

  protected currentConfig(): C {
    return this.configWatch.current;
  }

  setConfig(config: C): Promise<void> {
    return this.configWatch.set(config);
  }

  checkEpoch(epoch: number): Promise<boolean> {
    return this.election.checkEpoch(epoch);
  }

  observe(path: string): ElectionObserver {
    const observer = new ZkObserver(path, this.logger);
    this.observers.add(observer);
    const close = observer.close.bind(observer);
    observer.close = () => {
      this.observers.delete(observer);
      close();
    };
    const zk = this.session.zk;
    if (zk && this.setup === 'done') observer.attach(zk);
    return observer;
  }

  protected republish(): void {
    // the znode's data is this node's card for the others; rewritten in place like a role change
    this.membership.publishSelf();
    this.emitState();
  }

  state(): ClusterState {
    const role = this.election.role;
    const connection = this.session.connection;
    const nodes = this.membership
      .list()
      .map((n) =>
        n.node === this.options.node
          ? { ...n, role, zkState: connection }
          : { ...n, zkState: n.zkState ?? 'session alive' },
      );
    return this.snapshot(
      { mode: 'zookeeper', connection, nodes: _.sortBy(nodes, 'node'), votes: this.membership.voteList() },
      role,
    );
  }

  async close(): Promise<void> {
    if (!this.session.markClosed()) return;
    this.election.demote('closing');
    for (const o of [...this.observers]) o.close();
    await this.session.close();
    this.logger.info({ node: this.options.node }, 'cluster: coordinator closed');
  }

  /** a new session: this node's ticket and znode, the watches, observers, then the first election */
  private async setUp(gen: number): Promise<void> {
    const zk = this.session.live(gen);
    if (!zk) return;
    try {
      await zk.mkdirp(this.paths.nodes);
      await zk.mkdirp(this.paths.votes);
      if (!this.options.observerOnly) {
        // ticket first: whoever sees this node in the membership also finds its ticket
        await this.election.ensureTicket(zk);
        await this.membership.register(zk);
      }
      await this.watchAll(gen);
      if (!this.session.live(gen)) return;
      this.setup = 'done';
      for (const o of this.observers) o.attach(zk);
      await this.election.elect();
      this.ready?.resolve();
    } catch (err) {
      if (!this.session.live(gen)) return;
      this.logger.warn({ err }, 'cluster: setup failed; retrying');
      setTimeout(() => {
        const again = this.session.live(gen) && this.session.connection === 'connected';
        if (again && this.setup !== 'done') void this.setUp(gen);
      }, 1000).unref();
    }
  }

  /** the same session again after a suspension: watches fired meanwhile are re-read */
  private async resync(gen: number): Promise<void> {
    try {
      await this.watchAll(gen);
      this.election.scheduleElect('reconnected');
    } catch (err) {
      this.logger.debug({ err }, 'cluster: resync failed');
      this.election.scheduleElect('reconnected');
    }
  }

  private watchAll(gen: number): Promise<unknown> {
    return Promise.all([
      this.election.watchBase(gen),
      this.membership.watch(gen),
      this.configWatch.watch(gen),
    ]);
  }
}
