import { EventEmitter } from 'node:events';
import _ from 'lodash';
import type { ClusterNodeView, ClusterState, ElectionRecord } from '../../shared/api.js';
import type { Logger } from '../logger/logger.js';
import { defaultValidateConfig, pushHistory } from './common.js';
import type {
  Coordinator,
  CoordinatorEvents,
  CoordinatorOptions,
  ElectionObserver,
  NodeInfo,
  Role,
  SharedConfigLike,
} from './types.js';

/** The parts of a ClusterState that differ between the implementations. */
export interface StateParts {
  mode: ClusterState['mode'];
  connection: ClusterState['connection'];
  nodes: ClusterNodeView[];
  votes: ClusterState['votes'];
}

/**
 * What the embedded and the ZooKeeper coordinator have in common: the typed events, config validation,
 * the election history, this node's published info and the ClusterState snapshot.
 */
export abstract class CoordinatorBase<C extends SharedConfigLike>
  extends EventEmitter<CoordinatorEvents<C>>
  implements Coordinator<C>
{
  protected readonly validate: (config: unknown) => C;
  protected readonly history: ElectionRecord[] = [];
  private readonly startedAt = Date.now();
  /** the listeners' bound ports, once announced (see Coordinator.announcePorts) */
  private boundPorts: NodeInfo['ports'] | null = null;

  constructor(
    protected readonly options: CoordinatorOptions<C>,
    protected readonly logger: Logger,
  ) {
    super();
    // without a validator nothing narrows C below SharedConfigLike (see CoordinatorOptions.validateConfig)
    this.validate = options.validateConfig ?? (defaultValidateConfig as (config: unknown) => C);
  }

  abstract init(): Promise<void>;
  abstract isMaster(): boolean;
  abstract getMaster(): string | null;
  abstract getEpoch(): number;
  abstract setConfig(config: C): Promise<void>;
  abstract checkEpoch(epoch: number): Promise<boolean>;
  abstract observe(path: string): ElectionObserver;
  abstract state(): ClusterState;
  abstract close(): Promise<void>;
  /** the current shared config (getConfig hands out a copy) */
  protected abstract currentConfig(): C;

  getConfig(): C {
    return _.cloneDeep(this.currentConfig());
  }

  announcePorts(ports: NodeInfo['ports']): void {
    this.boundPorts = { ...ports };
    this.republish();
  }

  /** makes a change of this node's info visible to the other nodes and the console */
  protected abstract republish(): void;

  /** this node's info with the defaults for what the options leave out */
  protected selfInfo(): NodeInfo {
    const info = this.options.nodeInfo;
    return {
      host: info?.host ?? this.options.node.split(':')[0],
      ports: this.boundPorts ?? info?.ports ?? { http: 0, mqtt: 0 },
      version: info?.version ?? '',
      started: info?.started ?? this.startedAt,
    };
  }

  protected snapshot(parts: StateParts, role: Role): ClusterState {
    return {
      mode: parts.mode,
      self: this.options.node,
      role,
      connection: parts.connection,
      master: this.getMaster(),
      epoch: this.getEpoch(),
      nodes: parts.nodes,
      votes: parts.votes,
      history: [...this.history],
      config: _.cloneDeep(this.currentConfig()),
    };
  }

  protected record(master: string | null, epoch: number, reason: string): void {
    pushHistory(this.history, { time: Date.now(), master, epoch, reason });
  }

  /** a copy goes out: a listener must not be able to change the config every other reader sees */
  protected emitConfig(config: C): void {
    this.emit('config', _.cloneDeep(config));
    this.emitState();
  }

  /** state() is built only when someone listens: it copies the config and the history */
  protected emitState(): void {
    if (this.listenerCount('state') > 0) this.emit('state', this.state());
  }
}
