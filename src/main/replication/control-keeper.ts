import type { Logger } from '../logger/logger.js';
import type { SqliteDatabase } from '../storage/index.js';
import type { JetStreamControlLog } from './control-log.js';
import { encodeSnapshot, holdsSiteState, takeSnapshot } from './control-snapshot.js';
import type { ControlWriter } from './control-writer.js';

/** what every node tells the others each second (core NATS, not persisted) */
interface PositionReport {
  node: string;
  /** the control position site.db reached (before a lost tail, if the log lost one) */
  held: number;
  master: boolean;
  /** its log lost records it holds: it waits for a snapshot */
  lost: boolean;
  at: number;
}

const REPORT_EVERY_MS = 1000;
/** a node silent this long is not live: its position does not count */
const LIVE_MS = 5000;
/** reports heard for this long before deciding: every live node has said where it is */
const LISTEN_MS = 2500;

/**
 * Who writes a snapshot of the control state (control-snapshot.ts), and when:
 * - the log lost its tail (its end is before some node's position): the live node that holds the
 *   highest position writes its state, the master among equals, else the first by name; nodes that
 *   held more but are down are not waited for (their site.db is kept as a backup when they apply it);
 * - the log is empty and the master holds a site of its own (an existing single-node site turned into
 *   a cluster): the master seeds the log with its state.
 * Positions come from each node's report on the control log's servers, once a second.
 */
export class SnapshotKeeper {
  private readonly reports = new Map<string, PositionReport>();
  private lastWritten = 0;
  private timer: NodeJS.Timeout | null = null;
  private listeningSince = 0;
  private busy = false;
  written = 0;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly log: JetStreamControlLog,
    private readonly writer: ControlWriter,
    private readonly node: string,
    private readonly isMaster: () => boolean,
    private readonly logger: Logger,
    private readonly onWritten: (seq: number, why: 'lost-tail' | 'seed') => void,
    private readonly onGap: () => void,
  ) {}

  /** after the log is open */
  start(): void {
    this.log.subscribeCore((data) => {
      const r = data as PositionReport;
      if (typeof r?.node === 'string' && typeof r.held === 'number') this.reports.set(r.node, r);
    });
    this.listeningSince = Date.now();
    this.timer = setInterval(() => void this.tick(), REPORT_EVERY_MS);
    this.timer.unref();
    void this.tick();
  }

  private held(): number {
    return this.writer.lostTail?.held ?? this.writer.position;
  }

  private async tick(): Promise<void> {
    const report: PositionReport = {
      node: this.node,
      held: this.held(),
      master: this.isMaster(),
      lost: this.writer.lostTail !== null,
      at: Date.now(),
    };
    this.reports.set(this.node, report);
    this.log.publishCore(this.node, report);
    if (this.busy || Date.now() - this.listeningSince < LISTEN_MS || !this.writer.idle) return;
    this.busy = true;
    try {
      const why = await this.needed();
      if (why && this.chosen(why)) await this.write(why);
    } catch (err) {
      this.logger.warn({ err }, 'writing a control snapshot failed; trying again');
    } finally {
      this.busy = false;
    }
  }

  private async needed(): Promise<'lost-tail' | 'seed' | null> {
    const info = await this.log.info();
    if (info.state.last_seq < this.writer.position) {
      // a consumer waiting past the stream's end would wait for ever: the applier reconciles first
      this.onGap();
      return null;
    }
    // one snapshot per gap: the others' reports say they applied it within a second or two
    if (Date.now() - this.lastWritten < LIVE_MS) return null;
    if (this.writer.lostTail) return 'lost-tail';
    // a node that came back into another history waits too: the highest live node writes its state
    if (this.live().some((r) => r.lost)) return 'lost-tail';
    if (info.state.last_seq === 0 && this.writer.position === 0 && this.isMaster() && holdsSiteState(this.db))
      return 'seed';
    return null;
  }

  /** this node writes it: the highest live position, the master among equals, else the first by name */
  private chosen(why: 'lost-tail' | 'seed'): boolean {
    if (why === 'seed') return true;
    const live = this.live();
    const best = Math.max(...live.map((r) => r.held));
    const top = live.filter((r) => r.held === best);
    const winner = top.find((r) => r.master) ?? top.sort((a, b) => a.node.localeCompare(b.node))[0];
    if (winner?.node !== this.node) {
      this.logger.info(
        { by: winner?.node, held: best },
        'the control log lost its tail: another node writes the snapshot',
      );
      return false;
    }
    return true;
  }

  private live(): PositionReport[] {
    const now = Date.now();
    return [...this.reports.values()].filter((r) => now - r.at < LIVE_MS);
  }

  private async write(why: 'lost-tail' | 'seed'): Promise<void> {
    const lastSeq = this.writer.position;
    const snapshot = encodeSnapshot(takeSnapshot(this.db));
    if (snapshot.length + 1024 > this.log.maxPayload)
      throw new Error(
        `the control snapshot (${snapshot.length} bytes) is larger than the servers' max_payload (${this.log.maxPayload}): raise max_payload in nats-server.conf`,
      );
    const at = Date.now();
    const seq = await this.log.append({ origin: this.node, at, statements: [], snapshot }, lastSeq);
    this.written++;
    this.lastWritten = Date.now();
    this.writer.adoptOwnSnapshot(seq, at);
    this.logger.warn(
      { seq, why, bytes: snapshot.length },
      'wrote a snapshot of the control state into the control log',
    );
    this.onWritten(seq, why);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
