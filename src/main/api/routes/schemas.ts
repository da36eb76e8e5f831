import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiContext } from '../context.js';

/** What server.ts passes to every route plugin (besides fastify's own `prefix`). */
export interface RouteOptions {
  ctx: ApiContext;
}

/** One resource's routes: an encapsulated fastify plugin, registered in server.ts. */
export type RoutePlugin = FastifyPluginAsyncTypebox<RouteOptions>;

/** `/gateways/:gw…` */
export const GatewayParams = Type.Object({ gw: Type.String() });
/** `/gateways/:gw/sensors/:sid…` */
export const SensorParams = Type.Object({ gw: Type.String(), sid: Type.String() });
/** numeric ids, e.g. `/rules/:id` */
export const IdParams = Type.Object({ id: Type.Integer() });
