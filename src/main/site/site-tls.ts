import { loadTlsCredentials, siteNames, type TlsCredentials } from '../broker/tls.js';
import type { SiteConfig } from '../config/config.js';
import type { Logger } from '../logger/logger.js';
import type { Timeline } from '../timeline/index.js';

/** Loopback hosts keep plain HTTP (tests, the desktop window); any other bind address is the LAN. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The site certificate, loaded once when the first TLS listener or the API needs it (a site with every
 * TLS listener off and nobody asking never makes one). Changes of the site's names are warned about in
 * the log and on the timeline, since gateways that trusted the old certificate must be given the new one.
 */
export class SiteTls {
  private loading: Promise<TlsCredentials> | null = null;

  constructor(
    private readonly config: SiteConfig,
    private readonly logger: Logger,
    private readonly timeline: Timeline,
  ) {}

  /** whether any listener serves TLS, so the certificate is made at start rather than on first use */
  get needed(): boolean {
    const { mqtt, gatewayHttps, http } = this.config;
    return mqtt.tlsPort !== null || gatewayHttps.port !== null || !isLoopbackHost(http.host);
  }

  get(): Promise<TlsCredentials> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<TlsCredentials> {
    const { dataDir, mqtt, tls } = this.config;
    const creds = await loadTlsCredentials(dataDir, mqtt.tlsCertFile, mqtt.tlsKeyFile, siteNames(tls.names));
    this.logger.info(
      { fingerprint: creds.fingerprint, generated: creds.generated, names: creds.names },
      'site TLS certificate',
    );
    let message: string | null = null;
    if (creds.regenerated)
      message = `The site certificate was made again: the site's names changed (new: ${creds.missing.join(', ')}). Give gateways the new certificate (fingerprint ${creds.fingerprint}).`;
    else if (!creds.generated && creds.missing.length > 0)
      message = `The configured TLS certificate does not name ${creds.missing.join(', ')}: gateways and browsers using those addresses will refuse it.`;
    if (message) {
      this.logger.warn({ missing: creds.missing }, message);
      this.timeline.add({ type: 'site', node: [], severity: 'warning', message });
    }
    return creds;
  }
}
