import { EventEmitter } from 'node:events';
import { statfsSync } from 'node:fs';

export interface DiskState {
  freeBytes: number;
  totalBytes: number;
  /** free space is below the warning threshold */
  low: boolean;
  warnFreeBytes: number;
}

const CHECK_EVERY_MS = 10_000;

/**
 * Watches the free space of the data dir's filesystem and says so once when it runs low (and once when
 * it recovers): an operator hears about a filling disk before the site has to refuse data.
 */
export class DiskMonitor extends EventEmitter<{ low: [DiskState]; recovered: [DiskState] }> {
  private current: DiskState;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly warnFreeBytes: number,
  ) {
    super();
    this.current = this.measure();
  }

  start(): void {
    if (this.current.low) this.emit('low', this.current);
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** measured now (statfs is cheap), so the overview is never stale; transitions are emitted from here too */
  state(): DiskState {
    return this.check();
  }

  check(): DiskState {
    const previous = this.current;
    this.current = this.measure();
    if (this.current.low && !previous.low) this.emit('low', this.current);
    if (!this.current.low && previous.low) this.emit('recovered', this.current);
    return this.current;
  }

  private measure(): DiskState {
    const stats = statfsSync(this.dir);
    const freeBytes = Number(stats.bavail) * Number(stats.bsize);
    const totalBytes = Number(stats.blocks) * Number(stats.bsize);
    return { freeBytes, totalBytes, low: freeBytes < this.warnFreeBytes, warnFreeBytes: this.warnFreeBytes };
  }
}
