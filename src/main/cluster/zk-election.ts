import type { Logger } from '../logger/logger.js';
import { parseElectionData } from './common.js';
import type { ElectionData, Role } from './types.js';
import {
  CreateMode,
  Exception,
  isCode,
  sameSession,
  sortTickets,
  type ElectionPaths,
  type Zk,
} from './zk-util.js';
import type { ZkMembership } from './zk-membership.js';
import type { ZkSession } from './zk-session.js';
import type { ZkWatches } from './zk-watches.js';

/** 'rerun': something changed while an election pass was running, so another pass follows it. */
type ElectionRun = 'idle' | 'running' | 'rerun';

export interface ElectionHooks {
  /** this node's acting role changed */
  role(role: Role, epoch: number): void;
  /** the elected master (as this node sees it) changed */
  master(master: string | null): void;
  /** an entry for the election history */
  record(master: string | null, epoch: number, reason: string): void;
  /** something shown in the console changed */
  changed(): void;
}

/**
 * The election: this node's ephemeral sequential ticket in `{base}/votes`; the holder of the lowest
 * ticket claims the mastership by writing `{master, epoch + 1}` into the base znode, conditional on the
 * version it read and on its ticket still existing (one transaction). The version it wrote fences the
 * mastership: any other write of the base znode demotes this node. A standby watches only the ticket
 * just below its own, so a master's departure wakes one node, not all of them.
 */
export class ZkElection {
  private acting: Role;
  private currentEpoch = 0;
  /** version of the base znode as this node wrote it when claiming (fencing) */
  private baseVersion = -1;
  private data: ElectionData = { master: null, epoch: 0 };
  private lastMaster: string | null = null;
  private ticket: string | null = null;
  private run: ElectionRun = 'idle';

  constructor(
    private readonly paths: ElectionPaths,
    private readonly self: string,
    private readonly observerOnly: boolean,
    private readonly session: Pick<ZkSession, 'zk' | 'gen' | 'connection' | 'closed' | 'sessionId' | 'live'>,
    private readonly membership: Pick<ZkMembership, 'has' | 'publishSelf' | 'refreshVotes'>,
    private readonly watches: ZkWatches,
    private readonly hooks: ElectionHooks,
    private readonly logger: Logger,
  ) {
    this.acting = observerOnly ? 'observer' : 'standby';
  }

  get role(): Role {
    return this.acting;
  }

  get epoch(): number {
    return this.currentEpoch;
  }

  isMaster(): boolean {
    return this.acting === 'master' && this.session.connection === 'connected';
  }

  /** the master named by the base data, while it is a member (its session alive) */
  getMaster(): string | null {
    const m = this.data.master;
    return m && this.membership.has(m) ? m : null;
  }

  /**
   * Linearizable: a transaction of checks goes through the ZooKeeper leader, so it fails if anyone wrote
   * the base znode since this node claimed it, or this node's ticket is gone.
   */
  async checkEpoch(epoch: number): Promise<boolean> {
    const zk = this.session.zk;
    if (!this.isMaster() || epoch !== this.currentEpoch || !zk || !this.ticket) return false;
    try {
      await zk.multi([
        { op: 'check', path: this.paths.base, version: this.baseVersion },
        { op: 'check', path: `${this.paths.votes}/${this.ticket}`, version: -1 },
      ]);
      return this.isMaster() && epoch === this.currentEpoch;
    } catch {
      return false;
    }
  }

  /** the session is gone, and this node's ticket and mastership with it */
  forgetSession(): void {
    this.ticket = null;
    this.baseVersion = -1;
    this.currentEpoch = 0;
  }

  /**
   * Finds this session's ticket (a create may have succeeded before a connection loss hid the answer),
   * removes leftovers of this node's earlier sessions, or takes a new one.
   */
  async ensureTicket(zk: Zk): Promise<void> {
    const votes = this.paths.votes;
    const children = sortTickets(await zk.getChildren(votes));
    const mine: string[] = [];
    for (const child of children) {
      const res = await zk.tryGetData(`${votes}/${child}`);
      if (!res || res.data?.toString('utf8') !== this.self) continue;
      if (sameSession(res.stat.ephemeralOwner, this.session.sessionId)) mine.push(child);
      else await zk.remove(`${votes}/${child}`, res.stat.version).catch(() => undefined);
    }
    if (mine.length > 0) {
      this.ticket = mine[0];
      for (const extra of mine.slice(1)) await zk.remove(`${votes}/${extra}`, -1).catch(() => undefined);
      return;
    }
    const created = await zk.create(`${votes}/n_`, Buffer.from(this.self), CreateMode.EPHEMERAL_SEQUENTIAL);
    this.ticket = created.slice(created.lastIndexOf('/') + 1);
    this.logger.debug({ ticket: this.ticket }, 'cluster: ticket taken');
  }

  /** reads the base data and keeps a watcher on it for this session */
  async watchBase(gen: number): Promise<void> {
    const zk = this.session.live(gen);
    if (!zk) return;
    const base = this.paths.base;
    const again = () => void this.watchBase(gen).catch((err: unknown) => this.watches.retry(gen, err, again));
    const res = await this.watches.read('data', base, gen, (w) => zk.getData(base, w), again);
    if (!this.session.live(gen)) return;
    this.data = parseElectionData(res.data);
    if (
      this.acting === 'master' &&
      (this.data.master !== this.self || res.stat.version !== this.baseVersion)
    ) {
      this.demote(`base data now names ${this.data.master ?? 'nobody'}`);
      this.scheduleElect('base data changed');
    }
    this.updateMaster('base data changed');
  }

  scheduleElect(reason: string): void {
    if (this.observerOnly || this.session.closed) return;
    this.logger.debug({ reason }, 'cluster: election check');
    if (this.run !== 'idle') {
      this.run = 'rerun';
      return;
    }
    void this.elect();
  }

  /** runs election passes until one ends with nothing left to re-check */
  async elect(): Promise<void> {
    if (this.observerOnly) return;
    if (this.run !== 'idle') {
      this.run = 'rerun';
      return;
    }
    const gen = this.session.gen;
    try {
      do {
        this.run = 'running';
        await this.electOnce(gen);
      } while (this.rerunWanted() && this.session.live(gen) && this.session.connection === 'connected');
    } catch (err) {
      if (this.session.live(gen)) {
        this.logger.warn({ err }, 'cluster: election step failed; retrying');
        setTimeout(() => this.session.live(gen) && this.scheduleElect('retry'), 1000).unref();
      }
    } finally {
      this.run = 'idle';
    }
  }

  /** (a method: TypeScript would narrow the field to the 'running' just assigned across the await) */
  private rerunWanted(): boolean {
    return this.run === 'rerun';
  }

  private async electOnce(gen: number): Promise<void> {
    const zk = this.session.live(gen);
    if (!zk || this.session.connection !== 'connected') return;
    const tickets = sortTickets(await zk.getChildren(this.paths.votes));
    if (!this.session.live(gen)) return;
    if (!this.ticket || !tickets.includes(this.ticket)) {
      this.demote('ticket gone');
      await this.ensureTicket(zk);
      this.run = 'rerun';
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
    const stat = await zk.exists(`${this.paths.votes}/${predecessor}`, (event) => {
      if (gen === this.session.gen) this.scheduleElect(`predecessor ${predecessor}: ${event.getName()}`);
    });
    if (!stat) this.run = 'rerun';
    else this.logger.debug({ ticket: this.ticket, predecessor }, 'cluster: standing by');
    if (this.session.live(gen)) void this.membership.refreshVotes(zk).then(() => this.hooks.changed());
  }

  /** the holder of the lowest ticket writes itself into the base data, conditionally */
  private async claim(zk: Zk, gen: number): Promise<void> {
    const base = this.paths.base;
    const ticketPath = `${this.paths.votes}/${this.ticket}`;
    for (let attempt = 0; attempt < 20; attempt++) {
      const { data, stat } = await zk.getData(base);
      if (!this.session.live(gen) || this.session.connection !== 'connected') return;
      const current = parseElectionData(data);
      if (current.master === this.self && this.currentEpoch > 0 && current.epoch === this.currentEpoch) {
        if (stat.version === this.baseVersion) {
          // same session, same mastership: resume after a suspension
          this.becomeMaster('resumed');
          return;
        }
      }
      const epoch = current.epoch + 1;
      const next: ElectionData = { master: this.self, epoch };
      try {
        const results = await zk.multi([
          { op: 'check', path: ticketPath, version: -1 },
          { op: 'setData', path: base, data: Buffer.from(JSON.stringify(next)), version: stat.version },
        ]);
        if (!this.session.live(gen)) return;
        this.baseVersion = results[1]?.stat?.version ?? stat.version + 1;
        this.currentEpoch = epoch;
        this.data = next;
        this.becomeMaster(current.master === this.self ? 'incumbent re-elected' : 'lowest ticket');
        return;
      } catch (err) {
        if (isCode(err, Exception.BAD_VERSION)) continue;
        if (isCode(err, Exception.NO_NODE)) {
          this.ticket = null;
          this.run = 'rerun';
          return;
        }
        throw err;
      }
    }
    throw new Error('could not write the base data');
  }

  private becomeMaster(reason: string): void {
    if (this.session.closed || this.session.connection !== 'connected' || this.acting === 'master') return;
    this.acting = 'master';
    this.hooks.record(this.self, this.currentEpoch, reason);
    this.logger.info({ node: this.self, epoch: this.currentEpoch, reason }, 'cluster: this node is master');
    this.membership.publishSelf();
    this.hooks.role(this.acting, this.currentEpoch);
    this.updateMaster(reason);
    this.hooks.changed();
  }

  /** stops acting as master at once, without asking ZooKeeper: stopping is always safe */
  demote(reason: string): void {
    if (this.acting !== 'master') return;
    this.acting = 'standby';
    this.hooks.record(null, this.currentEpoch, reason);
    this.logger.warn({ node: this.self, epoch: this.currentEpoch, reason }, 'cluster: master duties stop');
    this.hooks.role(this.acting, this.currentEpoch);
    this.membership.publishSelf();
    this.hooks.changed();
  }

  /** announces the master if it changed (a master other than this node goes into the history) */
  updateMaster(reason: string): void {
    const master = this.getMaster();
    if (master === this.lastMaster) return;
    this.lastMaster = master;
    if (master !== this.self) this.hooks.record(master, this.data.epoch, reason);
    this.hooks.master(master);
    this.hooks.changed();
  }
}
