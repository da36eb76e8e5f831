import type { Logger } from '../logger/logger.js';
import type { ZkSession } from './zk-session.js';

export type WatchKind = 'data' | 'children' | 'exists';

/**
 * The coordinator's watched reads. ZooKeeper keeps every watcher a read registers, so re-reading a znode
 * whose watcher is still armed would add another one, and each firing re-reads: the reads would multiply.
 * Hence at most one armed watcher per znode and kind; the set starts over with each session's client.
 */
export class ZkWatches {
  private readonly armed = new Set<string>();

  constructor(
    private readonly session: Pick<ZkSession, 'gen' | 'live'>,
    private readonly logger: Logger,
  ) {}

  /** a new client: no watcher of ours is armed on it */
  reset(): void {
    this.armed.clear();
  }

  /**
   * Runs `fn` with a watcher unless one is armed already; `onChange` runs when it fires (if its session's
   * client is still the current one).
   */
  async read<T>(
    kind: WatchKind,
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
        if (gen !== this.session.gen) return;
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

  /** a failed watched read is tried again shortly, as long as its session lasts */
  retry(gen: number, err: unknown, again: () => void): void {
    if (!this.session.live(gen)) return;
    this.logger.debug({ err }, 'cluster: watch read failed; retrying');
    setTimeout(() => this.session.live(gen) && again(), 500).unref();
  }
}
