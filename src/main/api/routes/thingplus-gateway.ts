import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Device, Sensor } from '../../../shared/model.js';
import { ServiceError } from '../../errors.js';
import { gatewayPairRoutes } from './pairing.js';
import { thingplusSetupRoutes } from './thingplus-setup.js';
import { sourceIp } from '../../broker/failure-limit.js';
import type { ApiContext } from '../context.js';
import type { RouteOptions } from './schemas.js';

/**
 * The gateway-facing Thing+ REST (protocol §5), at the unversioned root with bare JSON bodies — the C SDK
 * treats any body containing `statusCode` as an error, so successes never carry one. The catalogue is
 * open; a gateway's own resources (gatewayResourceRoutes) need its identity.
 */
export const thingplusGatewayRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const { registry } = ctx;

  app.get('/sensorTypes', async () => registry.catalogue.sensorTypes);
  app.get<{ Params: { id: string } }>('/sensorTypes/:id', async (req) => {
    const type = registry.catalogue.sensorType(req.params.id);
    if (!type) throw new ServiceError('ES_NOT_FOUND', `sensor type ${req.params.id} not found`);
    return type;
  });
  app.get<{ Querystring: Record<string, string | undefined> }>('/sensorDrivers', async (req) => {
    const id = req.query['filter[id]'];
    if (id === undefined) return registry.catalogue.sensorDrivers;
    // The C SDK reads a single object when it filters by id.
    const driver = registry.catalogue.sensorDriver(id);
    if (!driver) throw new ServiceError('ES_NOT_FOUND', `sensor driver ${id} not found`);
    return driver;
  });
  app.get<{ Params: { id: string } }>('/gatewayModels/:id', async (req) => {
    const model = registry.catalogue.gatewayModel(req.params.id);
    if (!model) throw new ServiceError('ES_NOT_FOUND', `gateway model ${req.params.id} not found`);
    return model;
  });

  await app.register(gatewayPairRoutes, { ctx });
  await app.register(thingplusSetupRoutes, { ctx });
  await app.register(gatewayResourceRoutes, { ctx });
};

/**
 * Identity: headers `username: {gw}` + `apikey: {key}`, or only `gateway: {gw}` over plain HTTP for a
 * gateway whose legacy allowance is on, from its pinned address. Failures count per source address
 * (shared with MQTT); past the limit the address is refused with 429 before any check.
 */
async function authenticate(
  ctx: ApiContext,
  request: FastifyRequest<{ Params: { gw: string } }>,
): Promise<void> {
  const { gatewayLimit, metrics } = ctx;
  const ip = sourceIp(request.socket.remoteAddress);
  const gatewayId = request.params.gw;
  if (gatewayLimit.blocked(ip)) {
    metrics.recordError(
      { kind: 'auth.rateLimited', gatewayId, message: `too many failures from ${ip}` },
      false,
    );
    throw new ServiceError('ES_TOO_MANY_FAILURES', `too many failed gateway authentications from ${ip}`, {
      retryAfter: gatewayLimit.retryAfterSeconds(ip),
    });
  }
  try {
    checkIdentity(ctx, request, ip);
  } catch (err) {
    gatewayLimit.fail(ip);
    if (err instanceof ServiceError)
      metrics.recordError({ kind: `rest.${err.code}`, gatewayId, message: `${err.message} (from ${ip})` });
    throw err;
  }
}

function checkIdentity(
  ctx: ApiContext,
  request: FastifyRequest<{ Params: { gw: string } }>,
  ip: string,
): void {
  const { registry } = ctx;
  const gatewayId = request.params.gw;
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const username = header('username');
  const apikey = header('apikey');
  const gatewayHeader = header('gateway');
  const gateway = registry.getGateway(gatewayId);
  // 404 for an unknown gateway is what real gateways act on (they then drop their sensors)
  if (!gateway) throw new ServiceError('ES_NOT_FOUND', `gateway ${gatewayId} is not registered on this site`);
  if (apikey !== undefined) {
    if ((username ?? gatewayId) !== gatewayId || !registry.verifyApiKey(gatewayId, apikey)) {
      throw new ServiceError('ES_UNAUTHORIZED', 'username/apikey do not match this gateway');
    }
    return;
  }
  if (gatewayHeader === gatewayId && gateway.legacyPlainTcp && request.protocol === 'http') {
    if (registry.legacyAddressAllowed(gatewayId, ip)) return;
    const message = `gateway ${gatewayId}: the plain-HTTP allowance is pinned to ${gateway.legacyAddress ?? '?'}, refused from ${ip}`;
    ctx.timeline.add({
      type: 'gateway',
      node: [{ type: 'gateway', id: gatewayId }],
      severity: 'warning',
      message,
    });
    throw new ServiceError('ES_FORBIDDEN', message);
  }
  if (gatewayHeader !== undefined && gatewayHeader !== gatewayId) {
    throw new ServiceError('ES_FORBIDDEN', `gateway ${gatewayHeader} may not act for gateway ${gatewayId}`);
  }
  throw new ServiceError(
    'ES_UNAUTHORIZED',
    'send username + apikey headers (or gateway: {id} for a legacy plain-TCP gateway)',
  );
}

/** A gateway's own record, devices and sensors: every route authenticates the gateway first. */
const gatewayResourceRoutes: FastifyPluginAsync<RouteOptions> = async (scoped, { ctx }) => {
  const { registry } = ctx;
  scoped.addHook<{ Params: { gw: string } }>('preHandler', async (request) => authenticate(ctx, request));

  scoped.get<{ Params: { gw: string }; Querystring: { embed?: string; fields?: string } }>(
    '/gateways/:gw',
    async (req) => {
      const gateway = registry.requireGateway(req.params.gw);
      const model = registry.catalogue.gatewayModel(gateway.model);
      const embedSensors = (req.query.embed ?? '').split(',').includes('sensors');
      const body: Record<string, unknown> = {
        id: gateway.id,
        name: gateway.name,
        model: gateway.model,
        autoCreateDiscoverable: gateway.autoCreateDiscoverable,
        devices: gateway.devices,
        sensors: embedSensors ? registry.listSensors(gateway.id).map(sensorBody) : gateway.sensors,
        reportInterval: gateway.reportInterval,
        deviceModels: (model?.deviceModels ?? []).map((d) => ({ model: d.id })),
        ctime: gateway.ctime,
        mtime: gateway.mtime,
      };
      if (!req.query.fields) return body;
      const fields = new Set(req.query.fields.split(',').map((f) => f.trim()));
      fields.add('id');
      return Object.fromEntries(Object.entries(body).filter(([k]) => fields.has(k)));
    },
  );

  scoped.get<{ Params: { gw: string } }>('/gateways/:gw/devices', async (req) =>
    registry.listDevices(req.params.gw).map(deviceBody),
  );
  scoped.post<{
    Params: { gw: string };
    Body: { reqId?: string; id?: string; name?: string; model?: string };
  }>('/gateways/:gw/devices', async (req, reply) => {
    const body = req.body ?? {};
    const device = registry.createDevice(req.params.gw, {
      id: body.reqId ?? body.id ?? '',
      name: body.name,
      model: body.model ?? '',
    });
    return reply.status(201).send(deviceBody(device));
  });
  scoped.get<{ Params: { gw: string; id: string } }>('/gateways/:gw/devices/:id', async (req) =>
    deviceBody(registry.getDevice(req.params.gw, req.params.id)),
  );
  scoped.put<{ Params: { gw: string; id: string }; Body: { name?: string; model?: string } }>(
    '/gateways/:gw/devices/:id',
    async (req) => deviceBody(registry.updateDevice(req.params.gw, req.params.id, req.body ?? {})),
  );
  scoped.delete<{ Params: { gw: string; id: string } }>('/gateways/:gw/devices/:id', async (req, reply) => {
    registry.deleteDevice(req.params.gw, req.params.id);
    return reply.status(204).send();
  });

  scoped.get<{ Params: { gw: string } }>('/gateways/:gw/sensors', async (req) =>
    registry.listSensors(req.params.gw).map(sensorBody),
  );
  scoped.post<{ Params: { gw: string }; Body: Record<string, unknown> }>(
    '/gateways/:gw/sensors',
    async (req, reply) => {
      const body = req.body ?? {};
      const str = (k: string): string | undefined =>
        typeof body[k] === 'string' ? (body[k] as string) : undefined;
      const sensor = registry.createSensor(req.params.gw, {
        id: str('reqId') ?? str('id') ?? '',
        type: str('type') ?? '',
        name: str('name'),
        deviceId: str('deviceId') ?? null,
        category:
          str('category') === 'actuator' ? 'actuator' : str('category') === 'sensor' ? 'sensor' : undefined,
        model: str('model') ?? null,
        driverName: str('driverName') ?? null,
        network: str('network') ?? null,
        address: str('address') ?? null,
        options:
          typeof body.options === 'object' && body.options !== null
            ? (body.options as Record<string, unknown>)
            : {},
      });
      return reply.status(201).send(sensorBody(sensor));
    },
  );
  scoped.get<{ Params: { gw: string; id: string } }>('/gateways/:gw/sensors/:id', async (req) =>
    sensorBody(registry.getSensor(req.params.gw, req.params.id)),
  );
  scoped.put<{ Params: { gw: string; id: string }; Body: Record<string, unknown> }>(
    '/gateways/:gw/sensors/:id',
    async (req) => {
      const body = req.body ?? {};
      const patch: Partial<Sensor> = {};
      if (typeof body.name === 'string') patch.name = body.name;
      if (typeof body.options === 'object' && body.options !== null)
        patch.options = body.options as Record<string, unknown>;
      if (typeof body.address === 'string') patch.address = body.address;
      return sensorBody(registry.updateSensor(req.params.gw, req.params.id, patch));
    },
  );
  scoped.delete<{ Params: { gw: string; id: string } }>('/gateways/:gw/sensors/:id', async (req, reply) => {
    registry.deleteSensor(req.params.gw, req.params.id);
    return reply.status(204).send();
  });
};

function deviceBody(device: Device): Record<string, unknown> {
  return { id: device.id, name: device.name, model: device.model, ctime: device.ctime, mtime: device.mtime };
}

function sensorBody(sensor: Sensor): Record<string, unknown> {
  return {
    id: sensor.id,
    type: sensor.type,
    category: sensor.category,
    model: sensor.model,
    driverName: sensor.driverName,
    network: sensor.network,
    address: sensor.address,
    deviceId: sensor.deviceId,
    options: sensor.options,
    name: sensor.name,
    ctime: sensor.ctime,
    mtime: sensor.mtime,
  };
}
