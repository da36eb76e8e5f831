import { Type } from '@sinclair/typebox';
import type { DiscoveryScanResponse } from '../../../shared/api.js';
import type { DiscoveredSites, DiscoveryInterfaces } from '../../../shared/discovery.js';
import { badRequest } from '../../errors.js';
import type { RoutePlugin } from './schemas.js';

const ScanRequest = Type.Object(
  {
    interfaces: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 32 })),
    targets: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 64 })),
  },
  { additionalProperties: false },
);

/**
 * LAN discovery (tag `discovery`): probe for Thing+ gateways (protocol §8). "Add to this site" is the
 * existing `POST /registerGatewayKey` with the found id and model "34": one way to register a gateway.
 */
export const discoveryRoutes: RoutePlugin = async (app, { ctx }) => {
  app.post(
    '/discovery/scan',
    {
      schema: {
        tags: ['discovery'],
        summary:
          'Send the Thing+ probe (UDP 28282) to typed targets and as a broadcast; list the gateways that answer (≤ 3 s)',
        body: ScanRequest,
      },
      // fastify strips unknown fields; here a typo ("target") would leave an empty body, which means
      // "broadcast on every interface": refuse it instead
      preValidation: async (req) => {
        const body: unknown = req.body;
        if (typeof body !== 'object' || body === null) return;
        const unknown = Object.keys(body).find((key) => !(key in ScanRequest.properties));
        if (unknown !== undefined)
          throw badRequest(`body/${unknown}: unknown field (expected "interfaces" and/or "targets")`);
      },
    },
    async (req): Promise<DiscoveryScanResponse> => ctx.discovery.scan(req.body),
  );
  app.get(
    '/discovery/interfaces',
    {
      schema: {
        tags: ['discovery'],
        summary: 'The IPv4 LAN interfaces a scan may broadcast on, and whether broadcasting is allowed',
      },
      config: { minRole: 'technician' },
    },
    async (): Promise<DiscoveryInterfaces> => ctx.discovery.interfaces(),
  );
  app.get(
    '/discovery/sites',
    {
      schema: {
        tags: ['discovery'],
        summary: 'Other Edge Sites heard on the LAN over mDNS (_edge-site._tcp), and whether mDNS works here',
      },
    },
    async (): Promise<DiscoveredSites> => ctx.mdns.sites(),
  );
};
