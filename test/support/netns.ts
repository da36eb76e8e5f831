// Network namespaces and veth pairs a test creates for itself (never the host's interfaces).
import { spawnSync } from 'node:child_process';

/** Runs `ip …`; throws with its stderr when it fails. */
export function ip(...args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr || result.error?.message}`);
}

/** `describe(…, { skip: netnsSkip() })`: why namespaces cannot be made here; CI must never skip them. */
export function netnsSkip(): string | false {
  const reason =
    process.platform !== 'linux'
      ? 'network namespaces are Linux only'
      : process.getuid?.() !== 0
        ? 'creating network namespaces needs root (CI runs as root)'
        : spawnSync('ip', ['-V']).status !== 0
          ? 'iproute2 (`ip`) is not installed'
          : false;
  if (reason && process.env.CI === 'true') throw new Error(`CI must not skip: ${reason}`);
  return reason;
}
