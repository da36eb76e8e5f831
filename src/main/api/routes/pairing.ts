import { Type } from '@sinclair/typebox';
import QRCode from 'qrcode';
import type { PairResponse, PairingCodeResponse } from '../../../shared/discovery.js';
import { ServiceError } from '../../errors.js';
import type { ApiContext } from '../context.js';
import type { RoutePlugin } from './schemas.js';

const PairRequest = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 32 }),
    id: Type.String({ minLength: 1, maxLength: 64 }),
    model: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  },
  { additionalProperties: false },
);

/** The REST port a gateway should use: the gateway-facing one, else the console's. */
export function restPort(ctx: ApiContext): number | null {
  const e = ctx.overview().endpoints;
  return e.gatewayHttpPort ?? e.httpPort;
}

/** Console: make a pairing code (tag `pairing`); its QR says the code and where to send it. */
export const pairingCodeRoutes: RoutePlugin = async (app, { ctx }) => {
  app.post(
    '/pairing-codes',
    {
      schema: {
        tags: ['pairing'],
        summary: 'A pairing code for a gateway, valid 10 minutes, once → {code, expiresAt, qr}',
      },
      config: { minRole: 'technician' },
    },
    async (_req, reply): Promise<PairingCodeResponse> => {
      const { code, expiresAt } = ctx.pairing.create();
      const hosts = ctx.overview().endpoints.lanAddresses.slice(0, 4).join(',');
      const qrText = `edgesite://pair?code=${code}&port=${restPort(ctx) ?? ''}&hosts=${hosts}`;
      const svg = await QRCode.toString(qrText, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      void reply.status(201);
      return {
        code,
        expiresAt,
        qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
        qrText,
      };
    },
  );
};

/**
 * Gateway REST: `POST /gateways/pair {code, id, model}` registers the gateway with the code the console
 * showed and answers its APIKEY and the site's addresses, once. Open (the code is the credential), with a
 * per-address attempt limit (429 ES_RATE_LIMITED, Retry-After).
 */
export const gatewayPairRoutes: RoutePlugin = async (app, { ctx }) => {
  app.post(
    '/gateways/pair',
    {
      schema: {
        summary: 'Pair with a code from the console → the APIKEY and the site addresses, once',
        body: PairRequest,
      },
      config: { public: true },
    },
    async (req, reply): Promise<PairResponse> => {
      const { code, id, model } = req.body;
      let registered;
      try {
        registered = ctx.pairing.redeem(code, req.ip, () =>
          ctx.registry.registerGateway({ id, model: model ?? '34' }),
        );
      } catch (err) {
        if (err instanceof ServiceError && err.code === 'ES_RATE_LIMITED') {
          const { retryAfter } = err.details as { retryAfter: number };
          void reply.header('retry-after', String(retryAfter));
        }
        throw err;
      }
      const { gateway, apiKey } = registered;
      ctx.timeline.add({
        type: 'gateway',
        node: [{ type: 'gateway', id: gateway.id }],
        severity: 'information',
        message: `Gateway ${gateway.id} registered (paired with a code from ${req.ip})`,
      });
      const e = ctx.overview().endpoints;
      const local = req.socket.localAddress?.replace(/^::ffff:/, '');
      void reply.status(201);
      return {
        id: gateway.id,
        apikey: apiKey,
        siteName: ctx.overview().site.name,
        hosts: [...new Set([...(local ? [local] : []), ...e.lanAddresses])],
        mqttPort: e.mqttPort,
        mqttsPort: e.mqttsPort,
        restPort: restPort(ctx),
      };
    },
  );
};
