import net from 'node:net';

/**
 * A small TCP proxy in front of one server. `cut('drop')` makes the link silently drop everything (like a
 * pulled cable: sockets stay open, nothing arrives); `cut('reset')` closes every connection and refuses new
 * ones. `restore()` forwards again (connections that were open while dropped are closed on restore).
 */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly pairs = new Set<{ a: net.Socket; b: net.Socket | null }>();
  private mode: 'open' | 'drop' | 'reset' = 'open';
  port = 0;

  constructor(
    private readonly targetPort: number,
    private readonly targetHost = '127.0.0.1',
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port || this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.mode === 'reset') {
      client.destroy();
      return;
    }
    const pair: { a: net.Socket; b: net.Socket | null } = { a: client, b: null };
    this.pairs.add(pair);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      pair.b?.destroy();
    };
    client.on('close', close);
    if (this.mode === 'drop') {
      client.on('data', () => undefined); // swallowed
      return;
    }
    this.connectUpstream(pair, close);
  }

  private connectUpstream(pair: { a: net.Socket; b: net.Socket | null }, close: () => void): void {
    const upstream = net.connect(this.targetPort, this.targetHost);
    pair.b = upstream;
    upstream.on('error', () => undefined);
    upstream.on('close', close);
    pair.a.on('data', (d) => {
      if (this.mode === 'open') upstream.write(d);
    });
    upstream.on('data', (d) => {
      if (this.mode === 'open') pair.a.write(d);
    });
  }

  cut(mode: 'drop' | 'reset' = 'drop'): void {
    this.mode = mode;
    if (mode === 'reset') for (const p of [...this.pairs]) p.a.destroy();
  }

  restore(): void {
    // bytes dropped mid-stream leave the protocol out of step: close those connections
    if (this.mode === 'drop') for (const p of [...this.pairs]) p.a.destroy();
    this.mode = 'open';
  }

  async close(): Promise<void> {
    for (const p of [...this.pairs]) p.a.destroy();
    if (this.server) await new Promise((r) => this.server!.close(r));
    this.server = null;
  }
}
