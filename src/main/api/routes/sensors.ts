import { Type } from '@sinclair/typebox';
import { GatewayParams, SensorParams, type RoutePlugin } from './schemas.js';

const SensorUpdate = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1 })),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

const SensorCreate = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._~-]+$' }),
    type: Type.String({ minLength: 1 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    category: Type.Optional(Type.Union([Type.Literal('sensor'), Type.Literal('actuator')])),
    deviceId: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

const ActuatorCommand = Type.Object({
  id: Type.String({ minLength: 1 }),
  act: Type.Literal('controlActuator'),
  params: Type.Object({
    id: Type.String({ minLength: 1 }),
    cmd: Type.String({ minLength: 1 }),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});

/**
 * A gateway's sensors and actuators (tag `sensors`), including the Thing+ user call controlActuator
 * (protocol §10). Their values are in series.ts and export.ts.
 */
export const sensorRoutes: RoutePlugin = async (app, { ctx }) => {
  const { registry, link } = ctx;

  app.get('/gateways/:gw/sensors', { schema: { tags: ['sensors'], params: GatewayParams } }, async (req) =>
    registry.listSensors(req.params.gw).map((s) => ctx.sensorView(req.params.gw, s.id)),
  );
  app.post(
    '/gateways/:gw/sensors',
    {
      schema: {
        tags: ['sensors'],
        summary: 'Add a sensor from the console (a gateway adds its own over the gateway-facing REST)',
        params: GatewayParams,
        body: SensorCreate,
      },
    },
    async (req, reply) => {
      const { id, type, name, category, deviceId } = req.body;
      registry.createSensor(req.params.gw, { id, type, name, category, deviceId: deviceId ?? null });
      return reply.status(201).send(ctx.sensorView(req.params.gw, id));
    },
  );
  app.get(
    '/gateways/:gw/sensors/:sid',
    { schema: { tags: ['sensors'], params: SensorParams } },
    async (req) => ctx.sensorView(req.params.gw, req.params.sid),
  );
  app.put(
    '/gateways/:gw/sensors/:sid',
    { schema: { tags: ['sensors'], params: SensorParams, body: SensorUpdate } },
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

  // ---- actuators --------------------------------------------------------------------------------------
  app.post(
    '/controlActuator',
    {
      schema: {
        tags: ['sensors'],
        summary: 'Thing+: send an actuator command; answers the gateway result (504 on timeout)',
        body: ActuatorCommand,
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
};
