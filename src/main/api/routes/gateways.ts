import { Type } from '@sinclair/typebox';
import type { RegisterGatewayKeyResponse } from '../../../shared/api.js';
import { hostOfAddress } from '../../broker/failure-limit.js';
import { GatewayParams, type RoutePlugin } from './schemas.js';

const GatewayUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    model: Type.Optional(Type.String()),
    reportInterval: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    legacyPlainTcp: Type.Optional(Type.Boolean()),
    /** the source address the allowance is pinned to; null = the next address seen */
    legacyAddress: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
    autoCreateDiscoverable: Type.Optional(Type.Union([Type.Literal('y'), Type.Literal('n')])),
  },
  { additionalProperties: false },
);

const GatewayRegistration = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 128 }),
  modelId: Type.String({ minLength: 1 }),
  authType: Type.Optional(Type.Literal('apikey')),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  legacyPlainTcp: Type.Optional(Type.Boolean()),
  legacyAddress: Type.Optional(Type.String({ maxLength: 64 })),
});

/**
 * Gateways (tag `gateways`): the registered ones, their APIKEYs and logs, the Thing+ user call
 * registerGatewayKey (protocol §10), and the unknown gateways that tried to connect.
 */
export const gatewayRoutes: RoutePlugin = async (app, { ctx }) => {
  const { registry, timeline, link } = ctx;

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
        body: GatewayUpdate,
      },
    },
    async (req) => {
      const before = registry.requireGateway(req.params.gw);
      const { reportInterval, ...rest } = req.body;
      const gateway = registry.updateGateway(req.params.gw, {
        ...rest,
        ...(reportInterval !== undefined ? { reportInterval: String(reportInterval) } : {}),
      });
      // allowed without a key right after it was refused for that: it gets in at its next try
      const refused = ctx.presence.connection(gateway.id).refused;
      if (gateway.legacyPlainTcp && !before.legacyPlainTcp && refused?.kind === 'auth.credentialsRequired')
        ctx.gatewayLimit.forgive(hostOfAddress(refused.address));
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
        body: GatewayRegistration,
      },
    },
    async (req, reply) => {
      const knocked = registry.listPending().find((p) => p.id === req.body.id);
      const { gateway, apiKey } = registry.registerGateway({
        id: req.body.id,
        model: req.body.modelId,
        name: req.body.name,
        legacyPlainTcp: req.body.legacyPlainTcp,
        legacyAddress: req.body.legacyAddress,
      });
      timeline.add({
        type: 'gateway',
        node: [{ type: 'gateway', id: gateway.id }],
        severity: 'information',
        message: `Gateway ${gateway.id} registered`,
      });
      // it knocked while unknown: added as it knocks, it gets in at its next try
      if (knocked) ctx.gatewayLimit.forgive(hostOfAddress(knocked.address));
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
};
