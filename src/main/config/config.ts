import { existsSync, readFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import _ from 'lodash';
import { siteAddressProblems } from '../site-address/config-check.js';

/** An e-mail address as the site accepts it: local@domain, no spaces or angle brackets. */
export const EMAIL_PATTERN = '^[^\\s@<>,;"]+@[^\\s@<>,;"]+\\.[^\\s@<>,;"]+$';

/** Every setting, its default and its validation, in one schema (README "Configuration" mirrors it). */
export const SiteConfigSchema = Type.Object({
  siteName: Type.String({ minLength: 1, default: 'Edge Site' }),
  dataDir: Type.String({ minLength: 1 }),
  logLevel: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  mqtt: Type.Object(
    {
      /** gateways on the floor must reach the broker, so it listens on every interface by default */
      host: Type.String({ default: '0.0.0.0' }),
      port: Type.Integer({ minimum: 0, maximum: 65535, default: 1883 }),
      /** MQTT over TLS (protocol §1: 8883); null = off. Over TLS every gateway must send its APIKEY. */
      tlsPort: Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.Null()], { default: 8883 }),
      /** PEM files; when absent the site creates a self-signed certificate in DATA_DIR/tls on first start */
      tlsCertFile: Type.Optional(Type.String({ minLength: 1 })),
      tlsKeyFile: Type.Optional(Type.String({ minLength: 1 })),
      /** bytes of one PUBLISH payload, and of its gunzipped form */
      maxPayloadBytes: Type.Integer({ minimum: 1024, default: 1024 * 1024 }),
      maxInflatedBytes: Type.Integer({ minimum: 1024, default: 8 * 1024 * 1024 }),
      /**
       * Commit at once when every gateway that resends right after its PUBACK has its whole QoS 1 window
       * queued (broker/ack-windows.ts), instead of after the 15 ms coalescing delay: several times the
       * messages/s of window-bound gateways (at one value per message the delay alone held 20 gateways
       * to a fifth of mosquitto's rate). Such commits are at least 5 ms apart (series store
       * `hurrySpacingMs`), which bounds the extra WAL pages a gateway flushing its buffer writes.
       */
      commitWhenWindowsFull: Type.Boolean({ default: true }),
    },
    { default: {} },
  ),
  http: Type.Object(
    {
      /**
       * the console/API: loopback unless set (every /api/v1 call needs a signed-in user or token); any
       * address but loopback serves it over TLS with the site certificate
       */
      host: Type.String({ default: '127.0.0.1' }),
      port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
      /**
       * With a LAN http.host: a plain-HTTP listener on the same host that only redirects to the HTTPS
       * console (e.g. 80 so a typed http:// address works); null = none. Unused on loopback.
       */
      redirectPort: Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.Null()], {
        default: null,
      }),
      /**
       * host names the console may be opened by besides the PC's own name and addresses (a DNS alias);
       * any other Host header is refused (DNS rebinding)
       */
      allowedHosts: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
    },
    { default: {} },
  ),
  gatewayHttp: Type.Object(
    {
      /**
       * The gateway-facing Thing+ REST (registration, sync) on its own listener, which real gateways on the
       * LAN must reach; it serves only the gateway routes, each checked against the gateway's identity.
       * port 0 = pick a free port; null = off (gateways then use the console port, loopback only).
       */
      host: Type.String({ default: '0.0.0.0' }),
      port: Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.Null()], { default: 8081 }),
    },
    { default: {} },
  ),
  gatewayHttps: Type.Object(
    {
      /**
       * The same gateway routes over HTTPS with the site certificate. The unchanged Thing+ gateway with an
       * APIKEY calls https://host on 443, so 443 is the default; where it cannot be opened (no
       * CAP_NET_BIND_SERVICE / admin rights, or taken) the site serves 8443 and the console says why.
       * 0 = a free port; null = off.
       */
      host: Type.String({ default: '0.0.0.0' }),
      port: Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.Null()], { default: 443 }),
    },
    { default: {} },
  ),
  /** the site certificate (broker/tls.ts): host names beyond the PC's own (a DNS alias, a NAT address) */
  tls: Type.Object(
    { names: Type.Array(Type.String({ minLength: 1, pattern: '^[^\\s,]+$' }), { default: [] }) },
    { default: {} },
  ),
  /**
   * Gateway connection and authentication failures (MQTT and gateway REST) allowed per source address in
   * a window; past them the address is refused at once (CONNACK not authorized / 429) until it ends.
   */
  gatewayAuthLimit: Type.Object(
    {
      maxFailures: Type.Integer({ minimum: 1, maximum: 100_000, default: 20 }),
      windowSeconds: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 }),
    },
    { default: {} },
  ),
  rpcTimeoutMs: Type.Integer({ minimum: 100, default: 30000 }),
  /** below this much free space on the data dir's disk the site warns (overview, timeline, error count) */
  diskWarnFreeBytes: Type.Integer({ minimum: 0, default: 1024 * 1024 * 1024 }),
  /** below this the site thins its oldest raw values (rollups stay) until free space is back above it */
  diskThinFreeBytes: Type.Integer({ minimum: 0, default: 512 * 1024 * 1024 }),
  /**
   * What the site does when its disk runs short: `thin` deletes the oldest raw values that rollups
   * summarize (never the last diskThinKeepRawHours) and refuses new values when nothing is left to thin;
   * `refuse` never deletes raw values and refuses new values (no PUBACK) until space returns.
   */
  diskFullPolicy: Type.Union([Type.Literal('thin'), Type.Literal('refuse')], { default: 'thin' }),
  /** thinning never touches raw values of the most recent hours (whole UTC days are thinned) */
  diskThinKeepRawHours: Type.Integer({ minimum: 0, maximum: 8760, default: 24 }),
  /** space kept inside site.db (free pages + its WAL) so alarms are written on a full disk; 0 = none */
  diskReserveBytes: Type.Integer({ minimum: 0, maximum: 1024 * 1024 * 1024, default: 16 * 1024 * 1024 }),
  /**
   * sensor values wait in the ingest log this long (plus 10 s) before a compaction pass moves them into
   * chunks: longer = fewer bytes written per value, more memory for the log index; 0 = every second
   */
  compactionWindowSeconds: Type.Integer({ minimum: 0, maximum: 3600, default: 180 }),
  /**
   * How far V8 lets the main heap grow past what is live before its next full GC, in percent (V8's
   * --heap-growing-percent, set when the site starts; the process is the site's). V8's own choice, up to
   * 4× live, kept ≈ 400 MB of garbage at 200 000 values/s; 50 kept it at ≈ 200 MB with the same
   * throughput. 0 = V8's default.
   */
  heapGrowingPercent: Type.Integer({ minimum: 0, maximum: 400, default: 50 }),
  /** Backups (README "Backups"): consistent copies of both databases, the config and the TLS material */
  backups: Type.Object(
    {
      /** where backups go; default DATA_DIR/backups (another disk is better) */
      dir: Type.Optional(Type.String({ minLength: 1 })),
      /** a backup every N hours while the site runs; 0 = only on request */
      everyHours: Type.Number({ minimum: 0, maximum: 8760, default: 24 }),
      /** backups kept (the oldest go first) */
      keep: Type.Integer({ minimum: 1, maximum: 1000, default: 7 }),
      /** a file holding the passphrase scheduled backups are encrypted with (the key never sits beside them) */
      passphraseFile: Type.Optional(Type.String({ minLength: 1 })),
    },
    { default: {} },
  ),
  /** Sign-in (README "Sign-in and roles") */
  auth: Type.Object(
    {
      /** a console session lasts this long after signing in */
      sessionHours: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 90, default: 12 }),
      /**
       * a file holding the password of the user `admin`, created at start when the site has no user
       * (unattended installs; EDGE_SITE_ADMIN_PASSWORD does the same). Never a default password.
       */
      adminPasswordFile: Type.Optional(Type.String({ minLength: 1 })),
    },
    { default: {} },
  ),
  /** start the demo site with the site (README "Demo"): simulated gateways on loopback */
  demo: Type.Boolean({ default: false }),
  /** mDNS/DNS-SD: advertise this site (`_edge-site._tcp`, `_mqtt._tcp`) and list the others on the LAN */
  mdns: Type.Object(
    {
      enabled: Type.Boolean({ default: true }),
      /** the IPv4 address of the one interface to use; absent = every interface */
      interface: Type.Optional(Type.String({ minLength: 7, maxLength: 15 })),
    },
    { default: {} },
  ),
  /** LAN discovery of Thing+ gateways (README "Finding gateways on the LAN") */
  discovery: Type.Object(
    {
      /** false = never broadcast, only probe typed targets (a LAN whose policy forbids broadcasts; tests) */
      broadcast: Type.Boolean({ default: true }),
      /** the UDP port gateways answer the `Thing+?` probe on (protocol §8) */
      port: Type.Integer({ minimum: 1, maximum: 65535, default: 28282 }),
      /** how long a scan listens for replies; the API answers within 3 s */
      windowMs: Type.Integer({ minimum: 100, maximum: 2800, default: 2500 }),
      /** the probe rate; more would flood a factory LAN */
      probesPerSecond: Type.Integer({ minimum: 1, maximum: 2000, default: 1000 }),
      /** datagrams one scan reads; the rest are counted as a flood */
      maxReplies: Type.Integer({ minimum: 1, maximum: 65536, default: 1024 }),
    },
    { default: {} },
  ),
  /**
   * The SMTP relay the `email/send` rule action sends through; absent = no e-mail (rules with an e-mail
   * action are refused). The site sends, it never receives: a LAN relay or the plant's mail server.
   */
  smtp: Type.Optional(
    Type.Object({
      host: Type.String({ minLength: 1 }),
      port: Type.Integer({ minimum: 1, maximum: 65535, default: 587 }),
      /** TLS from the first byte (port 465); false = plain, upgraded by STARTTLS when the relay offers it */
      secure: Type.Boolean({ default: false }),
      user: Type.Optional(Type.String({ minLength: 1 })),
      pass: Type.Optional(Type.String({ minLength: 1 })),
      /** the sender address every mail carries */
      from: Type.String({ minLength: 3, pattern: EMAIL_PATTERN }),
      /** one delivery attempt (connect, greeting, send) gives up after this long; then it is retried */
      timeoutMs: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
    }),
  ),
  cluster: Type.Object(
    {
      /** ZooKeeper servers "host:port"; empty = embedded single node (always master) */
      servers: Type.Array(Type.String({ pattern: '^[^\\s:]+:\\d+$' }), { default: [] }),
      basePath: Type.String({ pattern: '^/[^\\s]*$', default: '/edge-site' }),
      configPath: Type.Optional(Type.String({ pattern: '^/[^\\s]*$' })),
      sessionTimeout: Type.Integer({ minimum: 1000, default: 10000 }),
      retries: Type.Integer({ minimum: 0, default: 3 }),
      observerOnly: Type.Boolean({ default: false }),
      /** this node's name in the cluster; default `{hostname}:{httpPort}` */
      node: Type.Optional(Type.String({ minLength: 1 })),
      /**
       * The replicated values log (NATS JetStream, docs/cluster-replication.md): every value is
       * acknowledged only once it is committed here AND in a quorum of the stream's replicas; every node
       * applies the log to its own store. Absent = each node keeps only what it received.
       */
      replication: Type.Optional(
        Type.Object({
          /** NATS servers, e.g. ["nats://10.0.0.1:4222", …] (JetStream enabled, clustered) */
          servers: Type.Array(Type.String({ pattern: '^(nats://)?[^\\s:/]+:\\d+$' }), { minItems: 1 }),
          /** the stream's name: one per site */
          stream: Type.String({ pattern: '^[A-Za-z0-9_-]+$', default: 'EDGE_VALUES' }),
          /** replicas of the stream (3 survives the loss of one server) */
          replicas: Type.Integer({ minimum: 1, maximum: 5, default: 3 }),
          /** an append without a quorum's answer by then fails: no PUBACK, the gateway sends again */
          appendTimeoutMs: Type.Integer({ minimum: 100, maximum: 60_000, default: 2000 }),
        }),
      ),
      /**
       * One address for gateways (MQTT, REST) that only the acting master holds: a virtual IPv4 with its
       * prefix on a named interface (README "Site address"); absent = none
       */
      siteAddress: Type.Optional(
        Type.Object(
          { address: Type.String({ minLength: 1 }), interface: Type.String({ minLength: 1 }) },
          { additionalProperties: false },
        ),
      ),
    },
    { default: {} },
  ),
});

export type SiteConfig = Static<typeof SiteConfigSchema>;

/**
 * The shared site config every cluster node applies live (stored by the coordinator at configPath;
 * on a single node it is kept in the data dir). Unknown keys are refused so a typo is not silently kept.
 */
export const SharedConfigSchema = Type.Object(
  {
    siteName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    rpcTimeoutMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 600_000 })),
  },
  { additionalProperties: false },
);
export type SharedConfig = Static<typeof SharedConfigSchema>;

/** Validates a shared config (the coordinator keeps the old one when this throws). */
export function validateSharedConfig(input: unknown): SharedConfig {
  if (!Value.Check(SharedConfigSchema, input)) {
    const problems = [...Value.Errors(SharedConfigSchema, input)].map(
      (e) => `${e.path || '/'}: ${e.message}`,
    );
    throw new ConfigError(`invalid shared config: ${problems.join('; ')}`);
  }
  return input;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The per-user data directory, as desktop apps place it on each platform. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Edge Site');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Edge Site');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'edge-site');
}

const CLI_OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  'mqtt-port': { type: 'string' },
  'mqtt-host': { type: 'string' },
  'mqtts-port': { type: 'string' },
  'http-port': { type: 'string' },
  'http-host': { type: 'string' },
  'gateway-http-port': { type: 'string' },
  'gateway-http-host': { type: 'string' },
  'gateway-https-port': { type: 'string' },
  'http-redirect-port': { type: 'string' },
  'admin-password-file': { type: 'string' },
  'zk-servers': { type: 'string' },
  'zk-base-path': { type: 'string' },
  'node-name': { type: 'string' },
  'replication-servers': { type: 'string' },
  observer: { type: 'boolean' },
  demo: { type: 'boolean' },
  mdns: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const USAGE = `Usage: edge-site [options]   (every option also reads from the environment, e.g. EDGE_SITE_MQTT_PORT)
  --data-dir DIR            where the site keeps its databases (EDGE_SITE_DATA_DIR; default: the user's data dir)
  --config FILE             JSON config file (EDGE_SITE_CONFIG; default: DIR/config.json when it exists)
  --mqtt-port N             MQTT broker port (EDGE_SITE_MQTT_PORT; default 1883; 0 = any free port)
  --mqtt-host H             MQTT bind address (EDGE_SITE_MQTT_HOST; default 0.0.0.0)
  --mqtts-port N|off        MQTT over TLS port (EDGE_SITE_MQTTS_PORT; default 8883)
  --http-port N             console and API port (EDGE_SITE_HTTP_PORT; default 8080)
  --http-host H             console and API bind address (EDGE_SITE_HTTP_HOST; default 127.0.0.1; not loopback = HTTPS)
  --http-redirect-port N|off  plain HTTP redirecting to the HTTPS console (EDGE_SITE_HTTP_REDIRECT_PORT; default off)
  --gateway-http-port N|off gateway-facing Thing+ REST port (EDGE_SITE_GATEWAY_HTTP_PORT; default 8081)
  --gateway-http-host H     its bind address (EDGE_SITE_GATEWAY_HTTP_HOST; default 0.0.0.0)
  --gateway-https-port N|off  the same over HTTPS (EDGE_SITE_GATEWAY_HTTPS_PORT; default 443, else 8443)
  --admin-password-file F   creates the user admin with this password when the site has no user
                            (EDGE_SITE_ADMIN_PASSWORD gives the password itself; otherwise the console asks)
  --zk-servers h:p,h:p      ZooKeeper ensemble: cluster mode (EDGE_SITE_ZK_SERVERS; default: single node)
  --zk-base-path /path      election base znode (EDGE_SITE_ZK_BASE_PATH; default /edge-site)
  --node-name NAME          this node's cluster name (EDGE_SITE_NODE_NAME; default {hostname}:{http port})
  --replication-servers nats://h:p,…  the replicated values log, NATS JetStream (EDGE_SITE_REPLICATION_SERVERS; default: none)
  --observer                watch the cluster without taking part (EDGE_SITE_OBSERVER=1)
  --demo                    start the demo factory: simulated gateways on loopback (EDGE_SITE_DEMO=1)
  --mdns on|off             advertise this site and find others with mDNS (EDGE_SITE_MDNS; default on)
  --log-level L             fatal|error|warn|info|debug|trace|silent (EDGE_SITE_LOG_LEVEL; default info)`;

function onOff(name: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (['on', '1', 'true'].includes(raw)) return true;
  if (['off', '0', 'false'].includes(raw)) return false;
  throw new ConfigError(`${name} must be on or off, got "${raw}"`);
}

function toPort(name: string, raw: string | undefined): number | null | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'off' || raw === 'null') return null;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a port number, got "${raw}"`);
  return Number(raw);
}

/**
 * Defaults < config file < environment < command line. Invalid values fail with one message that names
 * every wrong setting, so an operator fixes them in one go.
 */
export function loadConfig(
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): SiteConfig & { help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: CLI_OPTIONS, allowPositionals: false, strict: true });
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n${USAGE}`);
  }
  const cli = parsed.values;
  const dataDir = resolve(cli['data-dir'] ?? env.EDGE_SITE_DATA_DIR ?? defaultDataDir(env));

  const configFile = cli.config ?? env.EDGE_SITE_CONFIG ?? join(dataDir, 'config.json');
  let fileConfig: unknown = {};
  if (existsSync(configFile)) {
    try {
      fileConfig = JSON.parse(readFileSync(configFile, 'utf8'));
    } catch (err) {
      throw new ConfigError(`config file ${configFile} is not valid JSON: ${(err as Error).message}`);
    }
  } else if (cli.config ?? env.EDGE_SITE_CONFIG) {
    throw new ConfigError(`config file ${configFile} does not exist`);
  }

  const pick = (flag: keyof typeof cli, envName: string): string | undefined =>
    (cli[flag] as string | undefined) ?? (env[envName] === '' ? undefined : env[envName]);
  const zk = pick('zk-servers', 'EDGE_SITE_ZK_SERVERS');
  const replicationServers = pick('replication-servers', 'EDGE_SITE_REPLICATION_SERVERS');
  const overrides = {
    dataDir,
    logLevel: pick('log-level', 'EDGE_SITE_LOG_LEVEL'),
    demo: cli.demo ?? (env.EDGE_SITE_DEMO ? env.EDGE_SITE_DEMO === '1' : undefined),
    mdns: { enabled: onOff('--mdns', pick('mdns', 'EDGE_SITE_MDNS')) },
    mqtt: {
      host: pick('mqtt-host', 'EDGE_SITE_MQTT_HOST'),
      port: toPort('--mqtt-port', pick('mqtt-port', 'EDGE_SITE_MQTT_PORT')),
      tlsPort: toPort('--mqtts-port', pick('mqtts-port', 'EDGE_SITE_MQTTS_PORT')),
      commitWhenWindowsFull: onOff(
        'EDGE_SITE_COMMIT_WHEN_WINDOWS_FULL',
        env.EDGE_SITE_COMMIT_WHEN_WINDOWS_FULL,
      ),
    },
    http: {
      host: pick('http-host', 'EDGE_SITE_HTTP_HOST'),
      port: toPort('--http-port', pick('http-port', 'EDGE_SITE_HTTP_PORT')),
      redirectPort: toPort(
        '--http-redirect-port',
        pick('http-redirect-port', 'EDGE_SITE_HTTP_REDIRECT_PORT'),
      ),
    },
    auth: { adminPasswordFile: pick('admin-password-file', 'EDGE_SITE_ADMIN_PASSWORD_FILE') },
    gatewayHttp: {
      host: pick('gateway-http-host', 'EDGE_SITE_GATEWAY_HTTP_HOST'),
      port: toPort('--gateway-http-port', pick('gateway-http-port', 'EDGE_SITE_GATEWAY_HTTP_PORT')),
    },
    gatewayHttps: {
      port: toPort('--gateway-https-port', pick('gateway-https-port', 'EDGE_SITE_GATEWAY_HTTPS_PORT')),
    },
    cluster: {
      servers:
        zk === undefined
          ? undefined
          : zk
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
      basePath: pick('zk-base-path', 'EDGE_SITE_ZK_BASE_PATH'),
      node: pick('node-name', 'EDGE_SITE_NODE_NAME'),
      replication:
        replicationServers === undefined
          ? undefined
          : {
              servers: replicationServers
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean),
            },
      observerOnly: cli.observer ?? (env.EDGE_SITE_OBSERVER ? env.EDGE_SITE_OBSERVER === '1' : undefined),
    },
  };
  const merged = _.merge({}, fileConfig, dropUndefined(overrides));
  return { ...validateConfig(merged), help: cli.help ?? false };
}

function dropUndefined<T>(value: T): T {
  if (!_.isPlainObject(value)) return value;
  return _.omitBy(_.mapValues(value as object, dropUndefined), _.isUndefined) as T;
}

/** Applies defaults and checks types/ranges; throws ConfigError listing every problem. */
export function validateConfig(input: unknown): SiteConfig {
  const withDefaults = Value.Default(SiteConfigSchema, _.cloneDeep(input ?? {}));
  const errors = [...Value.Errors(SiteConfigSchema, withDefaults)];
  if (errors.length > 0) {
    const lines = _.uniqBy(errors, (e) => e.path).map(
      (e) => `  ${e.path || '/'}: ${e.message} (got ${JSON.stringify(e.value)})`,
    );
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = withDefaults as SiteConfig;
  const related: string[] = [];
  if (config.diskThinFreeBytes >= config.diskWarnFreeBytes && config.diskThinFreeBytes > 0)
    related.push(
      `  /diskThinFreeBytes: must be less than diskWarnFreeBytes (${config.diskWarnFreeBytes}): the site warns before it thins; 0 turns thinning off (got ${config.diskThinFreeBytes})`,
    );
  if (config.diskReserveBytes >= config.diskThinFreeBytes && config.diskThinFreeBytes > 0)
    related.push(
      `  /diskReserveBytes: must be less than diskThinFreeBytes (${config.diskThinFreeBytes}) (got ${config.diskReserveBytes})`,
    );
  if (config.smtp && (config.smtp.user === undefined) !== (config.smtp.pass === undefined))
    related.push(
      '  /smtp: user and pass go together (both for a relay that wants a login, neither for one that does not)',
    );
  related.push(...siteAddressProblems(config));
  if (related.length > 0) throw new ConfigError(`invalid configuration:\n${related.join('\n')}`);
  return config;
}

export function nodeName(config: SiteConfig, httpPort: number): string {
  return config.cluster.node ?? `${hostname()}:${httpPort}`;
}
