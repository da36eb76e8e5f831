import type { Logger } from '../logger/logger.js';
import type { Coordinator, MasterDuty, Role } from './types.js';

/**
 * Starts the master-only duties when this node becomes master (with the mastership's epoch) and stops
 * them when it loses mastership. Transitions are serialised (a start and a stop never interleave) and
 * always move towards the latest wanted state; a duty's error is logged, never thrown.
 */
export class MasterDutyRunner {
  private wanted: { master: boolean; epoch: number } = { master: false, epoch: 0 };
  private running: { epoch: number } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private attached = false;
  private readonly onRole = (role: Role, epoch: number) => {
    this.wanted = { master: role === 'master', epoch };
    this.kick();
  };

  constructor(
    private readonly coordinator: Coordinator,
    private readonly duties: readonly MasterDuty[],
    private readonly logger: Logger,
  ) {}

  /** subscribe to role changes; starts the duties at once if this node is already master */
  start(): void {
    if (this.attached) return;
    this.attached = true;
    this.coordinator.on('role', this.onRole);
    if (this.coordinator.isMaster()) {
      this.wanted = { master: true, epoch: this.coordinator.getEpoch() };
      this.kick();
    }
  }

  /** the epoch the duties are running with, or null */
  runningEpoch(): number | null {
    return this.running?.epoch ?? null;
  }

  /** resolves when every queued transition is done */
  idle(): Promise<void> {
    return this.queue;
  }

  /** unsubscribe and stop the duties (call before closing the coordinator) */
  async close(): Promise<void> {
    if (this.attached) this.coordinator.off('role', this.onRole);
    this.attached = false;
    this.wanted = { master: false, epoch: 0 };
    this.kick();
    await this.queue;
  }

  private kick(): void {
    this.queue = this.queue.then(() => this.reconcile());
  }

  private async reconcile(): Promise<void> {
    const wanted = this.wanted;
    if (this.running && (!wanted.master || this.running.epoch !== wanted.epoch)) await this.stopAll();
    if (wanted.master && !this.running) await this.startAll(wanted.epoch);
  }

  private async startAll(epoch: number): Promise<void> {
    this.logger.info({ epoch, duties: this.duties.map((d) => d.name) }, 'cluster: starting master duties');
    this.running = { epoch };
    for (const duty of this.duties) {
      try {
        await duty.start(epoch);
      } catch (err) {
        this.logger.error({ err, duty: duty.name, epoch }, 'cluster: master duty failed to start');
      }
    }
  }

  private async stopAll(): Promise<void> {
    const epoch = this.running?.epoch;
    this.logger.info({ epoch }, 'cluster: stopping master duties');
    for (const duty of [...this.duties].reverse()) {
      try {
        await duty.stop();
      } catch (err) {
        this.logger.error({ err, duty: duty.name, epoch }, 'cluster: master duty failed to stop');
      }
    }
    this.running = null;
  }
}

/**
 * Where a master-only write lands: accepts a write stamped with an epoch only if no newer epoch has been
 * seen, so a late write from a deposed master is detected and refused.
 */
export class EpochFence {
  private highest = 0;

  accept(epoch: number): boolean {
    if (epoch < this.highest) return false;
    this.highest = epoch;
    return true;
  }

  current(): number {
    return this.highest;
  }
}
