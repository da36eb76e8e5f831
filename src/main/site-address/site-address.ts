import { EventEmitter } from 'node:events';
import type { SiteAddressView } from '../../shared/api.js';
import type { Role } from '../cluster/types.js';
import type { Logger } from '../logger/logger.js';
import type { Cidr } from './cidr.js';
import type { AddressDriver } from './driver.js';

/** What the site address writes on the timeline (the site's Timeline fits). */
export interface SiteAddressTimeline {
  add(entry: {
    type: 'site';
    node: [];
    severity: 'information' | 'warning';
    message: string;
    epoch?: number;
  }): unknown;
}

/** The part of the Coordinator the site address follows. */
export interface RoleSource {
  prependListener(event: 'role', listener: (role: Role, epoch: number) => void): unknown;
  off(event: 'role', listener: (role: Role, epoch: number) => void): unknown;
  isMaster(): boolean;
  getEpoch(): number;
  getMaster(): string | null;
}

export interface SiteAddressOptions {
  cidr: Cidr;
  interface: string;
  node: string;
  coordinator: RoleSource;
  driver: AddressDriver;
  /** how often the holder renews the address's lease (ms) */
  renewEveryMs: number;
  timeline?: SiteAddressTimeline;
  logger: Logger;
  now?: () => number;
}

/**
 * The site address: held by the acting master only. It is taken when this node becomes master and
 * dropped synchronously inside the role listener (registered first, so before any master duty stops)
 * on 'standby' — which the coordinator emits the moment its ZooKeeper connection is suspended, before
 * any other node can be elected — and on close and process exit. While held it is renewed, so that a
 * site killed without a release loses it when its lease runs out (Linux).
 */
export class SiteAddress extends EventEmitter<{ changed: [] }> {
  private wanted: { epoch: number } | null = null;
  private held: { epoch: number; since: number } | null = null;
  private lastChange: number | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private readonly now: () => number;
  private readonly onRole = (role: Role, epoch: number): void => {
    if (role === 'master') this.take(epoch);
    else this.release(`role ${role}`);
  };
  private readonly onExit = (): void => this.release('process exit');
  private readonly beforeReleaseHooks: Array<() => void> = [];

  constructor(private readonly options: SiteAddressOptions) {
    super();
    this.now = options.now ?? Date.now;
  }

  /**
   * Removes a stale copy (left by a run that was killed), then follows the role. Call before the
   * coordinator can emit its first role event.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.removeQuietly('start');
    this.options.coordinator.prependListener('role', this.onRole);
    process.on('exit', this.onExit);
    const { coordinator } = this.options;
    if (coordinator.isMaster()) this.take(coordinator.getEpoch());
  }

  /** releases the address (if held) and stops following the role; call first when the site stops */
  close(): void {
    if (!this.started) return;
    this.started = false;
    this.release('closing');
    this.options.coordinator.off('role', this.onRole);
    process.off('exit', this.onExit);
  }

  /**
   * Runs `hook` synchronously just before the address is removed: connections made to it (the
   * gateways') are to be closed while their FIN can still leave from it.
   */
  beforeRelease(hook: () => void): void {
    this.beforeReleaseHooks.push(hook);
  }

  isHeld(): boolean {
    return this.held !== null;
  }

  view(): SiteAddressView {
    return {
      address: this.options.cidr.text,
      interface: this.options.interface,
      held: this.held !== null,
      since: this.held?.since ?? this.lastChange,
      holder: this.held ? this.options.node : this.presumedHolder(),
      lastError: this.lastError,
    };
  }

  /** the master takes it; this node as master without it (its add failed) means nobody holds it */
  private presumedHolder(): string | null {
    const master = this.options.coordinator.getMaster();
    return master === this.options.node ? null : master;
  }

  private take(epoch: number): void {
    if (!this.started) return;
    if (this.held?.epoch === epoch) return;
    this.wanted = { epoch };
    if (!this.tryAdd()) return;
    this.startTimer();
  }

  /** adds the address for the wanted epoch; false (and lastError) when the tool failed */
  private tryAdd(): boolean {
    const wanted = this.wanted;
    if (!wanted) return false;
    const { driver, cidr, logger } = this.options;
    try {
      driver.add();
    } catch (err) {
      this.fail('add', err);
      this.startTimer();
      return false;
    }
    const at = this.now();
    this.held = { epoch: wanted.epoch, since: at };
    this.lastChange = at;
    this.lastError = null;
    logger.info(
      {
        address: cidr.text,
        interface: this.options.interface,
        epoch: wanted.epoch,
        at,
        siteAddress: 'taken',
      },
      'site address taken',
    );
    this.note('information', `Site address ${cidr.ip} taken by ${this.options.node}`, wanted.epoch);
    driver.announce().catch((err: unknown) => this.fail('announce', err));
    this.emit('changed');
    return true;
  }

  /** drops the address now (synchronously); safe to call when not held */
  private release(reason: string): void {
    const wasHeld = this.held;
    this.wanted = null;
    this.stopTimer();
    if (!wasHeld) return;
    const { driver, cidr, logger } = this.options;
    driver.cancelAnnounce();
    this.held = null;
    for (const hook of this.beforeReleaseHooks) {
      try {
        hook();
      } catch (err) {
        logger.error({ err }, 'site address: a hook before the release failed');
      }
    }
    try {
      driver.remove();
    } catch (err) {
      this.fail('remove', err);
    }
    const at = this.now();
    this.lastChange = at;
    logger.info(
      {
        address: cidr.text,
        interface: this.options.interface,
        epoch: wasHeld.epoch,
        reason,
        at,
        siteAddress: 'released',
      },
      'site address released',
    );
    // the process is going away: no database write on the way out
    if (reason !== 'process exit')
      this.note(
        'information',
        `Site address ${cidr.ip} released by ${this.options.node} (${reason})`,
        wasHeld.epoch,
      );
    this.emit('changed');
  }

  /** renew while held; retry the add while wanted but not held */
  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.wanted) return this.stopTimer();
      if (!this.held) {
        this.tryAdd();
        return;
      }
      try {
        this.options.driver.renew();
      } catch (err) {
        this.fail('renew', err);
      }
    }, this.options.renewEveryMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private removeQuietly(reason: string): void {
    try {
      this.options.driver.remove();
    } catch (err) {
      this.fail(`remove at ${reason}`, err);
    }
  }

  private fail(what: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    const changed = message !== this.lastError;
    this.lastError = message;
    if (!changed) return;
    this.options.logger.error(
      { address: this.options.cidr.text, what, err: message },
      'site address: ' + what + ' failed',
    );
    this.note('warning', `Site address ${this.options.cidr.ip}: ${what} failed: ${message}`);
    this.emit('changed');
  }

  private note(severity: 'information' | 'warning', message: string, epoch?: number): void {
    try {
      this.options.timeline?.add({ type: 'site', node: [], severity, message, epoch });
    } catch (err) {
      this.options.logger.warn({ err }, 'site address: timeline entry not written');
    }
  }
}
