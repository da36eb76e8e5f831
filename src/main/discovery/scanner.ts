import { createSocket, type Socket } from 'node:dgram';
import type { DiscoveryProblem, DiscoveryScanResponse } from '../../shared/api.js';
import { ServiceError } from '../errors.js';
import type { Logger } from '../logger/logger.js';
import type { DiscoveryInterfaces } from '../../shared/discovery.js';
import {
  THINGPLUS_DISCOVERY_PORT,
  WIDEST_PREFIX,
  listIpv4Interfaces,
  planScan,
  type Ipv4Interface,
  type PlanInput,
  type Probe,
  type ProbePlan,
} from './plan.js';
import { MAX_PROBLEMS, ReplyCollector } from './replies.js';

/** The exact text a Thing+ gateway answers (protocol §8: any other datagram is ignored). */
export const PROBE = Buffer.from('Thing+?', 'ascii');
/** Above this the probes themselves would flood a factory LAN (and its gateways' small UDP buffers). */
export const MAX_PROBES_PER_SECOND = 2000;
/** Probes go out in the first part of the window, so the last ones still have time to be answered. */
const SENDING_SHARE = 0.8;

export interface DiscoveryOptions {
  /** the UDP port gateways answer on (28282; tests use their own) */
  port?: number;
  /** how long a scan listens for replies, ms (the API answers within 3 s) */
  windowMs?: number;
  probesPerSecond?: number;
  /** false: never broadcast, only typed targets (default true) */
  broadcast?: boolean;
  /** datagrams one scan reads; the rest are counted as `flood` */
  maxReplies?: number;
  isRegistered: (gatewayId: string) => boolean;
  logger?: Logger;
  /** the interfaces to broadcast on; default: the host's IPv4 LAN interfaces */
  listInterfaces?: () => Ipv4Interface[];
  /** called before each datagram is sent; throwing refuses it (tests: loopback only) */
  guard?: (probe: Probe) => void;
}

const FOUND_TTL_MS = 30 * 60_000;

/**
 * Finds Thing+ gateways on the LAN (protocol §8): sends `Thing+?` to typed targets and as a broadcast on
 * the chosen interfaces, at a bounded rate, and lists the replies for one listening window. One scan runs
 * at a time, so two consoles cannot double the rate.
 */
export class DiscoveryScanner {
  readonly port: number;
  readonly windowMs: number;
  readonly probesPerSecond: number;
  readonly maxReplies: number;
  private running = false;
  /** who answered the scans of the last FOUND_TTL_MS: a setup over SSH goes only to those addresses */
  private readonly found = new Map<string, { address: string; name: string; at: number }>();

  constructor(private readonly options: DiscoveryOptions) {
    this.port = options.port ?? THINGPLUS_DISCOVERY_PORT;
    this.windowMs = options.windowMs ?? 2500;
    this.probesPerSecond = options.probesPerSecond ?? 1000;
    this.maxReplies = options.maxReplies ?? 1024;
    if (!(this.probesPerSecond >= 1 && this.probesPerSecond <= MAX_PROBES_PER_SECOND)) {
      throw new RangeError(
        `discovery probesPerSecond ${this.probesPerSecond} would flood the LAN: use 1…${MAX_PROBES_PER_SECOND}`,
      );
    }
  }

  /** What the console offers to broadcast on, and whether it may. */
  interfaces(): DiscoveryInterfaces {
    return {
      broadcast: this.options.broadcast ?? true,
      port: this.port,
      widestPrefix: WIDEST_PREFIX,
      data: (this.options.listInterfaces ?? listIpv4Interfaces)(),
    };
  }

  /** Where a gateway answered a scan of the last 30 minutes, or undefined. */
  foundRecently(id: string): { address: string; name: string } | undefined {
    const f = this.found.get(id);
    if (f && Date.now() - f.at <= FOUND_TTL_MS) return f;
    this.found.delete(id);
    return undefined;
  }

  /** The most probes one scan sends: what the rate allows in the sending part of the window. */
  get maxProbes(): number {
    return Math.max(1, Math.floor((this.probesPerSecond * this.windowMs * SENDING_SHARE) / 1000));
  }

  /** Plans (ES_BAD_REQUEST for bad input), sends, listens for windowMs, and lists what answered. */
  async scan(input: PlanInput): Promise<DiscoveryScanResponse> {
    const plan = planScan(input, {
      port: this.port,
      maxProbes: this.maxProbes,
      probesPerSecond: this.probesPerSecond,
      broadcast: this.options.broadcast ?? true,
      listInterfaces: this.options.listInterfaces,
    });
    if (this.running) {
      throw new ServiceError('ES_CONFLICT', 'a discovery scan is already running: retry in 3 s');
    }
    this.running = true;
    try {
      return await this.run(plan);
    } finally {
      this.running = false;
    }
  }

  private async run(plan: ProbePlan): Promise<DiscoveryScanResponse> {
    const started = Date.now();
    const collector = new ReplyCollector(plan, this.maxReplies);
    const socket = createSocket({ type: 'udp4' });
    socket.on('message', (message, rinfo) => collector.accept(message, rinfo.address, rinfo.port));
    // a socket error must end nothing but this scan's reading: it is logged and the window runs out
    socket.on('error', (err) => this.options.logger?.warn({ err }, 'discovery socket error'));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    if (plan.hasBroadcast) socket.setBroadcast(true);
    const sender = new ProbeSender(socket, this.probesPerSecond, this.options.guard);
    try {
      const deadline = started + this.windowMs;
      await sender.sendAll(plan.probes, deadline);
      await sleep(deadline - Date.now());
    } finally {
      sender.stop();
      socket.close();
    }
    const problems = [...sender.problems, ...collector.problems].slice(0, MAX_PROBLEMS);
    const data = collector.replies
      .map((reply) => ({ ...reply, registered: this.options.isRegistered(reply.id) }))
      // by id whatever its case, in code-point order (a locale's order would differ between PCs)
      .sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1));
    const now = Date.now();
    for (const [id, f] of this.found) if (now - f.at > FOUND_TTL_MS) this.found.delete(id);
    for (const g of data) this.found.set(g.id, { address: g.address, name: g.name, at: now });
    this.options.logger?.info(
      { found: data.length, probes: sender.sent, rejected: collector.rejected },
      'discovery scan done',
    );
    return {
      data,
      rejected: collector.rejected,
      problems,
      probes: { sent: sender.sent, failed: sender.failed },
      durationMs: Date.now() - started,
    };
  }
}

/** Sends probes no faster than the rate: probe i leaves at start + i/rate, never in a burst. */
class ProbeSender {
  sent = 0;
  failed = 0;
  readonly problems: DiscoveryProblem[] = [];
  private stopped = false;

  constructor(
    private readonly socket: Socket,
    private readonly perSecond: number,
    private readonly guard?: (probe: Probe) => void,
  ) {}

  async sendAll(probes: readonly Probe[], deadline: number): Promise<void> {
    const start = Date.now();
    for (let i = 0; i < probes.length && !this.stopped; i++) {
      const due = start + (i * 1000) / this.perSecond;
      if (due > deadline) break;
      if (due > Date.now()) await sleep(due - Date.now());
      this.send(probes[i]!);
    }
  }

  stop(): void {
    this.stopped = true;
  }

  private send(probe: Probe): void {
    if (this.stopped) return;
    this.guard?.(probe);
    this.socket.send(PROBE, probe.port, probe.address, (err) => {
      if (!err) {
        this.sent++;
        return;
      }
      // one unreachable host or interface must not end the scan of the others
      this.failed++;
      if (this.problems.length < 10) {
        this.problems.push({
          kind: 'sendFailed',
          from: `${probe.address}:${probe.port}`,
          message: `probe not sent: ${err.message}`,
        });
      }
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
