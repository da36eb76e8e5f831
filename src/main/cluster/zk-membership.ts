import type { ClusterNodeView } from '../../shared/api.js';
import type { NodeInfo, Role } from './types.js';
import {
  CreateMode,
  Exception,
  isCode,
  sameSession,
  sortTickets,
  type ElectionPaths,
  type Zk,
} from './zk-util.js';
import type { ZkSession } from './zk-session.js';
import type { ZkWatches } from './zk-watches.js';

export interface Vote {
  ticket: string;
  node: string;
}

export interface MembershipHooks {
  /** the member list was re-read (and the votes with it): the master may have come or gone */
  membersChanged(): void;
  /** a member's data changed */
  changed(): void;
}

/**
 * `{base}/nodes`: this node's ephemeral znode (its info and acting role, for the console) and the watched
 * list of members with their data; plus the vote queue as last read. Another node is listed only while
 * its ephemeral znode exists, i.e. while its session is alive.
 */
export class ZkMembership {
  private readonly nodes = new Map<string, ClusterNodeView>();
  private votes: Vote[] = [];
  /** version of this node's znode as this session last wrote it; -1: not registered in this session */
  private nodeVersion = -1;

  constructor(
    private readonly paths: ElectionPaths,
    private readonly self: string,
    /** this node's info and acting role, as published */
    private readonly describeSelf: () => NodeInfo & { role: Role },
    private readonly session: Pick<ZkSession, 'zk' | 'gen' | 'connection' | 'sessionId' | 'live'>,
    private readonly watches: ZkWatches,
    private readonly hooks: MembershipHooks,
  ) {}

  has(node: string): boolean {
    return this.nodes.has(node);
  }

  list(): ClusterNodeView[] {
    return [...this.nodes.values()];
  }

  voteList(): Vote[] {
    return [...this.votes];
  }

  /** the session is gone, and this node's znode with it */
  forgetRegistration(): void {
    this.nodeVersion = -1;
  }

  private ownPath(): string {
    return `${this.paths.nodes}/${this.self}`;
  }

  private ownData(): Buffer {
    return Buffer.from(JSON.stringify(this.describeSelf()));
  }

  /** {base}/nodes/{node}, ephemeral; a leftover of an earlier session is replaced in one transaction */
  async register(zk: Zk): Promise<void> {
    const path = this.ownPath();
    for (let attempt = 0; attempt < 10; attempt++) {
      const stat = await zk.exists(path);
      try {
        if (stat && sameSession(stat.ephemeralOwner, this.session.sessionId)) {
          this.nodeVersion = (await zk.setData(path, this.ownData(), stat.version)).version;
        } else if (stat) {
          await zk.multi([
            { op: 'remove', path, version: stat.version },
            { op: 'create', path, data: this.ownData(), mode: CreateMode.EPHEMERAL },
          ]);
          this.nodeVersion = 0;
        } else {
          await zk.create(path, this.ownData(), CreateMode.EPHEMERAL);
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

  /** rewrites this node's znode with its current card and role (fire and forget: the console's view only) */
  publishSelf(): void {
    const zk = this.session.zk;
    if (!zk || this.session.connection !== 'connected' || this.nodeVersion < 0) return;
    const path = this.ownPath();
    const gen = this.session.gen;
    zk.setData(path, this.ownData(), this.nodeVersion).then(
      (stat) => {
        if (gen === this.session.gen) this.nodeVersion = stat.version;
      },
      async (err: unknown) => {
        if (gen !== this.session.gen || !isCode(err, Exception.BAD_VERSION)) return;
        const stat = await zk.exists(path).catch(() => null);
        if (stat && sameSession(stat.ephemeralOwner, this.session.sessionId)) {
          this.nodeVersion = stat.version;
          this.publishSelf();
        }
      },
    );
  }

  /** reads the members (and each one's data) and keeps watchers on them for this session */
  async watch(gen: number): Promise<void> {
    const zk = this.session.live(gen);
    if (!zk) return;
    const again = () => void this.watch(gen).catch((err: unknown) => this.watches.retry(gen, err, again));
    const children = await this.watches.read(
      'children',
      this.paths.nodes,
      gen,
      (w) => zk.getChildren(this.paths.nodes, w),
      again,
    );
    if (!this.session.live(gen)) return;
    for (const name of [...this.nodes.keys()]) if (!children.includes(name)) this.nodes.delete(name);
    await Promise.all(children.map((name) => this.readNode(gen, name)));
    await this.refreshVotes(zk);
    this.hooks.membersChanged();
  }

  private async readNode(gen: number, name: string): Promise<void> {
    const zk = this.session.live(gen);
    if (!zk) return;
    const path = `${this.paths.nodes}/${name}`;
    const again = () =>
      void this.readNode(gen, name)
        .then(() => this.hooks.changed())
        .catch(() => undefined);
    const res = await this.watches.read('data', path, gen, (w) => zk.tryGetData(path, w ?? undefined), again);
    if (!this.session.live(gen)) return;
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

  /** the vote queue, in ticket order (shown in the console) */
  async refreshVotes(zk: Zk): Promise<void> {
    const tickets = sortTickets(await zk.getChildren(this.paths.votes).catch(() => [] as string[]));
    const votes: Vote[] = [];
    for (const ticket of tickets) {
      const res = await zk.tryGetData(`${this.paths.votes}/${ticket}`).catch(() => null);
      if (res) votes.push({ ticket, node: res.data?.toString('utf8') ?? '' });
    }
    this.votes = votes;
  }
}
