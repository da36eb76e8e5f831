import { THINGPLUS_SETUP_PATH } from '../../../shared/api.js';
import { scriptHost, thingplusSetupScript } from '../../pairing/setup-script.js';
import type { ApiContext } from '../context.js';
import { restPort } from './pairing.js';
import type { RoutePlugin } from './schemas.js';

/**
 * The setup script for a gateway that reached this site as `host` (a Host header, or the address its SSH
 * connection arrived on); a host that is not a plain name or address falls back to the first LAN address.
 */
export function siteSetupScript(ctx: ApiContext, host: string | undefined): string {
  const e = ctx.overview().endpoints;
  return thingplusSetupScript({
    host: scriptHost(host) ?? e.lanAddresses[0] ?? '127.0.0.1',
    mqttPort: e.mqttPort,
    restPort: restPort(ctx),
    siteVersion: ctx.health().version,
  });
}

/**
 * Gateway REST: `GET /thingplus-setup.sh`, the script a technician pipes to `sh` on a Thing+ Gateway to
 * point it at this site (pairing/setup-script.ts). Open like the catalogue: it holds only the addresses a
 * gateway on the LAN reaches anyway, no key. The host written into it is the one the gateway fetched it
 * from, which it has just shown it can reach; a Host header that is not a plain name or address falls
 * back to the site's first LAN address. Always 200 with a script, also when the site cannot serve a plain
 * gateway: `curl -f` would swallow an error status, and the technician must read why.
 */
export const thingplusSetupRoutes: RoutePlugin = async (app, { ctx }) => {
  app.get(
    THINGPLUS_SETUP_PATH,
    {
      schema: { summary: 'A shell script that points a Thing+ Gateway (Node.js) at this site' },
      config: { public: true },
    },
    async (req, reply) => {
      req.log.info({ from: req.ip, host: req.hostname }, 'Thing+ Gateway setup script fetched');
      return reply
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send(siteSetupScript(ctx, req.hostname));
    },
  );
};
