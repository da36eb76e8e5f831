import type { ApiTokenView, LoginResponse, Role, UserView } from '../../shared/auth.js';
import { ServiceError, badRequest, conflict, notFound } from '../errors.js';
import type { SqliteDatabase } from '../storage/index.js';
import type { AuditLog } from './audit.js';
import { FailureLimiter } from './limiter.js';
import { decoyHash, hashPassword, newSecret, secretHash, verifyPassword } from './secrets.js';

export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$';
export const MIN_PASSWORD = 8;
const ONE_TIME_TTL_MS = 60_000;
/** last_used_at of a token is written at most this often (not on every request) */
const TOKEN_USE_WRITE_MS = 60_000;

/** who a request acts as, once its session or token checked out */
export interface Principal {
  /** the username, or `token:<name>` for an API token */
  name: string;
  role: Role;
  via: 'session' | 'token';
  expiresAt: number | null;
  tokenId?: number;
}

export interface AuthOptions {
  sessionTtlMs: number;
}

interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  created_at: number;
  updated_at: number;
}
interface TokenRow {
  id: number;
  name: string;
  role: Role;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

const userView = (r: UserRow): UserView => ({
  username: r.username,
  role: r.role,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
const tokenView = (r: TokenRow): ApiTokenView => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
});

export class RateLimitedError extends ServiceError {
  constructor(readonly retryAfterSeconds: number) {
    super('ES_RATE_LIMITED', `too many failed sign-ins: try again in ${retryAfterSeconds} s`);
  }
}

/**
 * Users, their sessions and API tokens (site.db, migration 008). Secrets are returned once and kept only
 * as SHA-256; passwords as scrypt hashes. Every change is written to the audit log by the caller's
 * identity (`actor`), which the API passes in.
 */
export class Auth {
  private readonly limiter: FailureLimiter;
  /** one-time sign-in secrets of the desktop window: hash → expiry (memory only, 60 s) */
  private readonly oneTime = new Map<string, number>();

  constructor(
    private readonly db: SqliteDatabase,
    readonly audit: AuditLog,
    private readonly options: AuthOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.limiter = new FailureLimiter(now);
  }

  setupRequired(): boolean {
    return this.db.prepare('SELECT 1 FROM users LIMIT 1').get() === undefined;
  }

  /** the first admin, only while no user exists (first-run page, or the admin password at start) */
  async setup(username: string, password: string, address: string | null): Promise<UserView> {
    checkPassword(password);
    const hash = await hashPassword(password);
    const created = this.db.transaction(() => {
      if (!this.setupRequired()) return null;
      return this.insertUser(username, hash, 'admin');
    })();
    if (!created) throw conflict('a user (the site is set up; sign in)');
    this.audit.record(entry(username, 'admin', address, 'setup', username));
    return created;
  }

  async login(username: string, password: string, address: string): Promise<LoginResponse> {
    const keys = [`user:${username.toLowerCase()}`, `addr:${address}`];
    const waitMs = Math.max(...keys.map((k) => this.limiter.retryAfterMs(k)));
    if (waitMs > 0) {
      this.audit.record(entry(username, null, address, 'login.limited', username));
      throw new RateLimitedError(Math.ceil(waitMs / 1000));
    }
    const user = this.userRow(username);
    const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
    if (!user || !ok) {
      for (const k of keys) this.limiter.fail(k);
      this.audit.record(entry(username, null, address, 'login.failed', username));
      throw new ServiceError('ES_UNAUTHORIZED', 'wrong username or password');
    }
    for (const k of keys) this.limiter.succeed(k);
    const session = this.newSession(user.username, address);
    this.audit.record(entry(user.username, user.role, address, 'login', user.username));
    return { ...session, role: user.role, username: user.username };
  }

  logout(secret: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(secretHash(secret));
  }

  /** the principal a bearer secret (session or API token) stands for, or null */
  authenticate(secret: string): Principal | null {
    const now = this.now();
    const hash = secretHash(secret);
    if (secret.startsWith('ess_')) {
      const row = this.db
        .prepare(
          `SELECT s.username, s.expires_at, u.role FROM sessions s JOIN users u USING (username)
           WHERE s.token_hash = ?`,
        )
        .get(hash) as { username: string; expires_at: number; role: Role } | undefined;
      if (!row || row.expires_at <= now) return null;
      return { name: row.username, role: row.role, via: 'session', expiresAt: row.expires_at };
    }
    if (secret.startsWith('est_')) {
      const row = this.db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?').get(hash) as
        TokenRow | undefined;
      if (!row || (row.expires_at !== null && row.expires_at <= now)) return null;
      if (now - (row.last_used_at ?? 0) > TOKEN_USE_WRITE_MS)
        this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, row.id);
      return {
        name: `token:${row.name}`,
        role: row.role,
        via: 'token',
        expiresAt: row.expires_at,
        tokenId: row.id,
      };
    }
    return null;
  }

  /** The desktop window's sign-in: the main process gets a secret that signs in once, within 60 s. */
  issueOneTime(): string {
    const secret = newSecret('eso');
    this.oneTime.set(secretHash(secret), this.now() + ONE_TIME_TTL_MS);
    return secret;
  }

  /** a one-time secret → a session of the site's first admin; null when unknown, used or expired */
  exchangeOneTime(secret: string, address: string): LoginResponse | null {
    const hash = secretHash(secret);
    const expiry = this.oneTime.get(hash);
    this.oneTime.delete(hash);
    for (const [h, e] of this.oneTime) if (e <= this.now()) this.oneTime.delete(h);
    if (expiry === undefined || expiry <= this.now()) return null;
    const admin = this.db
      .prepare("SELECT * FROM users WHERE role = 'admin' ORDER BY created_at, username LIMIT 1")
      .get() as UserRow | undefined;
    if (!admin) return null;
    const session = this.newSession(admin.username, address);
    this.audit.record({ ...entry(admin.username, 'admin', address, 'login.desktop', admin.username) });
    return { ...session, role: admin.role, username: admin.username };
  }

  // ---- users ------------------------------------------------------------------------------------------

  listUsers(): UserView[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(userView);
  }

  getUser(username: string): UserView {
    const row = this.userRow(username);
    if (!row) throw notFound(`user ${username}`);
    return userView(row);
  }

  async createUser(username: string, password: string, role: Role, actor: Principal, address: string | null) {
    checkPassword(password);
    const hash = await hashPassword(password);
    if (this.userRow(username)) throw conflict(`user ${username}`);
    const user = this.insertUser(username, hash, role);
    this.audit.record({ ...entry(actor.name, actor.role, address, 'user.create', username), detail: role });
    return user;
  }

  async updateUser(
    username: string,
    change: { role?: Role; password?: string },
    actor: Principal,
    address: string | null,
  ): Promise<UserView> {
    if (change.password !== undefined) checkPassword(change.password);
    const hash = change.password === undefined ? undefined : await hashPassword(change.password);
    const updated = this.db.transaction(() => {
      const row = this.userRow(username);
      if (!row) throw notFound(`user ${username}`);
      if (change.role !== undefined && change.role !== 'admin' && row.role === 'admin') this.keepAnAdmin();
      this.db
        .prepare('UPDATE users SET role = ?, password_hash = ?, updated_at = ? WHERE username = ?')
        .run(change.role ?? row.role, hash ?? row.password_hash, this.now(), row.username);
      // a new password or a lower role ends the user's other sessions
      if (hash !== undefined || change.role !== undefined)
        this.db.prepare('DELETE FROM sessions WHERE username = ?').run(row.username);
      return userView(this.userRow(row.username)!);
    })();
    const what = [change.role && `role ${change.role}`, hash && 'password'].filter(Boolean).join(', ');
    this.audit.record({ ...entry(actor.name, actor.role, address, 'user.update', username), detail: what });
    return updated;
  }

  deleteUser(username: string, actor: Principal, address: string | null): void {
    this.db.transaction(() => {
      const row = this.userRow(username);
      if (!row) throw notFound(`user ${username}`);
      if (row.role === 'admin') this.keepAnAdmin();
      this.db.prepare('DELETE FROM sessions WHERE username = ?').run(row.username);
      this.db.prepare('DELETE FROM users WHERE username = ?').run(row.username);
    })();
    this.audit.record(entry(actor.name, actor.role, address, 'user.delete', username));
  }

  // ---- API tokens -------------------------------------------------------------------------------------

  createToken(
    input: { name: string; role: Role; expiresAt?: number },
    actor: Principal,
    address: string | null,
  ): ApiTokenView & { token: string } {
    if (input.expiresAt !== undefined && input.expiresAt <= this.now())
      throw badRequest('expiresAt is in the past', ['expiresAt']);
    const token = newSecret('est');
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO api_tokens (name, token_hash, role, created_by, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(input.name, secretHash(token), input.role, actor.name, this.now(), input.expiresAt ?? null)
        .lastInsertRowid,
    );
    this.audit.record({
      ...entry(actor.name, actor.role, address, 'token.create', String(id)),
      detail: `${input.name} (${input.role})`,
    });
    return { ...this.token(id), token };
  }

  listTokens(): ApiTokenView[] {
    return (this.db.prepare('SELECT * FROM api_tokens ORDER BY id').all() as TokenRow[]).map(tokenView);
  }

  revokeToken(id: number, actor: Principal, address: string | null): void {
    const view = this.token(id);
    this.db.prepare('DELETE FROM api_tokens WHERE id = ?').run(id);
    this.audit.record({
      ...entry(actor.name, actor.role, address, 'token.revoke', String(id)),
      detail: view.name,
    });
  }

  private token(id: number): ApiTokenView {
    const row = this.db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(id) as TokenRow | undefined;
    if (!row) throw notFound(`token ${id}`);
    return tokenView(row);
  }

  private newSession(username: string, address: string | null): { token: string; expiresAt: number } {
    const token = newSecret('ess');
    const now = this.now();
    const expiresAt = now + this.options.sessionTtlMs;
    this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
    this.db
      .prepare(
        'INSERT INTO sessions (token_hash, username, created_at, expires_at, address) VALUES (?, ?, ?, ?, ?)',
      )
      .run(secretHash(token), username, now, expiresAt, address);
    return { token, expiresAt };
  }

  private userRow(username: string): UserRow | undefined {
    return this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
  }

  private insertUser(username: string, hash: string, role: Role): UserView {
    if (!new RegExp(USERNAME_PATTERN).test(username))
      throw badRequest('username: letters, digits and . _ @ - (up to 64)', ['username']);
    const now = this.now();
    this.db
      .prepare(
        'INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(username, hash, role, now, now);
    return userView(this.userRow(username)!);
  }

  /** throws unless another admin remains (called before removing or demoting an admin) */
  private keepAnAdmin(): void {
    const { n } = this.db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'admin'").get() as {
      n: number;
    };
    if (n <= 1)
      throw new ServiceError(
        'ES_CONFLICT',
        'the last admin cannot be deleted or demoted: make another admin first',
      );
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD)
    throw badRequest(`password: at least ${MIN_PASSWORD} characters`, ['password']);
}

function entry(
  actor: string | null,
  role: Role | null,
  address: string | null,
  action: string,
  resource: string | null,
) {
  return { actor, role, address, action, method: null, route: null, resource, status: null, detail: null };
}
