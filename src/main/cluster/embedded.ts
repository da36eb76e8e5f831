import { EventEmitter } from 'node:events';
import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import _ from 'lodash';
import type { ClusterState, ElectionRecord } from '../../shared/api.js';
import type { Logger } from '../log/logger.js';
import { defaultValidateConfig, pushHistory } from './common.js';
import type { Coordinator, CoordinatorOptions, ElectionObserver, Role } from './types.js';

const EPOCH_FILE = 'embedded-epoch';
/** a single node keeps the shared config in its data dir (a cluster keeps it in ZooKeeper) */
const CONFIG_FILE = 'shared-config.json';

/** An observer of another application's election: without ZooKeeper there is nothing to see. */
class NullObserver extends EventEmitter implements ElectionObserver {
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
export class EmbeddedCoordinator extends EventEmitter implements Coordinator {
  private role: Role = 'standby';
  private epoch = 0;
  private config: Record<string, unknown> = {};
  private readonly history: ElectionRecord[] = [];
  private readonly validate: (c: unknown) => Record<string, unknown>;
  private readonly started = Date.now();

  constructor(
    private readonly options: CoordinatorOptions,
    private readonly logger: Logger,
  ) {
    super();
    this.validate = options.validateConfig ?? defaultValidateConfig;
  }

  async init(): Promise<void> {
    this.epoch = await this.nextEpoch();
    this.config = await this.loadConfig();
    if (this.options.observerOnly) {
      this.role = 'observer';
    } else {
      this.role = 'master';
      pushHistory(this.history, {
        time: Date.now(),
        master: this.options.node,
        epoch: this.epoch,
        reason: 'embedded',
      });
      this.logger.info(
        { node: this.options.node, epoch: this.epoch },
        'embedded coordinator: this node is master',
      );
      this.emit('role', this.role, this.epoch);
      this.emit('master', this.options.node);
    }
    this.emit('state', this.state());
  }

  /** the saved shared config; a missing, unreadable or no longer valid one is replaced by {} (and logged) */
  private async loadConfig(): Promise<Record<string, unknown>> {
    const dir = this.options.dataDir;
    if (!dir) return {};
    let text: string;
    try {
      text = await readFile(path.join(dir, CONFIG_FILE), 'utf8');
    } catch {
      return {};
    }
    try {
      return this.validate(JSON.parse(text));
    } catch (err) {
      this.logger.warn({ err }, 'embedded coordinator: saved shared config is invalid; starting without it');
      return {};
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

  getConfig(): Record<string, unknown> {
    return _.cloneDeep(this.config);
  }

  async setConfig(config: Record<string, unknown>): Promise<void> {
    const accepted = this.validate(_.cloneDeep(config));
    const dir = this.options.dataDir;
    if (dir) {
      const file = path.join(dir, CONFIG_FILE);
      await mkdir(dir, { recursive: true });
      await writeFile(`${file}.tmp`, JSON.stringify(accepted, null, 2));
      await rename(`${file}.tmp`, file);
    }
    this.config = accepted;
    this.emit('config', _.cloneDeep(accepted));
    this.emit('state', this.state());
  }

  async checkEpoch(epoch: number): Promise<boolean> {
    return this.role === 'master' && epoch === this.epoch;
  }

  observe(p: string): ElectionObserver {
    return new NullObserver(p);
  }

  state(): ClusterState {
    const info = this.options.nodeInfo;
    return {
      mode: 'embedded',
      self: this.options.node,
      role: this.role,
      connection: 'embedded',
      master: this.getMaster(),
      epoch: this.epoch,
      nodes: [
        {
          node: this.options.node,
          host: info?.host ?? this.options.node.split(':')[0],
          ports: info?.ports ?? { http: 0, mqtt: 0 },
          version: info?.version ?? '',
          started: info?.started ?? this.started,
          role: this.role,
        },
      ],
      votes: [],
      history: [...this.history],
      config: _.cloneDeep(this.config),
    };
  }

  async close(): Promise<void> {
    if (this.role === 'master') {
      this.role = 'standby';
      this.emit('role', this.role, this.epoch);
    }
  }
}
