import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logger/logger.js';

/** the address of the client a standby passes a write for (trusted only from a cluster peer) */
export const CLIENT_HEADER = 'x-edge-client';
/** set on a request a standby passes to the master: it is never passed on again */
export const FORWARDED_HEADER = 'x-edge-forwarded-by';

const LOOPBACK = ['127.0.0.1', '::1'];
const bare = (address: string): string => address.replace(/^::ffff:/i, '');

/**
 * Whether `address` is the cluster node `node` (not this one): its published host resolved, or loopback
 * when that host is this machine (tests, a witness PC running two nodes, as masterUrl reaches it).
 * The peer list is the election's (ZooKeeper); a TCP peer address cannot be forged on the LAN.
 */
export async function isPeerAddress(
  peers: ReadonlyArray<{ node: string; host: string }>,
  self: string,
  node: string,
  address: string,
): Promise<boolean> {
  const peer = peers.find((n) => n.node === node && n.node !== self);
  if (!peer) return false;
  const from = bare(address);
  if (peer.host === hostname() && LOOPBACK.includes(from)) return true;
  if (isIP(peer.host)) return bare(peer.host) === from;
  try {
    return (await lookup(peer.host, { all: true })).some((a) => bare(a.address) === from);
  } catch {
    return false;
  }
}

/**
 * A write a standby passed on is the client's, not the standby's: sign-in limits and the audit trail
 * use the client's address. The header is believed only on a request from the peer it names; otherwise
 * it is dropped (counted by `refused`), and the request stands for the address it came from.
 */
export function installForwardedClient(
  app: FastifyInstance,
  isPeer: (node: string, address: string) => Promise<boolean>,
  refused: (message: string) => void,
  logger: Logger,
): void {
  app.addHook('onRequest', async (req) => {
    const client = req.headers[CLIENT_HEADER];
    if (client === undefined) return;
    delete req.headers[CLIENT_HEADER];
    const by = req.headers[FORWARDED_HEADER];
    const from = req.socket.remoteAddress ?? '';
    if (typeof client === 'string' && isIP(client) && typeof by === 'string' && (await isPeer(by, from))) {
      Object.defineProperty(req, 'ip', { value: client, configurable: true, enumerable: true });
      return;
    }
    const message = `a client address from ${from} (${String(by)}) ignored: not a cluster peer`;
    logger.warn({ from, by, client }, message);
    refused(message);
  });
}
