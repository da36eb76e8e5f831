import http from 'node:http';
import https from 'node:https';

export interface PassedAnswer {
  status: number;
  header(name: string): string | null;
  setCookies: string[];
  body: Buffer;
}

export interface PassOptions {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** over HTTPS: the certificates the master's must chain to (the site's own); never skipped */
  ca?: string;
  timeoutMs: number;
}

/** an error that says the master's certificate could not be verified (not that it did not answer) */
export class MasterUnverified extends Error {}

const CERT_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

/**
 * One request to the master, over HTTPS verified against the site's own certificate when the sites
 * serve HTTPS (a site's certificate is self-signed or the operator's: no public CA would vouch for it).
 */
export function passOn(url: string, o: PassOptions): Promise<PassedAnswer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = {
      method: o.method,
      headers: {
        ...o.headers,
        ...(o.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(o.body)) }),
      },
      timeout: o.timeoutMs,
      ...(secure ? { ca: o.ca, rejectUnauthorized: true } : {}),
    };
    const onAnswer = (res: http.IncomingMessage): void => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const cookies = res.headers['set-cookie'] ?? [];
        resolve({
          status: res.statusCode ?? 502,
          header: (name) => {
            const value = res.headers[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
          },
          setCookies: cookies,
          body: Buffer.concat(chunks),
        });
      });
    };
    const req = secure ? https.request(target, options, onAnswer) : http.request(target, options, onAnswer);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (secure && CERT_ERROR.test(err.code ?? ''))
        reject(
          new MasterUnverified(
            `the master's certificate could not be verified against this node's site certificate (${err.code}: ${err.message})`,
          ),
        );
      else reject(err);
    });
    req.end(o.body);
  });
}
