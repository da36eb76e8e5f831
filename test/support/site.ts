import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import _ from 'lodash';
import { validateConfig, type SiteConfig } from '../../src/main/config/config.js';
import { silentLogger } from '../../src/main/logger/logger.js';
import { startSite, type Site } from '../../src/main/site.js';

/** the password of the user `admin` every test site creates at start (unless `admin: false`) */
export const TEST_ADMIN_PASSWORD = 'test-admin-password';

type ApiCall = <T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: T; headers: Headers }>;

export interface TestSite {
  site: Site;
  dataDir: string;
  config: SiteConfig;
  /** an /api/v1 call signed in as `admin` (a bearer session made on first use); gateway REST as given */
  api: ApiCall;
  /** the same without credentials (or with the ones in `headers`): for the attack tests */
  anonymous: ApiCall;
  /** signs in (POST /api/v1/login) and returns the session token */
  login(username: string, password: string): Promise<string>;
  /** fetch signed in as admin (for responses that are not JSON: CSV, downloads, raw bodies) */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** `{authorization}` of the admin session, for a test's own fetch (CSV downloads, raw bodies) */
  authHeaders(): Promise<Record<string, string>>;
  /** an /api/v1 call with `Authorization: Bearer <token>` */
  as(token: string): ApiCall;
  /** creates a user with `role` (as admin) and returns a session token of that user */
  userWithRole(role: 'admin' | 'technician' | 'viewer', username?: string): Promise<string>;
  /** registers a gateway through the API and returns its APIKEY */
  registerGateway(id: string, options?: { modelId?: string; legacyPlainTcp?: boolean }): Promise<string>;
  /** registers a sensor the way a real gateway does (gateway-facing REST with its APIKEY) */
  registerSensor(
    gatewayId: string,
    apiKey: string,
    sensorId: string,
    type: string,
    category?: 'sensor' | 'actuator',
  ): Promise<void>;
  connect(clientId: string, options?: IClientOptions): Promise<MqttClient>;
  stop(): Promise<void>;
  /** stop and remove the data dir */
  destroy(): Promise<void>;
}

/** A whole site on free loopback ports with its own data dir: real broker, real SQLite files. */
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export async function startTestSite(
  overrides: DeepPartial<SiteConfig> = {},
  dataDir?: string,
  options: { admin?: boolean } = {},
): Promise<TestSite> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'edge-site-test-'));
  const passwordFile = join(dir, 'test-admin-password');
  if (options.admin !== false) writeFileSync(passwordFile, TEST_ADMIN_PASSWORD);
  const config = validateConfig(
    _.merge(
      {
        dataDir: dir,
        logLevel: 'silent',
        mqtt: { host: '127.0.0.1', port: 0, tlsPort: null },
        http: { host: '127.0.0.1', port: 0 },
        gatewayHttp: { host: '127.0.0.1', port: null },
        // a test site must not announce itself on the host's LAN; the mDNS tests use network namespaces
        mdns: { enabled: false },
        gatewayHttps: { host: '127.0.0.1', port: null },
        ...(options.admin === false ? {} : { auth: { adminPasswordFile: passwordFile } }),
      },
      overrides,
    ),
  );
  const site = await startSite(config, silentLogger());
  const base = `http://127.0.0.1:${site.ports.http}`;
  const clients: MqttClient[] = [];

  const anonymous: ApiCall = async (method, path, body, headers = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const parsed: unknown = text && type.includes('json') ? JSON.parse(text) : text || undefined;
    return { status: response.status, body: parsed as never, headers: response.headers };
  };
  const login = async (username: string, password: string): Promise<string> => {
    const res = await anonymous<{ token: string }>('POST', '/api/v1/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  };
  const as =
    (token: string): ApiCall =>
    (method, path, body, headers = {}) =>
      anonymous(method, path, body, { authorization: `Bearer ${token}`, ...headers });
  let adminToken: Promise<string> | null = null;
  const api: ApiCall = async (method, path, body, headers = {}) => {
    if (!path.startsWith('/api/') || 'authorization' in headers)
      return anonymous(method, path, body, headers);
    adminToken ??= login('admin', TEST_ADMIN_PASSWORD);
    return as(await adminToken)(method, path, body, headers);
  };
  const authHeaders = async (): Promise<Record<string, string>> => {
    adminToken ??= login('admin', TEST_ADMIN_PASSWORD);
    return { authorization: `Bearer ${await adminToken}` };
  };
  let users = 0;
  const userWithRole: TestSite['userWithRole'] = async (role, username = `${role}-${++users}`) => {
    const password = `${username}-password`;
    const res = await api('POST', '/api/v1/users', { username, password, role });
    if (res.status !== 201) throw new Error(`user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return login(username, password);
  };

  async function stop(): Promise<void> {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    await site.stop();
  }

  return {
    site,
    dataDir: dir,
    config,
    api,
    anonymous,
    authHeaders,
    fetch: async (url, init = {}) =>
      fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), ...(await authHeaders()) },
      }),
    login,
    as,
    userWithRole,
    async registerGateway(id, options = {}) {
      const res = await api<Record<string, string>>('POST', '/api/v1/registerGatewayKey', {
        id,
        modelId: options.modelId ?? '34',
        authType: 'apikey',
        ...(options.legacyPlainTcp === undefined ? {} : { legacyPlainTcp: options.legacyPlainTcp }),
      });
      if (res.status !== 201) throw new Error(`register ${id}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body[id]!;
    },
    async registerSensor(gatewayId, apiKey, sensorId, type, category = 'sensor') {
      const res = await api(
        'POST',
        `/gateways/${gatewayId}/sensors`,
        {
          reqId: sensorId,
          name: sensorId,
          type,
          category,
          network: 'jsonrpc',
          driverName: 'jsonrpcSensor',
          model: 'jsonrpcNumber',
        },
        { username: gatewayId, apikey: apiKey },
      );
      if (res.status !== 201)
        throw new Error(`sensor ${sensorId}: ${res.status} ${JSON.stringify(res.body)}`);
    },
    async connect(clientId, options = {}) {
      const client = mqtt.connect(`mqtt://127.0.0.1:${site.ports.mqtt}`, {
        clientId,
        clean: true,
        reconnectPeriod: 0,
        connectTimeout: 5000,
        ...options,
      });
      clients.push(client);
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
        client.once('close', () => reject(new Error(`${clientId}: connection closed before CONNACK`)));
      });
      return client;
    },
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `check` returns a truthy value (polling), or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => T | Promise<T>,
  timeoutMs = 5000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`,
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}
