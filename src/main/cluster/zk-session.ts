import zookeeper from 'node-zookeeper-client';
import type { Client } from 'node-zookeeper-client';
import type { Logger } from '../logger/logger.js';
import { SessionStore, type SavedSession } from './session-store.js';
import { destroySocket, Zk } from './zk-util.js';

/** The connection as ClusterState reports it. */
export type Connection = 'connected' | 'suspended' | 'lost';

/**
 * 'lost' also means "no session yet". 'reattaching' is 'lost' while the client asks for the saved session
 * of an earlier run: ZooKeeper may answer that with `expired`, which then only means "open a new one".
 */
type SessionState = Connection | 'reattaching';

/** What the coordinator does at the session's transitions (called synchronously, in this order). */
export interface SessionHooks {
  /** a client is about to connect with a new or the saved session: per-session bookkeeping starts over */
  opening(): void;
  /** master duties must stop now (suspended, lost); called before the state changes further */
  stopActing(reason: string): void;
  /** connected: a new session, the saved one, or the same one again after a suspension */
  connected(gen: number): void;
  /** the session is gone and its client disposed; what belonged to it must be forgotten */
  lost(): void;
  /** the connection changed (the console shows it) */
  changed(): void;
}

export interface ZkSessionOptions {
  node: string;
  servers: string[];
  sessionTimeout: number;
  retries: number;
  /** delay before a new session after one was lost */
  retryDelay: number;
  dataDir?: string;
  /** read as a heartbeat while connected */
  heartbeatPath: string;
}

/**
 * One ZooKeeper session at a time: connects (re-attaching to the saved session after a restart), notices
 * suspension itself (the client library has no read timeout), treats the session as lost sessionTimeout
 * after suspension (the library does not emit `expired` while cut off) and opens a new one after retryDelay.
 *
 * Every client gets a new generation number; callbacks of an older client compare theirs and do nothing.
 */
export class ZkSession {
  readonly connectString: string;
  private readonly store: SessionStore;
  private client: Zk | null = null;
  private generation = 0;
  private current: SessionState = 'lost';
  private isClosed = false;
  private id: Buffer = Buffer.alloc(8);
  private negotiatedTimeout: number;
  private lastOk = 0;
  private heartbeat: 'idle' | 'awaiting reply' = 'idle';
  private attemptAt = 0;
  private lostTimer: NodeJS.Timeout | null = null;
  private rejoinTimer: NodeJS.Timeout | null = null;
  private tick: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: ZkSessionOptions,
    private readonly hooks: SessionHooks,
    private readonly logger: Logger,
  ) {
    this.connectString = options.servers.join(',');
    this.negotiatedTimeout = options.sessionTimeout;
    this.store = new SessionStore(options.dataDir);
  }

  get zk(): Zk | null {
    return this.client;
  }

  get gen(): number {
    return this.generation;
  }

  get connection(): Connection {
    return this.current === 'reattaching' ? 'lost' : this.current;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** the id of the current session (all zeros before the first connection) */
  get sessionId(): Buffer {
    return this.id;
  }

  /** the client of generation `gen` while it is current and has a session, else null */
  live(gen: number): Zk | null {
    return !this.isClosed && gen === this.generation && this.connection !== 'lost' ? this.client : null;
  }

  loadSaved(): Promise<SavedSession | null> {
    return this.store.load(this.options.node, this.connectString);
  }

  /** starts the watchdog and connects (with the saved session, if any) */
  open(saved: SavedSession | null): void {
    const period = Math.max(50, Math.min(500, this.options.sessionTimeout / 8));
    this.tick = setInterval(() => this.onTick(), period);
    this.openClient(saved);
  }

  /** no reconnecting from now on; false if already closed */
  markClosed(): boolean {
    if (this.isClosed) return false;
    this.isClosed = true;
    return true;
  }

  /** closes the client (call markClosed first) and forgets the saved session */
  async close(): Promise<void> {
    for (const t of [this.lostTimer, this.rejoinTimer]) if (t) clearTimeout(t);
    if (this.tick) clearInterval(this.tick);
    const client = this.client?.client;
    const connected = this.connection === 'connected';
    this.generation++;
    this.client = null;
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
  }

  private openClient(saved: SavedSession | null): void {
    if (this.isClosed) return;
    if (this.client) this.dispose(this.client.client);
    const gen = ++this.generation;
    this.hooks.opening();
    const { sessionTimeout, retries } = this.options;
    const clientOptions: Record<string, unknown> = {
      sessionTimeout,
      spinDelay: Math.min(1000, Math.max(100, sessionTimeout / 20)),
      retries,
    };
    if (saved) {
      clientOptions.sessionId = Buffer.from(saved.sessionId, 'hex');
      clientOptions.sessionPassword = Buffer.from(saved.password, 'hex');
    }
    // a client is opened only while there is no session (at start, after expiry, after a loss)
    this.current = saved ? 'reattaching' : 'lost';
    const client = zookeeper.createClient(this.connectString, clientOptions);
    this.client = new Zk(client);
    this.attemptAt = Date.now();
    client.on('connected', () => gen === this.generation && this.onConnected(gen));
    client.on('disconnected', () => {
      if (gen !== this.generation) return;
      this.attemptAt = Date.now();
      this.onSuspended('disconnected');
    });
    client.on('expired', () => gen === this.generation && this.onExpired());
    client.on('authenticationFailed', () => gen === this.generation && this.onLost('authentication failed'));
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
    const zk = this.client;
    if (!zk || this.isClosed) return;
    this.lastOk = Date.now();
    this.heartbeat = 'idle';
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.lostTimer = null;
    const previous = this.current;
    this.current = 'connected';
    if (previous === 'lost' || previous === 'reattaching') {
      const sid = zk.client.getSessionId();
      if (previous === 'reattaching') {
        this.logger.info(
          { session: sid.toString('hex') },
          'cluster: re-attached to the saved ZooKeeper session',
        );
      }
      this.id = sid;
      this.negotiatedTimeout = zk.client.getSessionTimeout() || this.options.sessionTimeout;
      this.save(zk);
    } else {
      this.logger.info({ node: this.options.node }, 'cluster: reconnected, same session');
    }
    this.hooks.changed();
    this.hooks.connected(gen);
  }

  private save(zk: Zk): void {
    void this.store
      .save({
        node: this.options.node,
        servers: this.connectString,
        sessionId: this.id.toString('hex'),
        password: zk.client.getSessionPassword().toString('hex'),
        timeout: this.negotiatedTimeout,
        savedAt: Date.now(),
      })
      .catch((err: unknown) => this.logger.warn({ err }, 'cluster: cannot save the session'));
  }

  private onSuspended(reason: string): void {
    if (this.isClosed || this.current !== 'connected') return;
    this.current = 'suspended';
    this.logger.warn(
      { node: this.options.node, reason },
      'cluster: connection suspended, master duties stop',
    );
    this.hooks.stopActing(`suspended: ${reason}`);
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.lostTimer = setTimeout(
      () => this.onLost('no reconnection within sessionTimeout'),
      this.negotiatedTimeout,
    );
    this.hooks.changed();
  }

  private onExpired(): void {
    if (this.current === 'reattaching') {
      this.logger.info('cluster: the saved session has expired; starting a new one');
      void this.store.clear().catch(() => undefined);
      this.openClient(null);
      return;
    }
    this.onLost('session expired');
  }

  private onLost(reason: string): void {
    if (this.isClosed || this.connection === 'lost') return;
    this.logger.warn({ node: this.options.node, reason }, 'cluster: session lost; re-joining as a candidate');
    this.hooks.stopActing(`lost: ${reason}`);
    if (this.lostTimer) clearTimeout(this.lostTimer);
    this.lostTimer = null;
    this.current = 'lost';
    if (this.client) this.dispose(this.client.client);
    this.client = null;
    this.generation++;
    this.hooks.lost();
    this.hooks.changed();
    if (this.rejoinTimer) clearTimeout(this.rejoinTimer);
    this.rejoinTimer = setTimeout(() => {
      this.rejoinTimer = null;
      this.openClient(null);
    }, this.options.retryDelay);
  }

  /** heartbeat + read timeout (the library has none) + a watchdog on connection attempts */
  private onTick(): void {
    const zk = this.client;
    if (this.isClosed || !zk) return;
    const now = Date.now();
    const readTimeout = this.negotiatedTimeout / 2;
    if (this.current === 'connected') {
      if (now - this.lastOk > readTimeout) {
        this.onSuspended('no reply from ZooKeeper');
        this.attemptAt = now;
        destroySocket(zk.client);
        return;
      }
      if (this.heartbeat === 'idle') this.sendHeartbeat(zk, now);
    } else if (now - this.attemptAt > readTimeout) {
      // a connection attempt that gets no answer (a link that drops packets) is abandoned
      this.attemptAt = now;
      destroySocket(zk.client);
    }
  }

  private sendHeartbeat(zk: Zk, sentAt: number): void {
    this.heartbeat = 'awaiting reply';
    const gen = this.generation;
    zk.exists(this.options.heartbeatPath).then(
      () => {
        if (gen !== this.generation) return;
        this.heartbeat = 'idle';
        this.lastOk = Math.max(this.lastOk, sentAt);
      },
      () => {
        if (gen === this.generation) this.heartbeat = 'idle';
      },
    );
  }
}
