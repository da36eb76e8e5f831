import { EventEmitter } from 'node:events';
import _ from 'lodash';
import type { Logger } from '../logger/logger.js';
import { parseElectionData } from './common.js';
import type { ElectionData, ElectionObserver, ElectionObserverEvents } from './types.js';
import { Exception, isCode, type Zk } from './zk-util.js';

/**
 * zkHelper's Observer: watches another application's election (`{path}` data and `{path}/nodes`) without
 * taking part. The coordinator attaches it to every new session; watches survive reconnects of a session.
 */
export class ZkObserver extends EventEmitter<ElectionObserverEvents> implements ElectionObserver {
  private zk: Zk | null = null;
  private generation = 0;
  private closed = false;
  private nodes: string[] = [];
  private emittedNodes: string[] = [];
  private data: ElectionData | null = null;
  private lastMaster: string | null = null;
  private readonly emitChildren: _.DebouncedFunc<() => void>;

  constructor(
    readonly path: string,
    private readonly logger: Logger,
    debounceMs = 200,
  ) {
    super();
    this.emitChildren = _.debounce(() => this.flushChildren(), debounceMs);
  }

  getMaster(): string | null {
    const master = this.data?.master ?? null;
    return master && this.nodes.includes(master) ? master : null;
  }

  getNodes(): string[] {
    return [...this.nodes];
  }

  /** (re-)arm the watches on a (new) session */
  attach(zk: Zk): void {
    if (this.closed) return;
    this.zk = zk;
    const gen = ++this.generation;
    void this.watchData(gen);
    void this.watchNodes(gen);
  }

  detach(): void {
    this.generation++;
    this.zk = null;
  }

  close(): void {
    this.closed = true;
    this.detach();
    this.emitChildren.cancel();
    this.removeAllListeners();
  }

  private live(gen: number): Zk | null {
    return !this.closed && gen === this.generation ? this.zk : null;
  }

  private async watchData(gen: number): Promise<void> {
    const zk = this.live(gen);
    if (!zk) return;
    const rewatch = () => void this.watchData(gen);
    try {
      const res = await zk.tryGetData(this.path, rewatch);
      if (!this.live(gen)) return;
      if (!res) {
        if (!(await zk.exists(this.path, rewatch))) this.setData(null);
        else rewatch();
        return;
      }
      this.setData(parseElectionData(res.data));
    } catch (err) {
      this.retry(gen, err, rewatch);
    }
  }

  private async watchNodes(gen: number): Promise<void> {
    const zk = this.live(gen);
    if (!zk) return;
    const rewatch = () => void this.watchNodes(gen);
    const nodesPath = `${this.path}/nodes`;
    try {
      let children: string[];
      try {
        children = await zk.getChildren(nodesPath, rewatch);
      } catch (err) {
        if (!isCode(err, Exception.NO_NODE)) throw err;
        if (await zk.exists(nodesPath, rewatch)) return rewatch();
        children = [];
      }
      if (!this.live(gen)) return;
      this.nodes = [...children].sort();
      this.emitChildren();
      this.checkMaster();
    } catch (err) {
      this.retry(gen, err, rewatch);
    }
  }

  private retry(gen: number, err: unknown, again: () => void): void {
    if (!this.live(gen)) return;
    this.logger.debug({ err, path: this.path }, 'observer: read failed, retrying');
    setTimeout(() => this.live(gen) && again(), 1000).unref();
  }

  private setData(next: ElectionData | null): void {
    const old = this.data;
    if (_.isEqual(old, next)) return;
    this.data = next;
    this.emit('data', this.path, next, old);
    this.checkMaster();
  }

  private checkMaster(): void {
    const master = this.getMaster();
    if (master !== this.lastMaster) {
      this.lastMaster = master;
      this.emit('master', master);
    }
  }

  private flushChildren(): void {
    if (this.closed) return;
    const added = _.difference(this.nodes, this.emittedNodes);
    const deleted = _.difference(this.emittedNodes, this.nodes);
    if (added.length === 0 && deleted.length === 0) return;
    this.emittedNodes = [...this.nodes];
    this.emit('children', this.path, [...this.nodes], { added, deleted });
  }
}
