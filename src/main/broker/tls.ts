import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

/** The site's certificate: MQTT over TLS, the gateway-facing HTTPS and the console over TLS all serve it. */
export interface TlsCredentials {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, for technicians pinning the certificate on gateways */
  fingerprint: string;
  /** DNS names and IP addresses the certificate names */
  names: string[];
  notAfter: string;
  /** created by the site (DATA_DIR/tls) rather than the operator's files */
  generated: boolean;
  /** site names this start found missing: a generated certificate was regenerated, an operator's one is only warned about */
  missing: string[];
  /** a generated certificate was replaced because the site's names changed */
  regenerated: boolean;
}

/**
 * Every address and host name gateways and browsers may use to reach the site: the host name, localhost,
 * every interface address and the configured names. Link-local IPv6 addresses are left out: they need a
 * zone, which no certificate or URL a gateway is configured with can carry.
 */
export function siteNames(extra: readonly string[] = []): string[] {
  const names = new Set<string>([hostname(), 'localhost', '127.0.0.1', '::1', ...extra]);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.address.toLowerCase().startsWith('fe80:')) names.add(a.address);
  }
  return [...names].filter((n) => n !== '').sort();
}

/** The names a certificate covers (subjectAltName DNS and IP entries). */
export function certificateNames(cert: string): string[] {
  const san = new X509Certificate(cert).subjectAltName ?? '';
  return san
    .split(', ')
    .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry)?.[1])
    .filter((name): name is string => name !== undefined)
    .map(canonical);
}

/** Node prints IPv6 SAN entries expanded; compare addresses in one spelling. */
function canonical(name: string): string {
  if (isIP(name) !== 6) return name.toLowerCase();
  return new URL(`http://[${name}]/`).hostname.slice(1, -1);
}

/**
 * The site's TLS certificate: the operator's PEM files when configured (never replaced; missing names are
 * reported), otherwise a self-signed one created in DATA_DIR/tls and reused while it names every site
 * address, so gateways that trust it keep working; when the addresses change it is made again.
 */
export async function loadTlsCredentials(
  dataDir: string,
  certFile?: string,
  keyFile?: string,
  wanted: readonly string[] = siteNames(),
): Promise<TlsCredentials> {
  if (certFile || keyFile) {
    if (!certFile || !keyFile) throw new Error('mqtt.tlsCertFile and mqtt.tlsKeyFile must be given together');
    const cert = readFileSync(certFile, 'utf8');
    return describe(cert, readFileSync(keyFile, 'utf8'), wanted, { generated: false, regenerated: false });
  }
  const dir = join(dataDir, 'tls');
  const certPath = join(dir, 'server.crt');
  const keyPath = join(dir, 'server.key');
  let oldMissing: string[] = [];
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    const existing = describe(cert, readFileSync(keyPath, 'utf8'), wanted, {
      generated: true,
      regenerated: false,
    });
    if (existing.missing.length === 0) return existing;
    oldMissing = existing.missing;
  }
  const pems = await generate(wanted);
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  writeFileSync(certPath, pems.cert);
  const regenerated = oldMissing.length > 0;
  const fresh = describe(pems.cert, pems.private, wanted, { generated: true, regenerated });
  // what the old certificate lacked, so the warning says why it changed
  return { ...fresh, missing: oldMissing };
}

async function generate(names: readonly string[]): Promise<{ cert: string; private: string }> {
  return selfsigned.generate([{ name: 'commonName', value: hostname() }], {
    notAfterDate: new Date(Date.now() + 10 * 365 * 86_400_000),
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })),
      },
    ],
  });
}

function missingFrom(cert: string, wanted: readonly string[]): string[] {
  const have = new Set(certificateNames(cert));
  return wanted.filter((n) => !have.has(canonical(n)));
}

function describe(
  cert: string,
  key: string,
  wanted: readonly string[],
  flags: { generated: boolean; regenerated: boolean },
): TlsCredentials {
  const x509 = new X509Certificate(cert);
  return {
    cert,
    key,
    fingerprint: x509.fingerprint256,
    names: certificateNames(cert),
    notAfter: new Date(x509.validTo).toISOString(),
    missing: missingFrom(cert, wanted),
    ...flags,
  };
}
