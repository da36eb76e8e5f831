import type { TlsInfo } from '../../../shared/api.js';
import type { RoutePlugin } from './schemas.js';

/** Where the unchanged Thing+ gateway reads the CA it verifies the site against (its `caPaths`). */
const GATEWAY_CA_PATH = 'ssl/ca-cert.pem';

/**
 * The site certificate for technicians (tag `tls`): its fingerprint and names, the ports that serve it,
 * the gateway configuration to paste, and the certificate itself to copy to the gateway. Technician and
 * above: a viewer has no business configuring gateways.
 */
export const tlsRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    '/tls',
    {
      config: { minRole: 'technician' },
      schema: {
        tags: ['tls'],
        summary: 'The site certificate: fingerprint, names, ports, gateway configuration',
      },
    },
    async (): Promise<TlsInfo> => {
      const creds = await ctx.tls.get();
      const { endpoints } = ctx.overview();
      const host = endpoints.lanAddresses[0] ?? creds.names.find((n) => n !== 'localhost') ?? '127.0.0.1';
      const server = {
        APIKEY: '<APIKEY>',
        mqtt: { protocol: 'mqtts', host, port: endpoints.mqttsPort ?? 8883 },
        // the gateway drops this port when it has an APIKEY and calls https://host on 443
        service: { protocol: 'https', host, port: 443 },
      };
      return {
        fingerprint: creds.fingerprint,
        names: creds.names,
        notAfter: creds.notAfter,
        generated: creds.generated,
        ports: {
          mqtts: endpoints.mqttsPort,
          gatewayHttps: endpoints.gatewayHttpsPort,
          gatewayHttp: endpoints.gatewayHttpPort,
        },
        gatewayConfig: {
          host,
          snippet: `"Server": ${JSON.stringify(server, null, 2)}`,
          caPath: GATEWAY_CA_PATH,
        },
      };
    },
  );
  app.get(
    '/tls/gateway-ca.pem',
    {
      config: { minRole: 'technician' },
      schema: {
        tags: ['tls'],
        summary: "The site certificate as PEM, saved as the gateway's ssl/ca-cert.pem",
      },
    },
    async (_req, reply) => {
      const creds = await ctx.tls.get();
      return reply
        .header('content-disposition', 'attachment; filename="ca-cert.pem"')
        .type('application/x-pem-file')
        .send(creds.cert);
    },
  );
};
