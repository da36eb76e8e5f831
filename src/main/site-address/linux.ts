import { execFile, spawnSync, type ChildProcess } from 'node:child_process';
import type { AddressDriver, DriverOptions } from './driver.js';

const IP = 'ip';
const ARPING = 'arping';
/** `ip` answers quickly; a hung one must not hold the event loop (the release path runs inside it) */
const IP_TIMEOUT_MS = 2000;

/** Linux: iproute2 (`ip addr replace/del` with a valid lifetime) and iputils' `arping -U`. */
export class LinuxAddressDriver implements AddressDriver {
  readonly name = 'ip';
  private arping: ChildProcess | null = null;

  constructor(private readonly options: DriverOptions) {}

  add(): void {
    // replace = add, or update the lifetime when it is already there (idempotent)
    this.ip('replace', ...this.lifetime());
  }

  renew(): void {
    this.ip('replace', ...this.lifetime());
  }

  remove(): void {
    const result = this.run('del');
    // "Address not found" (iproute2 ≥ 5.x) / "Cannot assign requested address" (older): already gone
    if (result.ok || /not found|cannot assign/i.test(result.reason)) return;
    throw new Error(result.reason);
  }

  announce(): Promise<void> {
    this.cancelAnnounce();
    const { cidr } = this.options;
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.options.arping ?? ARPING,
        ['-U', '-c', '2', '-I', this.options.interface, cidr.ip],
        { timeout: 10_000 },
        (err, _stdout, stderr) => {
          if (this.arping === child) this.arping = null;
          if (!err) return resolve();
          if ((err as NodeJS.ErrnoException).code === 'ENOENT')
            return reject(
              new Error(
                'arping is not installed (Debian: apt-get install iputils-arping): the address was added, but neighbours learn the new holder only when their ARP entry expires',
              ),
            );
          if (child.killed) return resolve();
          reject(new Error(`arping: ${String(stderr).trim() || err.message}`));
        },
      );
      this.arping = child;
    });
  }

  cancelAnnounce(): void {
    this.arping?.kill();
    this.arping = null;
  }

  private lifetime(): string[] {
    const lease = String(this.options.leaseSeconds);
    return ['valid_lft', lease, 'preferred_lft', lease];
  }

  private ip(verb: string, ...extra: string[]): void {
    const result = this.run(verb, ...extra);
    if (!result.ok) throw new Error(result.reason);
  }

  private run(verb: string, ...extra: string[]): { ok: boolean; reason: string } {
    const args = ['addr', verb, this.options.cidr.text, 'dev', this.options.interface, ...extra];
    const result = spawnSync(IP, args, { encoding: 'utf8', timeout: IP_TIMEOUT_MS });
    if (result.error) {
      const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
      return {
        ok: false,
        reason: missing
          ? 'iproute2 (`ip`) is not installed'
          : `ip ${args.join(' ')}: ${result.error.message}`,
      };
    }
    if (result.status === 0) return { ok: true, reason: '' };
    return { ok: false, reason: `ip ${args.join(' ')}: ${result.stderr.trim() || `exit ${result.status}`}` };
  }
}
