import { createHash } from 'node:crypto';
import { connect as tcpConnect, type Socket } from 'node:net';
import { Client } from 'ssh2';

/**
 * Runs the Thing+ Gateway setup script (setup-script.ts) on a gateway over SSH, for the technician who
 * gives the gateways' login once instead of visiting each gateway's shell. The script is sent on the
 * session's standard input (`sh -s`), so the gateway needs neither curl nor a route back to fetch it; the
 * host written into it is the site address the gateway's own SSH connection arrived on, which that
 * gateway has just shown it can reach.
 *
 * The password is used for this one connection and kept nowhere. The gateway's host key cannot be checked
 * against anything (the site has never seen it): it is accepted, and its SHA-256 fingerprint is reported
 * so the technician can compare it with the gateway's (`ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub`).
 */

export interface SshLogin {
  address: string;
  port: number;
  username: string;
  password: string;
}

export type SshSetupFailure = 'unreachable' | 'refusedLogin' | 'timeout' | 'scriptFailed' | 'sshError';

export interface SshSetupResult {
  ok: boolean;
  /** what the script printed (stdout then stderr, at most MAX_OUTPUT characters) */
  output: string;
  /** `SHA256:…` of the gateway's host key, as `ssh-keygen -l` prints it */
  hostKey: string | null;
  /** the site address the gateway reached it on, written into its settings */
  siteAddress: string | null;
  failure?: SshSetupFailure;
  message?: string;
}

const MAX_OUTPUT = 16_000;

function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

function openSocket(login: SshLogin, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = tcpConnect({ host: login.address, port: login.port });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      resolve(sock);
    });
    sock.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Connects, runs `scriptFor(siteAddress)` with `sh -s`, and answers what happened; never throws. */
export async function runSetupOverSsh(
  login: SshLogin,
  scriptFor: (siteAddress: string) => string,
  timeoutMs = 30_000,
): Promise<SshSetupResult> {
  const where = `${login.address}:${login.port}`;
  let sock: Socket;
  try {
    sock = await openSocket(login, Math.min(timeoutMs, 10_000));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      output: '',
      hostKey: null,
      siteAddress: null,
      failure: code === 'ETIMEDOUT' ? 'timeout' : 'unreachable',
      message: `no SSH server answers at ${where} (${code ?? (err as Error).message})`,
    };
  }
  const siteAddress = (sock.localAddress ?? '').replace(/^::ffff:/, '');
  return new Promise((resolve) => {
    const client = new Client();
    let hostKey: string | null = null;
    let output = '';
    let settled = false;
    const finish = (result: Omit<SshSetupResult, 'hostKey' | 'siteAddress' | 'output'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      sock.destroy();
      resolve({ ...result, output: output.slice(0, MAX_OUTPUT).trim(), hostKey, siteAddress });
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          failure: 'timeout',
          message: `${where} did not finish in ${timeoutMs / 1000} s`,
        }),
      timeoutMs,
    );
    client.on('error', (err: Error & { level?: string }) =>
      finish(
        err.level === 'client-authentication'
          ? { ok: false, failure: 'refusedLogin', message: `${where} refused the login of ${login.username}` }
          : { ok: false, failure: 'sshError', message: `SSH to ${where}: ${err.message}` },
      ),
    );
    client.on('ready', () => {
      client.exec('sh -s', (err, stream) => {
        if (err)
          return finish({ ok: false, failure: 'sshError', message: `SSH to ${where}: ${err.message}` });
        const keep = (d: Buffer) => {
          if (output.length < MAX_OUTPUT) output += d.toString('utf8');
        };
        stream.on('data', keep);
        stream.stderr.on('data', keep);
        let code: number | null = null;
        stream.on('exit', (c: number | null) => (code = c));
        stream.on('close', () =>
          finish(
            code === 0
              ? { ok: true }
              : { ok: false, failure: 'scriptFailed', message: `the setup ended with status ${code ?? '?'}` },
          ),
        );
        stream.end(scriptFor(siteAddress));
      });
    });
    client.connect({
      sock,
      username: login.username,
      password: login.password,
      readyTimeout: Math.min(timeoutMs, 20_000),
      // no keyboard-interactive or agent: exactly the password given, once
      tryKeyboard: false,
      hostVerifier: (key: Buffer) => {
        hostKey = fingerprint(key);
        return true;
      },
    });
  });
}
