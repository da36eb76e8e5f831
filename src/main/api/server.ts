import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { API_PREFIX, LIVE_PATH } from '../../shared/api.js';
import type { ApiContext } from './context.js';
import { installErrorHandler } from './errors.js';
import { consoleRoutes } from './routes/console.js';
import { exportRoutes } from './routes/export.js';
import { thingplusGatewayRoutes } from './routes/thingplus-gateway.js';

const BODY_LIMIT = 1024 * 1024;

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
export async function buildApiServer(ctx: ApiContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger.child({ service: 'api' }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    logController: new LogController({ disableRequestLogging: true }),
  });
  installErrorHandler(app);
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
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

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
  await app.register(async (scoped) => consoleRoutes(scoped, ctx), { prefix: API_PREFIX });
  await app.register(async (scoped) => exportRoutes(scoped, ctx), { prefix: API_PREFIX });
  await app.register(async (scoped) => thingplusGatewayRoutes(scoped, ctx));
  if (ctx.rendererDir) {
    await app.register(fastifyStatic, {
      root: ctx.rendererDir,
      prefix: '/',
      index: ['index.html'],
      wildcard: false,
    });
  } else {
    app.get('/', async () => ({
      message: 'The console is not built: run `npm run build`. The API is at /api/v1, docs at /api/docs.',
    }));
  }
  return app;
}

/** The LAN listener real gateways reach: only the gateway-facing Thing+ REST and /healthz. */
export async function buildGatewayServer(ctx: ApiContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger.child({ service: 'gateway-rest' }) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    logController: new LogController({ disableRequestLogging: true }),
  });
  installErrorHandler(app);
  app.get('/healthz', async () => ({ status: ctx.health().status }));
  await app.register(async (scoped) => thingplusGatewayRoutes(scoped, ctx));
  return app;
}

export async function listen(app: FastifyInstance, host: string, port: number): Promise<number> {
  await app.listen({ host, port });
  return (app.server.address() as AddressInfo).port;
}
