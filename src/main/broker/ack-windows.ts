/**
 * When to commit at once instead of waiting out the commit queue's coalescing interval.
 *
 * A QoS 1 sender has a window of messages in flight ([MQTT-4.4.0-1]: unacknowledged PUBLISHes are
 * kept and resent); mqtt.js and the Thing+ gateway stop sending when it is full and send again as
 * soon as a PUBACK frees a slot. Holding PUBACK until the commit (publish.ts) therefore makes such a
 * sender's rate window ÷ (commit delay): the 15 ms coalescing delay alone capped 20 gateways with a
 * window of 4 at ≈ 4 000 messages/s while the disk committed in 5 ms. The delay is there to gather
 * messages into fewer commits (each rewrites at least one page); it gathers nothing once every sender
 * that is waiting for acknowledgements has its whole window queued.
 *
 * So each value message's sender is tracked: its window is the most it ever had in flight, and it is
 * "eager" when its message came right after a PUBACK (it was waiting on us). When every eager sender
 * has its full window queued, and none was acknowledged a moment ago without having sent again,
 * `published` answers true and the caller hurries the commit. Senders on their own schedule (a
 * gateway reporting every minute) are never eager, so a site of such gateways keeps the coalescing
 * delay and its bytes written per value.
 */

/** a message within this long after a PUBACK was sent by a sender waiting for it (loopback ~0.1 ms; LAN a few ms) */
const EAGER_MS = 5;

interface Sender {
  inFlight: number;
  /** the most messages this sender ever had in flight */
  window: number;
  eager: boolean;
  lastAckAt: number;
  lastSendAt: number;
}

export class AckWindows {
  private readonly senders = new WeakMap<object, Sender>();
  /** eager senders with some but not all of their window in flight: waiting could still gather theirs */
  private partial = 0;
  /** eager senders whose whole window is in flight */
  private full = 0;
  /** senders acknowledged to zero in flight, by ack time: eager ones are about to send again */
  private readonly returning = new Map<Sender, number>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A value message from `client` is about to be queued; true: commit it without waiting. */
  published(client: object): boolean {
    const now = this.now();
    let s = this.senders.get(client);
    if (!s) {
      s = { inFlight: 0, window: 0, eager: false, lastAckAt: -Infinity, lastSendAt: -Infinity };
      this.senders.set(client, s);
    }
    this.leave(s);
    this.returning.delete(s);
    if (s.lastAckAt > s.lastSendAt) s.eager = now - s.lastAckAt <= EAGER_MS;
    s.lastSendAt = now;
    s.inFlight++;
    if (s.inFlight > s.window) s.window = s.inFlight;
    this.enter(s);
    return this.nothingToWaitFor(now);
  }

  /** The message's PUBACK is being sent (or it was refused). */
  acked(client: object): void {
    const s = this.senders.get(client);
    if (!s || s.inFlight === 0) return;
    this.leave(s);
    s.inFlight--;
    s.lastAckAt = this.now();
    this.enter(s);
    // any sender may turn out to be eager (its first resend tells): give it EAGER_MS to show it
    if (s.inFlight === 0) this.returning.set(s, s.lastAckAt);
  }

  /** The client disconnected: it will send nothing more on this session. */
  forget(client: object): void {
    const s = this.senders.get(client);
    if (!s) return;
    this.leave(s);
    this.returning.delete(s);
    this.senders.delete(client);
  }

  private nothingToWaitFor(now: number): boolean {
    // Map iteration is in insertion order and an ack re-inserts, so the oldest come first
    for (const [s, at] of this.returning) {
      if (now - at <= EAGER_MS) return false;
      // it did not send again within EAGER_MS: no longer counted as waiting on us
      this.returning.delete(s);
      s.eager = false;
    }
    return this.partial === 0 && this.full > 0;
  }

  private leave(s: Sender): void {
    if (!s.eager || s.inFlight === 0) return;
    if (s.inFlight >= s.window) this.full--;
    else this.partial--;
  }

  private enter(s: Sender): void {
    if (!s.eager || s.inFlight === 0) return;
    if (s.inFlight >= s.window) this.full++;
    else this.partial++;
  }
}
