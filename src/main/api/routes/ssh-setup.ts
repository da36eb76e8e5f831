import { Type } from '@sinclair/typebox';
import type { SshSetupGatewayResult, SshSetupRequest } from '../../../shared/api.js';
import { hostOfAddress } from '../../broker/failure-limit.js';
import type { ApiContext } from '../context.js';
import type { RoutePlugin } from './schemas.js';
import { siteSetupScript } from './thingplus-setup.js';

const SshSetupBody = Type.Object(
  {
    gateways: Type.Array(
      Type.Object(
        {
          id: Type.String({ minLength: 1, maxLength: 64 }),
          name: Type.Optional(Type.String({ maxLength: 100 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 32 },
    ),
    username: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }),
    password: Type.String({ maxLength: 256, writeOnly: true }),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  },
  { additionalProperties: false },
);

/** gateways set up at once: SSH logins and restarts overlap, a whole hall still finishes in seconds */
const PARALLEL = 4;

/**
 * Discovery (tag `discovery`): `POST /discovery/ssh-setup`, the found gateways pointed at this site in one
 * go (README "Finding gateways on the LAN"). Only to addresses a scan of the last 30 minutes heard a
 * Thing+ Gateway answer from, so the site cannot be made to log in anywhere else.
 */
export const sshSetupRoutes: RoutePlugin = async (app, { ctx }) => {
  app.post(
    '/discovery/ssh-setup',
    {
      schema: {
        tags: ['discovery'],
        summary:
          'Register found gateways and point them at this site over SSH with one login (not stored) → per gateway: ok, output, host key',
        body: SshSetupBody,
      },
      config: { minRole: 'technician' },
    },
    async (req): Promise<{ data: SshSetupGatewayResult[] }> => {
      const body = req.body as SshSetupRequest;
      const by = req.principal?.name ?? 'someone';
      const results: SshSetupGatewayResult[] = [];
      for (let i = 0; i < body.gateways.length; i += PARALLEL)
        results.push(
          ...(await Promise.all(body.gateways.slice(i, i + PARALLEL).map((g) => setUpOne(ctx, body, g, by)))),
        );
      return { data: results };
    },
  );
};

async function setUpOne(
  ctx: ApiContext,
  body: SshSetupRequest,
  g: { id: string; name?: string },
  by: string,
): Promise<SshSetupGatewayResult> {
  const { registry, timeline } = ctx;
  const found = ctx.discovery.foundRecently(g.id);
  const name = g.name?.trim() || found?.name || g.id;
  const base = { id: g.id, name, address: found?.address ?? null, output: '', hostKey: null };
  if (!found)
    return {
      ...base,
      ok: false,
      failure: 'notFound',
      message: 'not found by a scan of the last 30 minutes: scan again',
    };
  let registeredHere = false;
  const current = registry.getGateway(g.id);
  if (current) {
    // a retry of this same setup is fine; a gateway registered another way keeps what it has
    if (!current.legacyPlainTcp || current.legacyAddress !== found.address)
      return {
        ...base,
        name: current.name,
        ok: false,
        failure: 'registeredElsewhere',
        message: 'already registered on this site: set it up from its page',
      };
    if (g.name?.trim() && g.name.trim() !== current.name)
      registry.updateGateway(g.id, { name: g.name.trim() });
  } else {
    // before the login: the script restarts the gateway, whose first connect must find it registered
    // (refused, the Thing+ Gateway waits a minute before it tries again)
    registry.registerGateway({
      id: g.id,
      model: '34',
      name,
      legacyPlainTcp: true,
      legacyAddress: found.address,
    });
    registeredHere = true;
  }
  // it may have knocked (and been counted as failing) before: let its next connect in at once
  ctx.gatewayLimit.forgive(hostOfAddress(found.address));
  // ssh2 (its ciphers and key exchange) is loaded the first time it is used, not with every site
  const { runSetupOverSsh } = await import('../../pairing/ssh-setup.js');
  const result = await runSetupOverSsh(
    { address: found.address, port: body.port ?? 22, username: body.username, password: body.password },
    (siteAddress) => siteSetupScript(ctx, siteAddress),
  );
  // its name here (a retry without a new name keeps the one it was given)
  const named = registry.getGateway(g.id)?.name ?? name;
  // not pointed here: it is not left registered by a setup that did not happen
  if (!result.ok && registeredHere) registry.deleteGateway(g.id);
  const where = `${body.username}@${found.address}`;
  timeline.add({
    type: 'gateway',
    node: [{ type: 'gateway', id: g.id }],
    severity: result.ok ? 'information' : 'warning',
    message: result.ok
      ? `Gateway ${named} pointed at this site over SSH as ${where} by ${by} (host key ${result.hostKey})`
      : `Gateway ${named} could not be pointed at this site over SSH as ${where}: ${result.message}`,
  });
  return {
    ...base,
    name: named,
    ok: result.ok,
    output: result.output,
    hostKey: result.hostKey,
    ...(result.failure ? { failure: result.failure, message: result.message } : {}),
  };
}
