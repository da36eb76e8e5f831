import { Bonjour, type Browser, type Service } from 'bonjour-service';
import type { DiscoveredSite, DiscoveredSites } from '../../shared/discovery.js';
import type { Logger } from '../logger/logger.js';

/** DNS-SD service types: the site itself, and its broker for generic MQTT tools. */
export const SITE_SERVICE = 'edge-site';
export const MQTT_SERVICE = 'mqtt';

/** What this site says about itself. */
export interface SiteAdvert {
  siteName: string;
  node: string;
  version: string;
  httpPort: number | null;
  gatewayHttpPort: number | null;
  mqttPort: number | null;
}

export interface MdnsOptions {
  enabled: boolean;
  /** the IPv4 address of the interface to use (multicast-dns `interface`); default: every interface */
  interface?: string;
  logger?: Logger;
}

type BonjourOptions = ConstructorParameters<typeof Bonjour>[0];

/** Where multicast-dns reports socket failures; bonjour-service does not listen to them itself. */
interface MdnsSocket {
  on(event: 'error' | 'warning', listener: (err: Error) => void): void;
  query(
    query: { questions: Array<{ name: string; type: string }> },
    callback: (err: Error | null) => void,
  ): void;
}

/**
 * Advertises this site over mDNS/DNS-SD (`_edge-site._tcp` with site name, node and ports in TXT, and
 * `_mqtt._tcp`) and lists the other sites it hears. Multicast may be missing (no LAN, a firewall, a VPN):
 * that is counted and shown, never thrown, so the site runs on without it.
 */
export class SiteMdns {
  private bonjour: Bonjour | null = null;
  private browser: Browser | null = null;
  private advertising = false;
  private errors = 0;
  private lastError: string | null = null;
  private self: SiteAdvert | null = null;
  private socket: MdnsSocket | null = null;
  /** the last query could be sent: bonjour-service announces without looking at send errors */
  private sendable = false;

  constructor(private readonly options: MdnsOptions) {}

  start(advert: SiteAdvert): void {
    if (!this.options.enabled || this.bonjour) return;
    this.self = advert;
    try {
      const bonjour = new Bonjour(
        // passed on to multicast-dns, whose options bonjour-service's types do not list
        (this.options.interface ? { interface: this.options.interface } : {}) as BonjourOptions,
        (err: unknown) => this.fail(err),
      );
      this.bonjour = bonjour;
      const socket = (bonjour as unknown as { server: { mdns: MdnsSocket } }).server.mdns;
      socket.on('error', (err) => this.fail(err));
      socket.on('warning', (err) => this.fail(err));
      this.socket = socket;
      const name = `${advert.siteName} (${advert.node})`;
      if (advert.httpPort !== null || advert.gatewayHttpPort !== null) {
        const service = bonjour.publish({
          name,
          type: SITE_SERVICE,
          port: advert.gatewayHttpPort ?? advert.httpPort ?? 0,
          txt: txtOf(advert),
          disableIPv6: false,
        });
        service.on('error', (err: unknown) => this.fail(err));
        service.on('up', () => {
          this.advertising = true;
        });
      }
      if (advert.mqttPort !== null) {
        const mqtt = bonjour.publish({ name, type: MQTT_SERVICE, port: advert.mqttPort, txt: txtOf(advert) });
        mqtt.on('error', (err: unknown) => this.fail(err));
      }
      this.browser = bonjour.find({ type: SITE_SERVICE });
      this.ask();
    } catch (err) {
      this.fail(err);
    }
  }

  /** Asks the LAN for sites once more; a failed send is how a missing multicast route shows. */
  private ask(): void {
    this.socket?.query({ questions: [{ name: `_${SITE_SERVICE}._tcp.local`, type: 'PTR' }] }, (err) => {
      this.sendable = !err;
      if (err) this.fail(err);
    });
  }

  /** The other sites heard on the LAN (this one left out), by name; asks again for the next call. */
  sites(): DiscoveredSites {
    if (this.bonjour) this.ask();
    const data = (this.browser?.services ?? [])
      .map(siteOf)
      .filter((s): s is DiscoveredSite => s !== null)
      .filter((s) => !(s.node === this.self?.node && s.name === this.self.siteName))
      .sort((a, b) => (a.name === b.name ? (a.node < b.node ? -1 : 1) : a.name < b.name ? -1 : 1));
    return {
      enabled: this.options.enabled,
      advertising: this.advertising && this.sendable,
      errors: this.errors,
      lastError: this.lastError,
      data,
    };
  }

  /** Says goodbye on the LAN (so others drop this site at once), then closes the socket. */
  async stop(): Promise<void> {
    const bonjour = this.bonjour;
    if (!bonjour) return;
    this.bonjour = null;
    this.browser?.stop();
    this.browser = null;
    this.socket = null;
    this.advertising = false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      try {
        bonjour.unpublishAll(() => {
          bonjour.destroy(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      } catch (err) {
        this.fail(err);
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private fail(err: unknown): void {
    this.errors++;
    this.lastError = err instanceof Error ? err.message : String(err);
    // the first one says why; the rest repeat it (a missing route fails every announcement)
    if (this.errors === 1)
      this.options.logger?.warn({ err }, 'mDNS does not work here; the site runs without it');
  }
}

function txtOf(a: SiteAdvert): Record<string, string> {
  return {
    site: a.siteName,
    node: a.node,
    version: a.version,
    http: a.httpPort === null ? '' : String(a.httpPort),
    gw: a.gatewayHttpPort === null ? '' : String(a.gatewayHttpPort),
    mqtt: a.mqttPort === null ? '' : String(a.mqttPort),
  };
}

function port(text: unknown): number | null {
  const n = typeof text === 'string' && /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  return n >= 1 && n <= 65535 ? n : null;
}

/** A service is listed only with the TXT a site writes: other `_edge-site` look-alikes are ignored. */
function siteOf(s: Service): DiscoveredSite | null {
  const txt = (s.txt ?? {}) as Record<string, unknown>;
  if (typeof txt.site !== 'string' || typeof txt.node !== 'string') return null;
  return {
    name: txt.site.slice(0, 200),
    node: txt.node.slice(0, 200),
    host: s.host,
    addresses: (s.addresses ?? []).slice(0, 16),
    httpPort: port(txt.http),
    gatewayHttpPort: port(txt.gw),
    mqttPort: port(txt.mqtt),
    version: typeof txt.version === 'string' ? txt.version.slice(0, 50) : null,
    lastSeen: s.lastSeen ?? Date.now(),
  };
}
