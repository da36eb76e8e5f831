import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { RegisterGatewayKeyResponse } from '../../../shared/api.js';
import { SEVERITIES } from '../../../shared/api.js';
import type { Severity } from '../../../shared/model.js';
import { ConfigConflictError } from '../../cluster/index.js';
import { ConfigError, validateSharedConfig } from '../../config/config.js';
import { ServiceError, badRequest } from '../../errors.js';
import type { ApiContext } from '../context.js';
import { parseSeriesParams, parseStatsParams, toSeriesResponse, toStatsResponse } from '../series-query.js';

const GatewayParams = Type.Object({ gw: Type.String() });
const SensorParams = Type.Object({ gw: Type.String(), sid: Type.String() });
const IdParams = Type.Object({ id: Type.Integer() });
const Severity = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));
const RuleBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    desc: Type.Optional(Type.String({ maxLength: 2000 })),
    severity: Severity,
    status: Type.Optional(Type.Union([Type.Literal('activated'), Type.Literal('deactivated')])),
    gatewayId: Type.String({ minLength: 1 }),
    sensorId: Type.String({ minLength: 1 }),
    method: Type.Union([Type.Literal('over'), Type.Literal('under')]),
    threshold: Type.Number(),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

/** The console/LAN API under /api/v1, including the Thing+ user calls (protocol §10). */
export async function consoleRoutes(fastify: FastifyInstance, ctx: ApiContext): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { registry, timeline, rules, link, coordinator } = ctx;

  app.get(
    '/overview',
    { schema: { tags: ['site'], summary: 'Site overview: gateways, ingest rates, errors' } },
    async () => ctx.overview(),
  );

  // ---- gateways ---------------------------------------------------------------------------------------
  app.get(
    '/gateways',
    { schema: { tags: ['gateways'], summary: 'All gateways with connection state and status' } },
    async () => registry.listGateways().map((g) => ctx.gatewayView(g.id)),
  );
  app.get('/gateways/:gw', { schema: { tags: ['gateways'], params: GatewayParams } }, async (req) =>
    ctx.gatewayView(req.params.gw),
  );
  app.put(
    '/gateways/:gw',
    {
      schema: {
        tags: ['gateways'],
        summary: 'Change name, model, report interval or the legacy plain-TCP allowance',
        params: GatewayParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            model: Type.Optional(Type.String()),
            reportInterval: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
            legacyPlainTcp: Type.Optional(Type.Boolean()),
            autoCreateDiscoverable: Type.Optional(Type.Union([Type.Literal('y'), Type.Literal('n')])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const before = registry.requireGateway(req.params.gw);
      const { reportInterval, ...rest } = req.body;
      const gateway = registry.updateGateway(req.params.gw, {
        ...rest,
        ...(reportInterval !== undefined ? { reportInterval: String(reportInterval) } : {}),
      });
      // protocol §4: store the interval first (the gateway restarts and reads it back over REST), then tell it.
      if (gateway.reportInterval !== before.reportInterval && link.isConnected(gateway.id)) {
        link
          .call(gateway.id, 'setProperty', { reportInterval: Number(gateway.reportInterval) })
          .catch((err: unknown) => {
            ctx.logger.warn(
              { err, gatewayId: gateway.id },
              'setProperty failed; the gateway reads the interval on its next sync',
            );
          });
      }
      return ctx.gatewayView(gateway.id);
    },
  );
  app.delete(
    '/gateways/:gw',
    { schema: { tags: ['gateways'], params: GatewayParams } },
    async (req, reply) => {
      registry.deleteGateway(req.params.gw);
      return reply.status(204).send();
    },
  );
  app.post(
    '/gateways/:gw/apikey',
    {
      schema: {
        tags: ['gateways'],
        summary: 'Issue a new APIKEY (the old one stops working)',
        params: GatewayParams,
      },
    },
    async (req): Promise<RegisterGatewayKeyResponse> => ({
      [req.params.gw]: registry.rotateApiKey(req.params.gw),
    }),
  );
  app.get('/gateways/:gw/logs', { schema: { tags: ['gateways'], params: GatewayParams } }, async (req) => {
    registry.requireGateway(req.params.gw);
    return link.gatewayLogs(req.params.gw);
  });
  app.post(
    '/registerGatewayKey',
    {
      schema: {
        tags: ['gateways'],
        summary: 'Thing+: register a gateway and issue its APIKEY → {"<gw>":"<APIKEY>"} (shown once)',
        body: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 128 }),
          modelId: Type.String({ minLength: 1 }),
          authType: Type.Optional(Type.Literal('apikey')),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          legacyPlainTcp: Type.Optional(Type.Boolean()),
        }),
      },
    },
    async (req, reply) => {
      const { gateway, apiKey } = registry.registerGateway({
        id: req.body.id,
        model: req.body.modelId,
        name: req.body.name,
        legacyPlainTcp: req.body.legacyPlainTcp,
      });
      timeline.add({
        type: 'gateway',
        node: [{ type: 'gateway', id: gateway.id }],
        severity: 'information',
        message: `Gateway ${gateway.id} registered`,
      });
      return reply.status(201).send({ [gateway.id]: apiKey });
    },
  );
  app.get(
    '/pendingGateways',
    { schema: { tags: ['gateways'], summary: 'Unknown gateways that tried to connect' } },
    async () => registry.listPending(),
  );
  app.delete(
    '/pendingGateways/:gw',
    { schema: { tags: ['gateways'], params: GatewayParams } },
    async (req, reply) => {
      registry.dismissPending(req.params.gw);
      return reply.status(204).send();
    },
  );
  app.get(
    '/gatewayModels',
    { schema: { tags: ['catalogue'] } },
    async () => registry.catalogue.gatewayModels,
  );
  app.get('/sensorTypes', { schema: { tags: ['catalogue'] } }, async () => registry.catalogue.sensorTypes);

  // ---- sensors ----------------------------------------------------------------------------------------
  app.get('/gateways/:gw/sensors', { schema: { tags: ['sensors'], params: GatewayParams } }, async (req) =>
    registry.listSensors(req.params.gw).map((s) => ctx.sensorView(req.params.gw, s.id)),
  );
  app.get(
    '/gateways/:gw/sensors/:sid',
    { schema: { tags: ['sensors'], params: SensorParams } },
    async (req) => ctx.sensorView(req.params.gw, req.params.sid),
  );
  app.put(
    '/gateways/:gw/sensors/:sid',
    {
      schema: {
        tags: ['sensors'],
        params: SensorParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1 })),
            options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      registry.updateSensor(req.params.gw, req.params.sid, req.body);
      return ctx.sensorView(req.params.gw, req.params.sid);
    },
  );
  app.delete(
    '/gateways/:gw/sensors/:sid',
    { schema: { tags: ['sensors'], params: SensorParams } },
    async (req, reply) => {
      registry.deleteSensor(req.params.gw, req.params.sid);
      return reply.status(204).send();
    },
  );
  app.get(
    '/gateways/:gw/sensors/:sid/series',
    {
      schema: {
        tags: ['sensors'],
        summary:
          'Thing+ series: data = [value, time, …]; interval 0 = raw, else buckets from rollups; statFunc[…] = calendar statistics',
        params: SensorParams,
        querystring: Type.Object({
          dataStart: Type.String(),
          dataEnd: Type.Optional(Type.String()),
          interval: Type.Optional(Type.String()),
          intervalFunc: Type.Optional(Type.String()),
          count: Type.Optional(Type.String()),
          'statFunc[id]': Type.Optional(Type.String()),
          'statFunc[timeUnit]': Type.Optional(Type.String()),
          'statFunc[subFunc]': Type.Optional(Type.String()),
          'statFunc[timezone]': Type.Optional(Type.String()),
        }),
      },
    },
    async (req) => {
      const { gw, sid } = req.params;
      registry.getSensor(gw, sid);
      const params = parseSeriesParams(req.query, Date.now());
      const range = { gatewayId: gw, sensorId: sid, from: params.dataStart, to: params.dataEnd };
      const stats = parseStatsParams(req.query);
      // the store refuses ranges that would make too many buckets; that is the caller's range, a 400
      const guard = <T>(fn: () => T): T => {
        try {
          return fn();
        } catch (err) {
          if (err instanceof RangeError) throw badRequest(err.message);
          throw err;
        }
      };
      if (stats) {
        const buckets = guard(() =>
          ctx.series.seriesStats({ ...range, timeUnit: stats.timeUnit, timeZone: stats.timeZone }),
        );
        return toStatsResponse(buckets, stats, params);
      }
      const points =
        params.intervalMs === 0
          ? ctx.series.query({ ...range, limit: params.count })
          : guard(() =>
              ctx.series.aggregate({ ...range, intervalMs: params.intervalMs, func: params.intervalFunc }),
            );
      return toSeriesResponse(points, params);
    },
  );

  // ---- actuators --------------------------------------------------------------------------------------
  app.post(
    '/controlActuator',
    {
      schema: {
        tags: ['sensors'],
        summary: 'Thing+: send an actuator command; answers the gateway result (504 on timeout)',
        body: Type.Object({
          id: Type.String({ minLength: 1 }),
          act: Type.Literal('controlActuator'),
          params: Type.Object({
            id: Type.String({ minLength: 1 }),
            cmd: Type.String({ minLength: 1 }),
            options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          }),
        }),
      },
    },
    async (req) => {
      const result = await link.controlActuator(
        req.body.id,
        req.body.params.id,
        req.body.params.cmd,
        req.body.params.options ?? {},
      );
      return { result };
    },
  );

  // ---- timeline and rules -----------------------------------------------------------------------------
  app.get(
    '/timelines',
    {
      schema: {
        tags: ['timeline'],
        summary: 'Newest first; page with maxId (inclusive) / sinceId (exclusive); filter[severity]=a,b',
        querystring: Type.Object({
          count: Type.Optional(Type.Integer({ minimum: 1, maximum: 4000 })),
          maxId: Type.Optional(Type.Integer()),
          sinceId: Type.Optional(Type.Integer()),
          'filter[severity]': Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
        }),
      },
    },
    async (req) => {
      const raw = req.query['filter[severity]'];
      const severities = (Array.isArray(raw) ? raw : raw ? [raw] : [])
        .flatMap((s) => s.split(','))
        .filter(Boolean);
      for (const s of severities)
        if (!SEVERITIES.includes(s as Severity)) throw badRequest(`unknown severity "${s}"`);
      return timeline.list({
        count: req.query.count,
        maxId: req.query.maxId,
        sinceId: req.query.sinceId,
        severities: severities as Severity[],
      });
    },
  );
  app.get('/rules', { schema: { tags: ['rules'] } }, async () => rules.list());
  app.get('/rules/:id', { schema: { tags: ['rules'], params: IdParams } }, async (req) =>
    rules.get(req.params.id),
  );
  app.post(
    '/rules',
    { schema: { tags: ['rules'], summary: 'Create a threshold rule', body: RuleBody } },
    async (req, reply) => {
      const rule = rules.create({ desc: '', status: 'activated', ...req.body });
      return reply.status(201).send(rule);
    },
  );
  app.put(
    '/rules/:id',
    { schema: { tags: ['rules'], params: IdParams, body: Type.Partial(RuleBody) } },
    async (req) => rules.update(req.params.id, req.body),
  );
  app.delete('/rules/:id', { schema: { tags: ['rules'], params: IdParams } }, async (req, reply) => {
    rules.delete(req.params.id);
    return reply.status(204).send();
  });

  // ---- cluster ----------------------------------------------------------------------------------------
  app.get(
    '/cluster',
    { schema: { tags: ['cluster'], summary: 'Election state, nodes, votes, history, shared config' } },
    async () => coordinator.state(),
  );
  app.put(
    '/cluster/config',
    {
      schema: {
        tags: ['cluster'],
        summary: 'Replace the shared site config (applies live on every node)',
        body: Type.Record(Type.String(), Type.Unknown()),
      },
    },
    async (req) => {
      try {
        validateSharedConfig(req.body);
        await coordinator.setConfig(req.body);
      } catch (err) {
        if (err instanceof ConfigError) throw badRequest(err.message);
        if (err instanceof ConfigConflictError) throw new ServiceError('ES_CONFLICT', err.message);
        throw err;
      }
      return coordinator.getConfig();
    },
  );
}
