import _ from 'lodash';
import type { Stat } from 'node-zookeeper-client';
import type { Logger } from '../logger/logger.js';
import type { SharedConfigLike } from './types.js';
import { CreateMode, Exception, isCode } from './zk-util.js';
import type { ZkSession } from './zk-session.js';
import type { ZkWatches } from './zk-watches.js';

/** Thrown by setConfig when the shared config changed since this node last saw it. */
export class ConfigConflictError extends Error {
  constructor() {
    super('the shared config was changed concurrently; reload and retry');
    this.name = 'ConfigConflictError';
  }
}

/**
 * The shared config znode: watched on every session, validated on read and on write. A write is
 * conditional on the version this node last saw, so two consoles cannot silently overwrite each other.
 */
export class ZkConfigWatch<C extends SharedConfigLike> {
  private config = {} as C;
  /** the znode version the config was read at; -1: the znode was never seen */
  private version = -1;

  constructor(
    private readonly path: string,
    private readonly validate: (config: unknown) => C,
    private readonly session: Pick<ZkSession, 'zk' | 'connection' | 'live'>,
    private readonly watches: ZkWatches,
    /** a new, different config was accepted */
    private readonly applied: (config: C) => void,
    private readonly logger: Logger,
  ) {}

  /** the current config (not a copy) */
  get current(): C {
    return this.config;
  }

  async set(config: C): Promise<void> {
    const accepted = this.validate(_.cloneDeep(config));
    const zk = this.session.zk;
    if (!zk || this.session.connection !== 'connected') throw new Error('not connected to ZooKeeper');
    const data = Buffer.from(JSON.stringify(accepted));
    let stat: Stat | null;
    try {
      if (this.version < 0) {
        const parent = this.path.slice(0, this.path.lastIndexOf('/'));
        if (parent) await zk.mkdirp(parent);
        await zk.create(this.path, data, CreateMode.PERSISTENT);
        stat = await zk.exists(this.path);
      } else {
        stat = await zk.setData(this.path, data, this.version);
      }
    } catch (err) {
      if (isCode(err, Exception.BAD_VERSION) || isCode(err, Exception.NODE_EXISTS))
        throw new ConfigConflictError();
      throw err;
    }
    if (stat && stat.version > this.version) this.apply(accepted, stat.version);
  }

  /** reads the config and keeps a watcher on it (or on its creation) for this session */
  async watch(gen: number): Promise<void> {
    const zk = this.session.live(gen);
    if (!zk) return;
    const again = () => void this.watch(gen).catch((err: unknown) => this.watches.retry(gen, err, again));
    const res = await this.watches.read('data', this.path, gen, (w) => zk.tryGetData(this.path, w), again);
    if (!this.session.live(gen)) return;
    if (!res) {
      // not there (yet): watch for its creation
      const stat = await this.watches.read('exists', this.path, gen, (w) => zk.exists(this.path, w), again);
      if (stat) again();
      return;
    }
    if (res.stat.version < this.version) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.data?.toString('utf8') ?? '');
      const accepted = this.validate(parsed);
      this.apply(accepted, res.stat.version);
    } catch (err) {
      this.version = res.stat.version;
      this.logger.warn(
        { err, path: this.path, version: res.stat.version },
        'cluster: invalid shared config ignored; keeping the current one',
      );
    }
  }

  private apply(config: C, version: number): void {
    this.version = version;
    if (_.isEqual(config, this.config)) return;
    this.config = config;
    this.logger.info({ version }, 'cluster: shared config applied');
    this.applied(config);
  }
}
