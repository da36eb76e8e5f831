import { existsSync } from 'node:fs';

/**
 * Integration tests use real third-party parts (ZooKeeper, Chromium, mosquitto). Locally a missing part
 * skips the test with a reason; under CI (CI=true) nothing may be skipped, so a missing part fails.
 * Use: `test('x', { skip: toolMissing('zookeeper', ZK_JAR) }, async () => …)`
 */
export function toolMissing(name: string, ...paths: string[]): string | false {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) return false;
  const reason = `${name} is not installed (${missing.join(', ')} missing); .ci/run installs it`;
  if (process.env.CI === 'true') throw new Error(`CI must not skip: ${reason}`);
  return reason;
}
