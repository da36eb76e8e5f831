import type { Registry } from '../registry/index.js';
import type { GatewayRefusal } from '../../shared/model.js';
import { isValidGatewayId } from './thingplus/index.js';

/** CONNACK return codes of MQTT 3.1.1 §3.2.2.3 (3.1 uses the same values). */
export const CONNACK = {
  IDENTIFIER_REJECTED: 2,
  /** [MQTT-3.2.2-5] the network connection is up but the MQTT service is not: a standby, a master catching up */
  SERVER_UNAVAILABLE: 3,
  BAD_USERNAME_OR_PASSWORD: 4,
  NOT_AUTHORIZED: 5,
} as const;

export type AuthDecision =
  | { ok: true; legacyAnonymous: boolean }
  | { ok: false; returnCode: number; kind: string; message: string; pending?: boolean };

/** A refusal of a registered gateway, as the broker reports it (the console shows why it waits). */
export interface BrokerRefusal {
  kind: GatewayRefusal['kind'];
  message: string;
  address: string;
  secure: boolean;
}

const GATEWAY_REFUSALS: ReadonlySet<string> = new Set<GatewayRefusal['kind']>([
  'auth.badCredentials',
  'auth.credentialsRequired',
  'auth.legacyAddress',
  'auth.legacyTakeover',
]);

/** Refusals of a gateway that is registered here (not an unknown or malformed client id). */
export function isGatewayRefusal(kind: string): kind is GatewayRefusal['kind'] {
  return GATEWAY_REFUSALS.has(kind);
}

/**
 * The credential policy (protocol §1): clientId = gateway id; username = gateway id, password = APIKEY.
 * The unchanged Thing+ Node gateway sends no credentials over plain TCP, so a *registered* gateway whose
 * "legacy plain-TCP" allowance is on may connect anonymously over plain TCP; every such connection is
 * marked. Unknown ids are refused and parked as pending for the technician to accept.
 */
export function decideConnect(
  registry: Registry,
  request: {
    clientId: string;
    username?: string;
    password?: Buffer;
    secure: boolean;
    /** the source IP */
    ip: string;
    /** the source IP of the gateway's live session, if one is connected */
    liveIp?: string;
  },
): AuthDecision {
  const { clientId, username, password, secure, ip, liveIp } = request;
  if (!isValidGatewayId(clientId)) {
    return {
      ok: false,
      returnCode: CONNACK.IDENTIFIER_REJECTED,
      kind: 'auth.badClientId',
      message: `client id "${clientId}" is not a gateway id`,
    };
  }
  const gateway = registry.getGateway(clientId);
  if (!gateway) {
    return {
      ok: false,
      returnCode: CONNACK.NOT_AUTHORIZED,
      kind: 'auth.unknownGateway',
      message: `gateway ${clientId} is not registered on this site (parked as pending)`,
      pending: true,
    };
  }
  const hasCredentials =
    (username !== undefined && username !== '') || (password !== undefined && password.length > 0);
  if (hasCredentials) {
    // [MQTT-3.1.2-19] a password without a username is a protocol error in 3.1.1; refuse it as bad credentials.
    if (username !== clientId || !password || !registry.verifyApiKey(clientId, password.toString('utf8'))) {
      return {
        ok: false,
        returnCode: CONNACK.BAD_USERNAME_OR_PASSWORD,
        kind: 'auth.badCredentials',
        message: `gateway ${clientId}: username must be the gateway id and password its APIKEY`,
      };
    }
    return { ok: true, legacyAnonymous: false };
  }
  if (!secure && gateway.legacyPlainTcp) return decideLegacy(registry, clientId, ip, liveIp);
  return {
    ok: false,
    returnCode: CONNACK.NOT_AUTHORIZED,
    kind: 'auth.credentialsRequired',
    message: `gateway ${clientId} sent no credentials and its legacy plain-TCP allowance is off`,
  };
}

/** The no-credentials allowance holds only from its pinned address, and never takes over a session elsewhere. */
function decideLegacy(registry: Registry, clientId: string, ip: string, liveIp?: string): AuthDecision {
  if (liveIp !== undefined && liveIp !== ip) {
    return {
      ok: false,
      returnCode: CONNACK.NOT_AUTHORIZED,
      kind: 'auth.legacyTakeover',
      message: `gateway ${clientId} is connected from ${liveIp}; a client without credentials from ${ip} may not take over its session`,
    };
  }
  if (!registry.legacyAddressAllowed(clientId, ip)) {
    return {
      ok: false,
      returnCode: CONNACK.NOT_AUTHORIZED,
      kind: 'auth.legacyAddress',
      message: `gateway ${clientId}: the plain-TCP allowance is pinned to ${registry.getGateway(clientId)?.legacyAddress ?? '?'}, refused from ${ip}`,
    };
  }
  return { ok: true, legacyAnonymous: true };
}
