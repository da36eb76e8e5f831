import { installControlHooks } from '../replication/forward.js';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { API_PREFIX, LIVE_PATH } from '../../shared/api.js';
import { isConsoleNavigation, withRootBase } from './console-paths.js';
import type { ApiContext } from './context.js';
import { installErrorHandler } from './errors.js';
import { installGuard } from './guard.js';
import { authRoutes } from './routes/auth.js';
import { userRoutes } from './routes/users.js';
import { alarmRoutes } from './routes/alarms.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { clusterRoutes } from './routes/cluster.js';
import { backupRoutes } from './routes/backups.js';
import { demoRoutes } from './routes/demo.js';
import { dashboardRoutes } from './routes/dashboards.js';
import { discoveryRoutes } from './routes/discovery.js';
import { sshSetupRoutes } from './routes/ssh-setup.js';
import { exportRoutes } from './routes/export.js';
import { gatewayRoutes } from './routes/gateways.js';
import { ruleToolRoutes } from './routes/rule-tools.js';
import { ruleActionRoutes } from './routes/rule-actions.js';
import { ruleRoutes } from './routes/rules.js';
import type { RoutePlugin } from './routes/schemas.js';
import { sensorRoutes } from './routes/sensors.js';
import { seriesRoutes } from './routes/series.js';
import { siteRoutes } from './routes/site.js';
import { pairingCodeRoutes } from './routes/pairing.js';
import { thingplusGatewayRoutes } from './routes/thingplus-gateway.js';
import { timelineRoutes } from './routes/timeline.js';
import { tlsRoutes } from './routes/tls.js';

const BODY_LIMIT = 1024 * 1024;

export interface TlsPems {
  cert: string;
  key: string;
}

function fastify(ctx: ApiContext, service: string, tls?: TlsPems): FastifyInstance {
  const options = {
    loggerInstance: ctx.logger.child({ service }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    logController: new LogController({ disableRequestLogging: true }),
  };
  // one instance type for both: the routes never touch the server object
  return tls ? (Fastify({ ...options, https: tls }) as unknown as FastifyInstance) : Fastify(options);
}

/** The console/LAN API under /api/v1, Thing+ user calls (protocol §10) included: one plugin per resource. */
const CONSOLE_API: readonly RoutePlugin[] = [
  authRoutes,
  userRoutes,
  siteRoutes,
  gatewayRoutes,
  catalogueRoutes,
  sensorRoutes,
  seriesRoutes,
  timelineRoutes,
  ruleRoutes,
  ruleToolRoutes,
  ruleActionRoutes,
  alarmRoutes,
  dashboardRoutes,
  clusterRoutes,
  exportRoutes,
  backupRoutes,
  discoveryRoutes,
  sshSetupRoutes,
  demoRoutes,
  pairingCodeRoutes,
  tlsRoutes,
];

/**
 * The console's CSP: its own scripts only (vite emits module files, no inline script); styles from its
 * own files plus inline style attributes, which React's `style` props and uPlot write; no framing.
 */
const CONSOLE_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/** The console's built files: dist/renderer beside dist/main (built), or the repo's dist/renderer (tsx). */
export function findRendererDir(): string | null {
  const candidates = ['../../renderer/', '../../../dist/renderer/'].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  // a build has assets/; src/renderer (the sources, seen from src/main under tsx) has not
  return candidates.find((dir) => existsSync(`${dir}index.html`) && existsSync(`${dir}assets`)) ?? null;
}

/**
 * The console/LAN server: the API under /api/v1 (OpenAPI at /api/docs), live events on a WebSocket,
 * the gateway-facing Thing+ REST at the root, /healthz, and the built console.
 */
export async function buildApiServer(ctx: ApiContext, tls?: TlsPems): Promise<FastifyInstance> {
  const app = fastify(ctx, 'api', tls);
  installErrorHandler(app);
  // first, so a WebSocket upgrade the guard refuses is still closed by the plugin's onResponse hook
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  // before every other hook: the Host check and sign-in come first (api/guard.ts)
  await installGuard(app, ctx.auth, ctx.allowedHosts);
  // a write answers once the control log holds it; a standby passes /api/v1 writes to the master
  if (ctx.controlHooks) installControlHooks(app, ctx.controlHooks, true);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { directives: CONSOLE_CSP },
    frameguard: { action: 'deny' },
    // plain HTTP on loopback is a supported way in; HSTS belongs to the HTTPS listener
    strictTransportSecurity: false,
  });
  const { rendererDir } = ctx;
  if (rendererDir) {
    // history routing: a console address typed or reloaded in the browser opens the console (before any
    // route, so /gateways/{id} in the address bar is the console, not the gateway-facing REST)
    app.addHook('onRequest', async (req, reply) => {
      if (!isConsoleNavigation(req.method, req.url, req.headers.accept)) return;
      // read per request: a rebuild (npm run build) changes the asset names under a running site
      const html = withRootBase(readFileSync(`${rendererDir}index.html`, 'utf8'));
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
    });
  }
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Edge Site API',
        version: ctx.health().version,
        description:
          'Console and LAN API of an Edge Site. Errors: {statusCode, code, error, message}; codes in docs/errors.md.',
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.get(
    '/healthz',
    { schema: { tags: ['site'], summary: '200 with JSON once every service is up' } },
    async (_req, reply) => {
      const health = ctx.health();
      return reply.status(health.status === 'ok' ? 200 : 503).send(health);
    },
  );
  app.get(LIVE_PATH, { websocket: true, schema: { hide: true } }, (socket) => {
    ctx.live.add(socket);
    socket.send(JSON.stringify({ type: 'overview', overview: ctx.overview() }));
  });
  for (const routes of CONSOLE_API) await app.register(routes, { prefix: API_PREFIX, ctx });
  await app.register(async (gatewayRest) => {
    // marks them for the guard: APIKEY-checked by their own routes, reached by gateways by any name
    gatewayRest.addHook('onRoute', (route) => {
      route.config = { ...route.config, gatewayRest: true };
    });
    await gatewayRest.register(thingplusGatewayRoutes, { ctx });
  });
  if (ctx.rendererDir) {
    await app.register(fastifyStatic, {
      root: ctx.rendererDir,
      prefix: '/',
      index: ['index.html'],
      wildcard: false,
      // the build names every asset by its content: a console opened before loads them from the browser's
      // cache without asking, and Chromium keeps the compiled script with it (no recompiling 700 kB of
      // JavaScript on each page load)
      setHeaders: (reply, file) => {
        if (/[\\/]assets[\\/][^\\/]+-[\w-]{8}\.\w+$/.test(file))
          void reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  } else {
    app.get('/', async () => ({
      message: 'The console is not built: run `npm run build`. The API is at /api/v1, docs at /api/docs.',
    }));
  }
  return app;
}

/**
 * The LAN listener real gateways reach: only the gateway-facing Thing+ REST and /healthz; over HTTPS with
 * the site certificate when `tls` is given (the same routes: gateways then authenticate with their APIKEY).
 */
export async function buildGatewayServer(ctx: ApiContext, tls?: TlsPems): Promise<FastifyInstance> {
  const app = fastify(ctx, tls ? 'gateway-https' : 'gateway-rest', tls);
  installErrorHandler(app);
  if (ctx.controlHooks) installControlHooks(app, ctx.controlHooks, false);
  app.get('/healthz', async () => ({ status: ctx.health().status }));
  await app.register(thingplusGatewayRoutes, { ctx });
  return app;
}

export async function listen(app: FastifyInstance, host: string, port: number): Promise<number> {
  await app.listen({ host, port });
  return (app.server.address() as AddressInfo).port;
}
