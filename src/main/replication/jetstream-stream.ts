import {
  jetstream,
  jetstreamManager,
  type Consumer,
  type JetStreamClient,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { Logger } from '../logger/logger.js';

export interface StreamConnectionOptions {
  servers: string[];
  stream: string;
  appendTimeoutMs: number;
  logger: Logger;
}

/**
 * How long a consumer's pull request lives (`expires`). nats.js derives the rest from it: the idle
 * heartbeat (half of it, missed twice before the consumer is checked) and the pause before it asks
 * again after its consumer could not be looked up (after a reconnect while the servers are still
 * electing their leaders). At its default of 30 s a node stood 30–60 s behind the log after a lost
 * quorum returned; at 2 s it is a few seconds, for one extra pull request per 2 s per node.
 */
export const PULL_EXPIRES_MS = 2_000;

/**
 * What the values log and the control log share: one NATS connection that retries forever (a site
 * node outlives the log's servers), their stream made sure of, reads of its state and ordered
 * consumers. Each log says its stream's config and how an append is confirmed.
 */
export abstract class JetStreamStream {
  protected nc: NatsConnection | null = null;
  protected js: JetStreamClient | null = null;
  protected jsm: JetStreamManager | null = null;
  protected closed = false;
  private readyWaiters: Array<() => void> = [];

  constructor(
    private readonly connection: StreamConnectionOptions,
    /** the connection's name on the servers (their monitoring shows it) */
    private readonly clientName: string,
  ) {}

  /** the error thrown when the log is used while not connected */
  protected abstract notConnected(): Error;
  protected abstract streamConfig(): Partial<StreamConfig> & { name: string };
  /** whether an existing stream must take this node's config (default: never changed once made) */
  protected outdated(_info: StreamInfo, _config: Partial<StreamConfig>): boolean {
    return false;
  }

  get connected(): boolean {
    return this.nc !== null && !this.nc.isClosed() && this.js !== null;
  }

  /** the server this node is connected to now */
  get server(): string | null {
    return this.nc?.getServer() ?? null;
  }

  /** Connects (waiting for a first server) and creates or updates the stream; retried by the caller. */
  async open(): Promise<void> {
    if (this.nc === null) {
      this.nc = await connect({
        servers: this.connection.servers,
        name: this.clientName,
        waitOnFirstConnect: true,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
      });
      void this.watchStatus(this.nc);
    }
    const timeout = Math.max(this.connection.appendTimeoutMs, 5000);
    const jsm = await jetstreamManager(this.nc, { timeout });
    await this.ensureStream(jsm);
    this.jsm = jsm;
    this.js = jetstream(this.nc, { timeout: this.connection.appendTimeoutMs });
    for (const wake of this.readyWaiters.splice(0)) wake();
  }

  private async ensureStream(jsm: JetStreamManager): Promise<void> {
    const config = this.streamConfig();
    try {
      const info = await jsm.streams.info(config.name);
      if (this.outdated(info, config)) await jsm.streams.update(config.name, { ...info.config, ...config });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.streams.add(config);
    }
  }

  /** resolves once connected, or after `ms` (an append then fails with the reason) */
  protected async ready(ms: number): Promise<void> {
    if (this.connected || this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async info(): Promise<StreamInfo> {
    if (!this.jsm) throw this.notConnected();
    return this.jsm.streams.info(this.connection.stream);
  }

  /** an ordered consumer from `startSeq` (1 = the beginning of what the log still holds) */
  async consumerFrom(startSeq: number): Promise<Consumer> {
    if (!this.js) throw this.notConnected();
    return this.js.consumers.get(this.connection.stream, {
      deliver_policy: 'by_start_sequence',
      opt_start_seq: Math.max(1, startSeq),
    });
  }

  /** a core NATS message (not kept by the stream) to whoever listens now; dropped while not connected */
  publish(subject: string, data: Uint8Array): void {
    if (this.nc && !this.nc.isClosed()) this.nc.publish(subject, data);
  }

  /** a core NATS JSON message (a node's report, not kept by the stream); dropped while not connected */
  protected publishJson(subject: string, data: unknown): void {
    if (this.nc && !this.nc.isClosed()) this.nc.publish(subject, JSON.stringify(data));
  }

  /** core NATS JSON messages on `pattern` from now on; one this version cannot read is skipped */
  protected subscribeJson(pattern: string, onData: (data: unknown) => void): Subscription | null {
    if (!this.nc) return null;
    return this.nc.subscribe(pattern, {
      callback: (err, msg) => {
        if (err) return;
        try {
          onData(msg.json());
        } catch {
          // a report this version cannot read is not worth more than a skip
        }
      },
    });
  }

  /** the first answer to a core NATS request, or null (nobody answered, not connected) */
  async request(subject: string, data: Uint8Array, ms: number): Promise<Uint8Array | null> {
    if (!this.nc || this.nc.isClosed()) return null;
    try {
      return (await this.nc.request(subject, data, { timeout: ms })).data;
    } catch {
      return null;
    }
  }

  /**
   * Listens on a core NATS subject once connected (the connection keeps it across reconnects); what the
   * handler returns answers a request.
   */
  async subscribe(subject: string, handler: (data: Uint8Array) => Uint8Array | undefined): Promise<void> {
    while (!this.connected && !this.closed) await this.ready(60_000);
    if (!this.nc || this.closed) return;
    this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return;
        const answer = handler(msg.data);
        if (answer !== undefined && msg.reply) msg.respond(answer);
      },
    });
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect')
        this.connection.logger.warn(
          { status: status.type, server: status.server, stream: this.connection.stream },
          'replication server connection',
        );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.readyWaiters.splice(0)) wake();
    const nc = this.nc;
    this.nc = null;
    this.js = null;
    this.jsm = null;
    await nc?.close().catch(() => undefined);
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { code?: unknown; api_error?: { err_code?: number }; message?: string };
  return e?.api_error?.err_code === 10059 || /stream not found/i.test(e?.message ?? '');
}

/** a subject token from a node name ("pc-a:8080" → "pc-a_8080"): dots and wildcards are not allowed */
export function subjectToken(node: string): string {
  return node.replace(/[^A-Za-z0-9_-]/g, '_');
}
