import { EventEmitter } from 'node:events';
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import _ from 'lodash';
import type { ClusterState } from '../../shared/api.js';
import { CoordinatorBase } from './coordinator-base.js';
import type { ElectionObserver, ElectionObserverEvents, Role, SharedConfigLike } from './types.js';

const EPOCH_FILE = 'embedded-epoch';
/** a single node keeps the shared config in its data dir (a cluster keeps it in ZooKeeper) */
const CONFIG_FILE = 'shared-config.json';

/** An observer of another application's election: without ZooKeeper there is nothing to see. */
class NullObserver extends EventEmitter<ElectionObserverEvents> implements ElectionObserver {
  constructor(readonly path: string) {
    super();
  }
  getMaster(): string | null {
    return null;
  }
  getNodes(): string[] {
    return [];
  }
  close(): void {
    this.removeAllListeners();
  }
}

/**
 * The single-node coordinator used when no ZooKeeper is configured: this node is always master.
 * The epoch still increases on every start when a dataDir is given (persisted), so epoch-stamped data
 * written by an earlier run is recognisably older.
 */
export class EmbeddedCoordinator<C extends SharedConfigLike = SharedConfigLike> extends CoordinatorBase<C> {
  private role: Role = 'standby';
  private epoch = 0;
  private config = {} as C;

  async init(): Promise<void> {
    this.epoch = await this.nextEpoch();
    this.config = await this.loadConfig();
    if (this.options.observerOnly) {
      this.role = 'observer';
    } else {
      this.role = 'master';
      this.record(this.options.node, this.epoch, 'embedded');
      this.logger.info(
        { node: this.options.node, epoch: this.epoch },
        'embedded coordinator: this node is master',
      );
      this.emit('role', this.role, this.epoch);
      this.emit('master', this.options.node);
    }
    this.emitState();
  }

  protected republish(): void {
    this.emitState();
  }

  /** the saved shared config; a missing, unreadable or no longer valid one is replaced by {} (and logged) */
  private async loadConfig(): Promise<C> {
    const dir = this.options.dataDir;
    if (!dir) return {} as C;
    let text: string;
    try {
      text = await readFile(path.join(dir, CONFIG_FILE), 'utf8');
    } catch {
      return {} as C;
    }
    try {
      return this.validate(JSON.parse(text));
    } catch (err) {
      this.logger.warn({ err }, 'embedded coordinator: saved shared config is invalid; starting without it');
      return {} as C;
    }
  }

  private async nextEpoch(): Promise<number> {
    const dir = this.options.dataDir;
    if (!dir) return 1;
    const file = path.join(dir, EPOCH_FILE);
    let previous = 0;
    try {
      previous = Number.parseInt(await readFile(file, 'utf8'), 10) || 0;
    } catch {
      previous = 0;
    }
    const next = previous + 1;
    await mkdir(dir, { recursive: true });
    await writeFile(`${file}.tmp`, String(next));
    await rename(`${file}.tmp`, file);
    return next;
  }

  isMaster(): boolean {
    return this.role === 'master';
  }

  getMaster(): string | null {
    return this.role === 'master' ? this.options.node : null;
  }

  getEpoch(): number {
    return this.epoch;
  }

  protected currentConfig(): C {
    return this.config;
  }

  async setConfig(config: C): Promise<void> {
    const accepted = this.validate(_.cloneDeep(config));
    const dir = this.options.dataDir;
    if (dir) {
      const file = path.join(dir, CONFIG_FILE);
      await mkdir(dir, { recursive: true });
      await writeFile(`${file}.tmp`, JSON.stringify(accepted, null, 2));
      await rename(`${file}.tmp`, file);
    }
    this.config = accepted;
    this.emitConfig(accepted);
  }

  async checkEpoch(epoch: number): Promise<boolean> {
    return this.role === 'master' && epoch === this.epoch;
  }

  observe(p: string): ElectionObserver {
    return new NullObserver(p);
  }

  state(): ClusterState {
    return this.snapshot(
      {
        mode: 'embedded',
        connection: 'embedded',
        nodes: [{ node: this.options.node, ...this.selfInfo(), role: this.role }],
        votes: [],
      },
      this.role,
    );
  }

  async close(): Promise<void> {
    if (this.role === 'master') {
      this.role = 'standby';
      this.emit('role', this.role, this.epoch);
    }
  }
}
