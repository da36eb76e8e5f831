import { EventEmitter } from 'node:events';
import _ from 'lodash';
import zookeeper from 'node-zookeeper-client';
import type { Client, Stat } from 'node-zookeeper-client';
import type { ClusterNodeView, ClusterState, ElectionRecord } from '../../shared/api.js';
import type { Logger } from '../log/logger.js';
import { defaultValidateConfig, parseElectionData, pushHistory } from './common.js';
import { ZkObserver } from './observer.js';
import { SessionStore, type SavedSession } from './session-store.js';
import {
  DEFAULT_RETRY_DELAY,
  DEFAULT_SESSION_TIMEOUT,
  type Coordinator,
  type CoordinatorEvents,
  type CoordinatorOptions,
  type ElectionData,
  type ElectionObserver,
  type Role,
} from './types.js';
import { CreateMode, Exception, isCode, sameSession, sortTickets, Zk } from './zk-util.js';

type Connection = 'connected' | 'suspended' | 'lost';

/** Thrown by setConfig when the shared config changed since this node last saw it. */
export class ConfigConflictError extends Error {
  constructor() {
    super('the shared config was changed concurrently; reload and retry');
    this.name = 'ConfigConflictError';
  }
}

/**
 * The ZooKeeper coordinator: zkHelper's model (nodes / votes / base data / config), done in-process.
 *
 * Safety (never two acting masters): the acting role drops to 'standby' the moment the connection is
 * suspended — on a `disconnected` event, or when no reply has come from ZooKeeper for sessionTimeout/2
 * (the client library has no read timeout: a silently cut link is otherwise never noticed). ZooKeeper
 * expires the session no earlier than sessionTimeout after it last heard from us, and only then can
 * another node's predecessor watch fire, so this node has stopped acting first. A local timer treats the
 * session as lost sessionTimeout after suspension (the library does not emit `expired` while cut off).
 */
export class ZooKeeperCoordinator extends EventEmitter<CoordinatorEvents> implements Coordinator {
  private readonly base: string;
  private readonly nodesPath: string;
  private readonly votesPath: string;
  private readonly configPath: string;
  private readonly connectString: string;
  private readonly sessionTimeout: number;
  private readonly retryDelay: number;
  private readonly validate: (c: unknown) => Record<string, unknown>;
  private readonly store: SessionStore;
  private readonly startedAt = Date.now();

  private zk: Zk | null = null;
  private gen = 0;
  private connection: Connection = 'lost';
  private role: Role;
  private epoch = 0;
  /** version of the base znode as this node wrote it when claiming (fencing) */
  private baseVersion = -1;
  private electionData: ElectionData = { master: null, epoch: 0 };
  private lastMaster: string | null = null;
  private ticket: string | null = null;
  private nodeVersion = -1;
  private sessionId: Buffer = Buffer.alloc(8);
  private negotiatedTimeout: number;
  private readonly nodes = new Map<string, ClusterNodeView>();
  private votes: Array<{ ticket: string; node: string }> = [];
  private readonly history: ElectionRecord[] = [];
  private config: Record<string, unknown> = {};
  private configVersion = -1;
  private readonly armed = new Set<string>();
  private setupDone = false;
  private reattaching = false;
  private electing = false;
  private electAgain = false;
  private closed = false;
  private lastOk = 0;
  private hbPending = false;
  private attemptAt = 0;
  private lostTimer: NodeJS.Timeout | null = null;
  private rejoinTimer: NodeJS.Timeout | null = null;
  private tick: NodeJS.Timeout | null = null;
  private readonly observers = new Set<ZkObserver>();
  private ready: { resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor(
    private readonly options: CoordinatorOptions,
    private readonly logger: Logger,
  ) {
    super();
    this.base = options.basePath.replace(/\/+$/, '') || '/';
    this.nodesPath = `${this.base}/nodes`;
    this.votesPath = `${this.base}/votes`;
    this.configPath = options.configPath ?? `${this.base}/config`;
    this.connectString = options.servers.join(',');
    this.sessionTimeout = options.sessionTimeout ?? DEFAULT_SESSION_TIMEOUT;
    this.negotiatedTimeout = this.sessionTimeout;
    this.retryDelay = options.retryDelay ?? DEFAULT_RETRY_DELAY;
    this.validate = options.validateConfig ?? defaultValidateConfig;
    this.store = new SessionStore(options.dataDir);
    this.role = options.observerOnly ? 'observer' : 'standby';
  }

  // ---------------------------------------------------------------- public API

  async init(): Promise<void> {
    const saved = await this.store.load(this.options.node, this.connectString);
    const ready = new Promise<void>((resolve, reject) => (this.ready = { resolve, reject }));
    const timeout = setTimeout(
      () => this.ready?.reject(new Error(`ZooKeeper ${this.connectString}: not connected in time`)),
      this.options.connectTimeout ?? 30_000,
    );
    this.tick = setInterval(() => this.onTick(), Math.max(50, Math.min(500, this.sessionTimeout / 8)));
    this.openClient(saved);
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
    return this.role === 'master' && this.connection === 'connected';
  }

  getMaster(): string | null {
    const m = this.electionData.master;
    return m && this.nodes.has(m) ? m : null;
  }

  getEpoch(): number {
    return this.epoch;
  }

  getConfig(): Record<string, unknown> {
    return _.cloneDeep(this.config);
  }

  async setConfig(config: Record<string, unknown>): Promise<void> {
    const accepted = this.validate(_.cloneDeep(config));
    const zk = this.zk;
    if (!zk || this.connection !== 'connected') throw new Error('not connected to ZooKeeper');
    const data = Buffer.from(JSON.stringify(accepted));
    let stat: Stat | null;
    try {
      if (this.configVersion < 0) {
        const parent = this.configPath.slice(0, this.configPath.lastIndexOf('/'));
        if (parent) await zk.mkdirp(parent);
        await zk.create(this.configPath, data, CreateMode.PERSISTENT);
        stat = await zk.exists(this.configPath);
      } else {
        stat = await zk.setData(this.configPath, data, this.configVersion);
      }
    } catch (err) {
      if (isCode(err, Exception.BAD_VERSION) || isCode(err, Exception.NODE_EXISTS))
        throw new ConfigConflictError();
      throw err;
    }
    if (stat && stat.version > this.configVersion) this.applyConfig(accepted, stat.version);
  }

  /**
   * Linearizable: a transaction of checks goes through the ZooKeeper leader, so it fails if anyone wrote
   * the base znode since this node claimed it, or this node's ticket is gone.
   */
  async checkEpoch(epoch: number): Promise<boolean> {
    if (!this.isMaster() || epoch !== this.epoch || !this.zk || !this.ticket) return false;
    try {
      await this.zk.multi([
        { op: 'check', path: this.base, version: this.baseVersion },
        { op: 'check', path: `${this.votesPath}/${this.ticket}`, version: -1 },
      ]);
      return this.isMaster() && epoch === this.epoch;
    } catch {
      return false;
    }
  }

  observe(path: string): ElectionObserver {
    const observer = new ZkObserver(path, this.logger);
    this.observers.add(observer);
    const close = observer.close.bind(observer);
    observer.close = () => {
      this.observers.delete(observer);
      close();
    };
    if (this.zk && this.setupDone) observer.attach(this.zk);
    return observer;
  }

  state(): ClusterState {
    // another node is listed only while its ephemeral znode exists, i.e. while its session is alive
    const nodes = [...this.nodes.values()].map((n) =>
      n.node === this.options.node
        ? { ...n, role: this.role, zkState: this.connection }
        : { ...n, zkState: n.zkState ?? 'session alive' },
    );
    return {
      mode: 'zookeeper',
      self: this.options.node,
      role: this.role,
      connection: this.connection,
      master: this.getMaster(),
      epoch: this.epoch,
      nodes: _.sortBy(nodes, 'node'),
      votes: [...this.votes],
      history: [...this.history],
      config: _.cloneDeep(this.config),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.demote('closing');
    for (const t of [this.lostTimer, this.rejoinTimer]) if (t) clearTimeout(t);
    if (this.tick) clearInterval(this.tick);
    for (const o of [...this.observers]) o.close();
    const client = this.zk?.client;
    const connected = this.connection === 'connected';
    this.gen++;
    this.zk = null;
    if (client) {
      if (connected) {
        // closing the session deletes this node's ephemeral znodes at once: the next candidate takes over now
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 2000);
          client.once('disconnected', () => {
            clearTimeout(t);
            resolve();
          });
          client.close();
        });
      }
      this.dispose(client);
    }
    await this.store.clear().catch(() => undefined);
    this.logger.info({ node: this.options.node }, 'cluster: coordinator closed');
  }

  // ---------------------------------------------------------------- session handling

  private openClient(saved: SavedSession | null): void {
    if (this.closed) return;
    if (this.zk) this.dispose(this.zk.client);
    const gen = ++this.gen;
    this.armed.clear();
    this.setupDone = false;
    const clientOptions: Record<string, unknown> = {
      sessionTimeout: this.sessionTimeout,
      spinDelay: Math.min(1000, Math.max(100, this.sessionTimeout / 20)),
      retries: this.options.retries ?? 0,
    };
    if (saved) {
      clientOptions.sessionId = Buffer.from(saved.sessionId, 'hex');
      clientOptions.sessionPassword = Buffer.from(saved.password, 'hex');
    }
    this.reattaching = !!saved;
    const client = zookeeper.createClient(this.connectString, clientOptions);
    this.zk = new Zk(client);
    this.attemptAt = Date.now();
    client.on('connected', () => gen === this.gen && this.onConnected(gen));
    client.on('disconnected', () => {
      if (gen !== this.gen) return;
      this.attemptAt = Date.now();
      this.onSuspended('disconnected');
    });
    client.on('expired', () => gen === this.gen && this.onExpired());
    client.on('authenticationFailed', () => gen === this.gen && this.onLost('authentication failed'));
    this.logger.debug({ servers: this.connectString, reattach: !!saved }, 'cluster: connecting');
    client.connect();
  }

  private dispose(client: Client): void {
    client.removeAllListeners();
    client.on('error', () => undefined);
    try {
      client.close();
    } catch {
      /* already closed */
    }
    destroySocket(client);
  }

  private onConnected(gen: number): void {
    const zk = this.zk;
    if (!zk || this.closed) return;
    this.lastOk = Date.now();
    this.hbPending = false;
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.lostTimer = null;
    const previous = this.connection;
    this.connection = 'connected';
    if (previous === 'lost') {
      const sid = zk.client.getSessionId();
      if (this.reattaching) {
        this.logger.info(
          { session: sid.toString('hex') },
          'cluster: re-attached to the saved ZooKeeper session',
        );
      }
      this.reattaching = false;
      this.sessionId = sid;
      this.negotiatedTimeout = zk.client.getSessionTimeout() || this.sessionTimeout;
      void this.store
        .save({
          node: this.options.node,
          servers: this.connectString,
          sessionId: sid.toString('hex'),
          password: zk.client.getSessionPassword().toString('hex'),
          timeout: this.negotiatedTimeout,
          savedAt: Date.now(),
        })
        .catch((err: unknown) => this.logger.warn({ err }, 'cluster: cannot save the session'));
    } else {
      this.logger.info({ node: this.options.node }, 'cluster: reconnected, same session');
    }
    this.emitState();
    if (!this.setupDone) void this.setup(gen);
    else void this.resync(gen);
  }

  private onSuspended(reason: string): void {
    if (this.closed || this.connection !== 'connected') return;
    this.connection = 'suspended';
    this.logger.warn(
      { node: this.options.node, reason },
      'cluster: connection suspended, master duties stop',
    );
    this.demote(`suspended: ${reason}`);
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.lostTimer = setTimeout(
      () => this.onLost('no reconnection within sessionTimeout'),
      this.negotiatedTimeout,
    );
    this.emitState();
  }

  private onExpired(): void {
    if (this.reattaching && this.connection === 'lost') {
      this.logger.info('cluster: the saved session has expired; starting a new one');
      void this.store.clear().catch(() => undefined);
      this.openClient(null);
      return;
    }
    this.onLost('session expired');
  }

  private onLost(reason: string): void {
    if (this.closed || this.connection === 'lost') return;
    this.logger.warn({ node: this.options.node, reason }, 'cluster: session lost; re-joining as a candidate');
    this.demote(`lost: ${reason}`);
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.lostTimer = null;
    this.connection = 'lost';
    this.ticket = null;
    this.baseVersion = -1;
    this.nodeVersion = -1;
    this.epoch = 0;
    if (this.zk) this.dispose(this.zk.client);
    this.zk = null;
    this.gen++;
    for (const o of this.observers) o.detach();
    this.emitState();
    if (this.rejoinTimer) clearTimeout(this.rejoinTimer);
    this.rejoinTimer = setTimeout(() => {
      this.rejoinTimer = null;
      this.openClient(null);
    }, this.retryDelay);
  }

  /** heartbeat + read timeout (the library has none) + a watchdog on connection attempts */
  private onTick(): void {
    const zk = this.zk;
    if (this.closed || !zk) return;
    const now = Date.now();
    const readTimeout = this.negotiatedTimeout / 2;
    if (this.connection === 'connected') {
      if (now - this.lastOk > readTimeout) {
        this.onSuspended('no reply from ZooKeeper');
        this.attemptAt = now;
        destroySocket(zk.client); // the library then tries the next server
        return;
      }
      if (!this.hbPending) {
        this.hbPending = true;
        const gen = this.gen;
        zk.exists(this.base).then(
          () => {
            if (gen !== this.gen) return;
            this.hbPending = false;
            this.lastOk = Math.max(this.lastOk, now);
          },
          () => {
            if (gen === this.gen) this.hbPending = false;
          },
        );
      }
    } else if (now - this.attemptAt > readTimeout) {
      // a connection attempt that gets no answer (a link that drops packets) is abandoned
      this.attemptAt = now;
      destroySocket(zk.client);
    }
  }

  // ---------------------------------------------------------------- setup and watches

  private live(gen: number): Zk | null {
    return !this.closed && gen === this.gen && this.connection !== 'lost' ? this.zk : null;
  }

  private async setup(gen: number): Promise<void> {
    const zk = this.live(gen);
    if (!zk) return;
    try {
      await zk.mkdirp(this.nodesPath);
      await zk.mkdirp(this.votesPath);
      if (!this.options.observerOnly) {
        // ticket first: whoever sees this node in the membership also finds its ticket
        await this.ensureTicket(zk);
        await this.registerNode(zk);
      }
      await Promise.all([this.watchBase(gen), this.watchNodes(gen), this.watchConfig(gen)]);
      if (!this.live(gen)) return;
      this.setupDone = true;
      for (const o of this.observers) o.attach(zk);
      await this.elect();
      this.ready?.resolve();
    } catch (err) {
      if (!this.live(gen)) return;
      this.logger.warn({ err }, 'cluster: setup failed; retrying');
      setTimeout(() => {
        if (this.live(gen) && this.connection === 'connected' && !this.setupDone) void this.setup(gen);
      }, 1000).unref();
    }
  }

  private async resync(gen: number): Promise<void> {
    try {
      await Promise.all([this.watchBase(gen), this.watchNodes(gen), this.watchConfig(gen)]);
      this.scheduleElect('reconnected');
    } catch (err) {
      this.logger.debug({ err }, 'cluster: resync failed');
      this.scheduleElect('reconnected');
    }
  }

  private nodeData(): Buffer {
    const info = this.options.nodeInfo;
    return Buffer.from(
      JSON.stringify({
        host: info?.host ?? this.options.node.split(':')[0],
        ports: info?.ports ?? { http: 0, mqtt: 0 },
        version: info?.version ?? '',
        started: info?.started ?? this.startedAt,
        role: this.role,
      }),
    );
  }

  /** {base}/nodes/{node}, ephemeral; a leftover of an earlier session is replaced in one transaction */
  private async registerNode(zk: Zk): Promise<void> {
    const path = `${this.nodesPath}/${this.options.node}`;
    for (let attempt = 0; attempt < 10; attempt++) {
      const stat = await zk.exists(path);
      try {
        if (stat && sameSession(stat.ephemeralOwner, this.sessionId)) {
          this.nodeVersion = (await zk.setData(path, this.nodeData(), stat.version)).version;
        } else if (stat) {
          await zk.multi([
            { op: 'remove', path, version: stat.version },
            { op: 'create', path, data: this.nodeData(), mode: CreateMode.EPHEMERAL },
          ]);
          this.nodeVersion = 0;
        } else {
          await zk.create(path, this.nodeData(), CreateMode.EPHEMERAL);
          this.nodeVersion = 0;
        }
        return;
      } catch (err) {
        if (![Exception.NODE_EXISTS, Exception.BAD_VERSION, Exception.NO_NODE].some((c) => isCode(err, c)))
          throw err;
      }
    }
    throw new Error(`cannot register ${path}`);
  }

  private updateNodeRole(): void {
    const zk = this.zk;
    if (!zk || this.connection !== 'connected' || this.options.observerOnly || this.nodeVersion < 0) return;
    const path = `${this.nodesPath}/${this.options.node}`;
    const gen = this.gen;
    zk.setData(path, this.nodeData(), this.nodeVersion).then(
      (stat) => {
        if (gen === this.gen) this.nodeVersion = stat.version;
      },
      async (err: unknown) => {
        if (gen !== this.gen || !isCode(err, Exception.BAD_VERSION)) return;
        const stat = await zk.exists(path).catch(() => null);
        if (stat && sameSession(stat.ephemeralOwner, this.sessionId)) {
          this.nodeVersion = stat.version;
          this.updateNodeRole();
        }
      },
    );
  }

  /**
   * Finds this session's ticket (a create may have succeeded before a connection loss hid the answer),
   * removes leftovers of this node's earlier sessions, or takes a new one.
   */
  private async ensureTicket(zk: Zk): Promise<void> {
    const children = sortTickets(await zk.getChildren(this.votesPath));
    const mine: string[] = [];
    for (const child of children) {
      const res = await zk.tryGetData(`${this.votesPath}/${child}`);
      if (!res || res.data?.toString('utf8') !== this.options.node) continue;
      if (sameSession(res.stat.ephemeralOwner, this.sessionId)) mine.push(child);
      else await zk.remove(`${this.votesPath}/${child}`, res.stat.version).catch(() => undefined);
    }
    if (mine.length > 0) {
      this.ticket = mine[0];
      for (const extra of mine.slice(1))
        await zk.remove(`${this.votesPath}/${extra}`, -1).catch(() => undefined);
      return;
    }
    const created = await zk.create(
      `${this.votesPath}/n_`,
      Buffer.from(this.options.node),
      CreateMode.EPHEMERAL_SEQUENTIAL,
    );
    this.ticket = created.slice(created.lastIndexOf('/') + 1);
    this.logger.debug({ ticket: this.ticket }, 'cluster: ticket taken');
  }

  /** getData/getChildren with at most one armed watcher per path and session */
  private async read<T>(
    kind: 'data' | 'children' | 'exists',
    path: string,
    gen: number,
    fn: (watcher: (() => void) | undefined) => Promise<T>,
    onChange: () => void,
  ): Promise<T> {
    const key = `${kind}:${path}`;
    if (this.armed.has(key)) return fn(undefined);
    this.armed.add(key);
    try {
      const result = await fn(() => {
        if (gen !== this.gen) return;
        this.armed.delete(key);
        onChange();
      });
      // a read of a missing znode registers no watcher
      if (result === null && kind === 'data') this.armed.delete(key);
      return result;
    } catch (err) {
      this.armed.delete(key);
      throw err;
    }
  }

  private async watchBase(gen: number): Promise<void> {
    const zk = this.live(gen);
    if (!zk) return;
    const again = () => void this.watchBase(gen).catch((err: unknown) => this.retryWatch(gen, err, again));
    const res = await this.read('data', this.base, gen, (w) => zk.getData(this.base, w), again);
    if (!this.live(gen)) return;
    this.electionData = parseElectionData(res.data);
    if (
      this.role === 'master' &&
      (this.electionData.master !== this.options.node || res.stat.version !== this.baseVersion)
    ) {
      this.demote(`base data now names ${this.electionData.master ?? 'nobody'}`);
      this.scheduleElect('base data changed');
    }
    this.updateMaster('base data changed');
  }

  private async watchNodes(gen: number): Promise<void> {
    const zk = this.live(gen);
    if (!zk) return;
    const again = () => void this.watchNodes(gen).catch((err: unknown) => this.retryWatch(gen, err, again));
    const children = await this.read(
      'children',
      this.nodesPath,
      gen,
      (w) => zk.getChildren(this.nodesPath, w),
      again,
    );
    if (!this.live(gen)) return;
    for (const name of [...this.nodes.keys()]) if (!children.includes(name)) this.nodes.delete(name);
    await Promise.all(children.map((name) => this.readNode(gen, name)));
    await this.refreshVotes(zk);
    this.updateMaster('membership changed');
    this.emitState();
  }

  private async readNode(gen: number, name: string): Promise<void> {
    const zk = this.live(gen);
    if (!zk) return;
    const path = `${this.nodesPath}/${name}`;
    const again = () =>
      void this.readNode(gen, name)
        .then(() => this.emitState())
        .catch(() => undefined);
    const res = await this.read('data', path, gen, (w) => zk.tryGetData(path, w ?? undefined), again);
    if (!this.live(gen)) return;
    if (!res) {
      this.nodes.delete(name);
      return;
    }
    let info: Partial<ClusterNodeView> = {};
    try {
      info = JSON.parse(res.data?.toString('utf8') ?? '{}') as Partial<ClusterNodeView>;
    } catch {
      info = {};
    }
    this.nodes.set(name, {
      node: name,
      host: info.host ?? name.split(':')[0],
      ports: info.ports ?? { http: 0, mqtt: 0 },
      version: info.version ?? '',
      started: info.started ?? 0,
      role: info.role ?? 'standby',
    });
  }

  private async refreshVotes(zk: Zk): Promise<void> {
    const tickets = sortTickets(await zk.getChildren(this.votesPath).catch(() => [] as string[]));
    const votes: Array<{ ticket: string; node: string }> = [];
    for (const ticket of tickets) {
      const res = await zk.tryGetData(`${this.votesPath}/${ticket}`).catch(() => null);
      if (res) votes.push({ ticket, node: res.data?.toString('utf8') ?? '' });
    }
    this.votes = votes;
  }

  private async watchConfig(gen: number): Promise<void> {
    const zk = this.live(gen);
    if (!zk) return;
    const again = () => void this.watchConfig(gen).catch((err: unknown) => this.retryWatch(gen, err, again));
    const res = await this.read(
      'data',
      this.configPath,
      gen,
      (w) => zk.tryGetData(this.configPath, w),
      again,
    );
    if (!this.live(gen)) return;
    if (!res) {
      // not there (yet): watch for its creation
      const stat = await this.read(
        'exists',
        this.configPath,
        gen,
        (w) => zk.exists(this.configPath, w),
        again,
      );
      if (stat) again();
      return;
    }
    if (res.stat.version < this.configVersion) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.data?.toString('utf8') ?? '');
      const accepted = this.validate(parsed);
      this.applyConfig(accepted, res.stat.version);
    } catch (err) {
      this.configVersion = res.stat.version;
      this.logger.warn(
        { err, path: this.configPath, version: res.stat.version },
        'cluster: invalid shared config ignored; keeping the current one',
      );
    }
  }

  private applyConfig(config: Record<string, unknown>, version: number): void {
    this.configVersion = version;
    if (_.isEqual(config, this.config)) return;
    this.config = config;
    this.logger.info({ version }, 'cluster: shared config applied');
    this.emit('config', _.cloneDeep(config));
    this.emitState();
  }

  private retryWatch(gen: number, err: unknown, again: () => void): void {
    if (!this.live(gen)) return;
    this.logger.debug({ err }, 'cluster: watch read failed; retrying');
    setTimeout(() => this.live(gen) && again(), 500).unref();
  }

  // ---------------------------------------------------------------- election

  private scheduleElect(reason: string): void {
    if (this.options.observerOnly || this.closed) return;
    this.logger.debug({ reason }, 'cluster: election check');
    if (this.electing) {
      this.electAgain = true;
      return;
    }
    void this.elect();
  }

  private async elect(): Promise<void> {
    if (this.options.observerOnly || this.electing) {
      this.electAgain = true;
      return;
    }
    this.electing = true;
    const gen = this.gen;
    try {
      do {
        this.electAgain = false;
        await this.electOnce(gen);
      } while (this.electAgain && this.live(gen) && this.connection === 'connected');
    } catch (err) {
      if (this.live(gen)) {
        this.logger.warn({ err }, 'cluster: election step failed; retrying');
        setTimeout(() => this.live(gen) && this.scheduleElect('retry'), 1000).unref();
      }
    } finally {
      this.electing = false;
    }
  }

  private async electOnce(gen: number): Promise<void> {
    const zk = this.live(gen);
    if (!zk || this.connection !== 'connected') return;
    const tickets = sortTickets(await zk.getChildren(this.votesPath));
    if (!this.live(gen)) return;
    if (!this.ticket || !tickets.includes(this.ticket)) {
      this.demote('ticket gone');
      await this.ensureTicket(zk);
      this.electAgain = true;
      return;
    }
    const index = tickets.indexOf(this.ticket);
    if (index === 0) {
      await this.claim(zk, gen);
      return;
    }
    this.demote('not the lowest ticket');
    // no herd: watch only the ticket just below ours
    const predecessor = tickets[index - 1];
    const stat = await zk.exists(`${this.votesPath}/${predecessor}`, (event) => {
      if (gen === this.gen) this.scheduleElect(`predecessor ${predecessor}: ${event.getName()}`);
    });
    if (!stat) this.electAgain = true;
    else this.logger.debug({ ticket: this.ticket, predecessor }, 'cluster: standing by');
    if (this.live(gen)) void this.refreshVotes(zk).then(() => this.emitState());
  }

  /** the holder of the lowest ticket writes itself into the base data, conditionally */
  private async claim(zk: Zk, gen: number): Promise<void> {
    const ticketPath = `${this.votesPath}/${this.ticket}`;
    for (let attempt = 0; attempt < 20; attempt++) {
      const { data, stat } = await zk.getData(this.base);
      if (!this.live(gen) || this.connection !== 'connected') return;
      const current = parseElectionData(data);
      if (current.master === this.options.node && this.epoch > 0 && current.epoch === this.epoch) {
        if (stat.version === this.baseVersion) {
          // same session, same mastership: resume after a suspension
          this.becomeMaster('resumed');
          return;
        }
      }
      const epoch = current.epoch + 1;
      const next: ElectionData = { master: this.options.node, epoch };
      try {
        const results = await zk.multi([
          { op: 'check', path: ticketPath, version: -1 },
          { op: 'setData', path: this.base, data: Buffer.from(JSON.stringify(next)), version: stat.version },
        ]);
        if (!this.live(gen)) return;
        this.baseVersion = results[1]?.stat?.version ?? stat.version + 1;
        this.epoch = epoch;
        this.electionData = next;
        this.becomeMaster(current.master === this.options.node ? 'incumbent re-elected' : 'lowest ticket');
        return;
      } catch (err) {
        if (isCode(err, Exception.BAD_VERSION)) continue;
        if (isCode(err, Exception.NO_NODE)) {
          this.ticket = null;
          this.electAgain = true;
          return;
        }
        throw err;
      }
    }
    throw new Error('could not write the base data');
  }

  private becomeMaster(reason: string): void {
    if (this.closed || this.connection !== 'connected' || this.role === 'master') return;
    this.role = 'master';
    pushHistory(this.history, { time: Date.now(), master: this.options.node, epoch: this.epoch, reason });
    this.logger.info({ node: this.options.node, epoch: this.epoch, reason }, 'cluster: this node is master');
    this.updateNodeRole();
    this.emit('role', this.role, this.epoch);
    this.updateMaster(reason);
    this.emitState();
  }

  private demote(reason: string): void {
    if (this.role !== 'master') return;
    this.role = 'standby';
    pushHistory(this.history, { time: Date.now(), master: null, epoch: this.epoch, reason });
    this.logger.warn({ node: this.options.node, epoch: this.epoch, reason }, 'cluster: master duties stop');
    this.emit('role', this.role, this.epoch);
    this.updateNodeRole();
    this.emitState();
  }

  private updateMaster(reason: string): void {
    const master = this.getMaster();
    if (master === this.lastMaster) return;
    this.lastMaster = master;
    if (master !== this.options.node) {
      pushHistory(this.history, { time: Date.now(), master, epoch: this.electionData.epoch, reason });
    }
    this.emit('master', master);
    this.emitState();
  }

  private emitState(): void {
    if (this.listenerCount('state') > 0) this.emit('state', this.state());
  }
}

function destroySocket(client: Client): void {
  const cm = (client as unknown as { connectionManager?: { socket?: { destroy(): void } } })
    .connectionManager;
  cm?.socket?.destroy();
}
