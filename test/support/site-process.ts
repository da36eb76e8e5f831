import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { siteNodeFlags } from '../../scripts/site-flags.js';

const ENTRY = fileURLToPath(new URL('../../src/main/index.ts', import.meta.url));
const BUILT_ENTRY = fileURLToPath(new URL('../../dist/main/index.js', import.meta.url));

/** the password of the user `admin` of a spawned site */
export const PROCESS_ADMIN_PASSWORD = 'process-admin-password';

const sessions = new Map<string, Promise<string>>();
/** `{authorization}` of an admin session of the site at `url` (signed in once per address) */
export async function adminHeaders(url: string): Promise<Record<string, string>> {
  let token = sessions.get(url);
  if (!token) {
    token = (async () => {
      const res = await fetch(`${url}api/v1/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: PROCESS_ADMIN_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`sign-in at ${url}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    })();
    sessions.set(url, token);
    token.catch(() => sessions.delete(url));
  }
  return { authorization: `Bearer ${await token}` };
}

export interface SiteProcess {
  child: ChildProcess;
  url: string;
  mqttPort: number;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The headless site as its own process (what `npm start` runs), on free loopback ports. */
export function spawnSite(
  dataDir: string,
  extraArgs: string[] = [],
  options: { build?: boolean } = {},
): Promise<SiteProcess> {
  // the build is what users run (benchmarks measure its memory); tests run the source
  if (options.build && !existsSync(BUILT_ENTRY)) {
    return Promise.reject(new Error(`${BUILT_ENTRY} is missing: run \`npm run build:main\` first`));
  }
  const child = spawn(
    process.execPath,
    [
      ...siteNodeFlags(),
      // EDGE_SITE_PROFILE=dir: a CPU profile of the site under a benchmark's load
      ...(process.env.EDGE_SITE_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.EDGE_SITE_PROFILE}`]
        : []),
      // EDGE_SITE_HEAP_PROFILE=dir: a sampling allocation profile (where the garbage comes from)
      ...(process.env.EDGE_SITE_HEAP_PROFILE
        ? [
            '--heap-prof',
            `--heap-prof-dir=${process.env.EDGE_SITE_HEAP_PROFILE}`,
            '--heap-prof-interval=65536',
          ]
        : []),
      ...(options.build ? [BUILT_ENTRY] : ['--import', 'tsx', ENTRY]),
      '--data-dir',
      dataDir,
      '--mqtt-host',
      '127.0.0.1',
      '--mqtt-port',
      '0',
      '--http-port',
      '0',
      '--gateway-http-port',
      'off',
      '--mdns',
      'off',
      '--gateway-https-port',
      'off',
      '--log-level',
      'warn',
      ...extraArgs,
    ],
    // the user admin, made at first start (the site has no default password)
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EDGE_SITE_ADMIN_PASSWORD: PROCESS_ADMIN_PASSWORD },
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const match = /Console: (\S+)\s+MQTT: port (\d+)/.exec(out);
      if (!match) return;
      child.stdout!.off('data', onData);
      resolve({ child, url: match[1]!, mqttPort: Number(match[2]), output: () => out, exited });
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code }) => reject(new Error(`site exited (${code}) before it was up:\n${out}`)));
  });
}
