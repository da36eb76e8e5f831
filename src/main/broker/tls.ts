import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import selfsigned from 'selfsigned';

export interface TlsCredentials {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, for technicians pinning the certificate on gateways */
  fingerprint: string;
  generated: boolean;
}

/**
 * The broker's TLS certificate: the operator's PEM files when configured, otherwise a self-signed one
 * created on first start in DATA_DIR/tls and reused after, so gateways that pinned it keep working.
 */
export async function loadTlsCredentials(
  dataDir: string,
  certFile?: string,
  keyFile?: string,
): Promise<TlsCredentials> {
  if (certFile || keyFile) {
    if (!certFile || !keyFile) throw new Error('mqtt.tlsCertFile and mqtt.tlsKeyFile must be given together');
    const cert = readFileSync(certFile, 'utf8');
    return { cert, key: readFileSync(keyFile, 'utf8'), fingerprint: fingerprintOf(cert), generated: false };
  }
  const dir = join(dataDir, 'tls');
  const certPath = join(dir, 'server.crt');
  const keyPath = join(dir, 'server.key');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    return { cert, key: readFileSync(keyPath, 'utf8'), fingerprint: fingerprintOf(cert), generated: false };
  }
  const pems = await selfsigned.generate([{ name: 'commonName', value: hostname() }], {
    notAfterDate: new Date(Date.now() + 10 * 365 * 86_400_000),
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: hostname() },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  writeFileSync(certPath, pems.cert);
  return { cert: pems.cert, key: pems.private, fingerprint: fingerprintOf(pems.cert), generated: true };
}

function fingerprintOf(cert: string): string {
  return new X509Certificate(cert).fingerprint256;
}
