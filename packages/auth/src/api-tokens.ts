import type { AnyPgDatabase } from '@warden/authz';
import type { PermissionRow } from '@warden/authz/internal';
import { user } from '@warden/authz/schema';
import { and, desc, eq, sql } from 'drizzle-orm';
import { type CachedCredential, type CredentialCache, requestUser } from './credential-cache.js';
import { type CredentialBasis, lockIssuingUser } from './credentials.js';
import { apiToken } from './schema.js';
import { hashSecret, randomString, secretMatches, splitToken, storedDigest } from './secrets.js';
import { jsonRows, permissionsJson, scopedHoldingsJson, sessionUserFields } from './user-row.js';
import { type Clock, type SessionUser, systemClock } from './users.js';
import { rejected, type Validation } from './validation.js';

/** Marks our tokens in logs and secret scanners. */
export const TOKEN_PREFIX = 'wdn_';

export interface ApiTokenInfo {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly expiresAt: Date | null;
}

export type TokenValidation = Validation<{
  token: ApiTokenInfo;
  user: SessionUser;
  permissions: PermissionRow[];
}>;

const info = {
  id: apiToken.id,
  name: apiToken.name,
  createdAt: apiToken.createdAt,
  lastUsedAt: apiToken.lastUsedAt,
  expiresAt: apiToken.expiresAt,
};

/** What `createApiTokens` gives: bearer tokens for scripts, the declared contract. */
export interface ApiTokens {
  /**
   * A new token of `userId`, issued on `basis` (the session or token of the request asking, see
   * `basisOf`) in one transaction with the check that it still holds: a token asked for with a
   * session that "log out everywhere" or a password change is ending is refused or ended with it
   * (`CredentialEndedError`). The only time the secret exists outside the client: store it now.
   */
  create(
    userId: number,
    basis: CredentialBasis,
    options: { name: string; expiresAt?: Date | undefined },
  ): Promise<{ token: string; info: ApiTokenInfo }>;
  /** A user's tokens (never their secrets), newest first. */
  list(userId: number): Promise<ApiTokenInfo[]>;
  /** True when the user had such a token. */
  revoke(userId: number, id: string): Promise<boolean>;
  /** Token → user and permissions in one statement (plus a lastUsedAt write, at most per minute). */
  validate(token: string): Promise<TokenValidation>;
}

/** Bearer tokens for scripts and mobile clients: shown once, hashed at rest, revocable. */
export function createApiTokens(options: {
  db: AnyPgDatabase;
  clock?: Clock;
  lastUsedIntervalMs?: number;
  /** Tokens kept across requests: `createAuth({ cache })` passes the one it keeps heard. */
  cache?: CredentialCache;
}): ApiTokens {
  const { db, cache } = options;
  const now = options.clock ?? systemClock;
  const lastUsedInterval = options.lastUsedIntervalMs ?? 60_000;

  // Prepared (named) once, like the session lookup: planned once per connection.
  const lookup = db
    .select({
      ...info,
      secretHash: apiToken.secretHash,
      userId: apiToken.userId,
      user: sessionUserFields,
      permissions: permissionsJson(db, apiToken.userId),
      scoped: scopedHoldingsJson(db, apiToken.userId),
    })
    .from(apiToken)
    .innerJoin(user, eq(user.id, apiToken.userId))
    .where(and(eq(apiToken.id, sql.placeholder('id')), eq(user.isActive, true)))
    .prepare('warden_token_lookup');

  /** Checks a token's secret and expiry, writes lastUsedAt when due, and answers. */
  async function accept(
    id: string,
    secret: string,
    entry: CachedCredential,
  ): Promise<TokenValidation> {
    if (!secretMatches(secret, entry.secretDigest)) return rejected('unknown');
    const at = now();
    const expiresAt = entry.expiresAt ?? null;
    if (expiresAt !== null && expiresAt.getTime() <= at.getTime()) return rejected('expired');
    let lastUsedAt = entry.touchedAt;
    if (lastUsedAt === null || at.getTime() - lastUsedAt.getTime() >= lastUsedInterval) {
      await db.update(apiToken).set({ lastUsedAt: at }).where(eq(apiToken.id, id));
      lastUsedAt = at;
    }
    const token = { id, name: entry.name ?? '', createdAt: entry.createdAt, lastUsedAt, expiresAt };
    return { ok: true, token, ...requestUser(entry) };
  }

  return {
    async create(
      userId: number,
      basis: CredentialBasis,
      options: { name: string; expiresAt?: Date | undefined },
    ): Promise<{ token: string; info: ApiTokenInfo }> {
      const { name } = options;
      const expiresAt = options.expiresAt ?? null;
      const id = randomString();
      const secret = randomString();
      const createdAt = now();
      await db.transaction(async (tx) => {
        await lockIssuingUser(tx, userId, basis);
        await tx
          .insert(apiToken)
          .values({ id, secretHash: hashSecret(secret), userId, name, createdAt, expiresAt });
      });
      return {
        token: `${TOKEN_PREFIX}${id}.${secret}`,
        info: { id, name, createdAt, lastUsedAt: null, expiresAt },
      };
    },

    list(userId: number): Promise<ApiTokenInfo[]> {
      return db
        .select(info)
        .from(apiToken)
        .where(eq(apiToken.userId, userId))
        .orderBy(desc(apiToken.createdAt));
    },

    async revoke(userId: number, id: string): Promise<boolean> {
      const gone = await db
        .delete(apiToken)
        .where(and(eq(apiToken.userId, userId), eq(apiToken.id, id)))
        .returning({ id: apiToken.id });
      return gone.length > 0;
    },

    async validate(token: string): Promise<TokenValidation> {
      const parts = splitToken(token, TOKEN_PREFIX);
      if (parts === null) return rejected('malformed');
      const key = `t:${parts.id}`;
      const cached = cache?.get(key);
      const stamp = cache?.stamp() ?? 0;
      if (cached !== undefined) {
        const answer = await accept(parts.id, parts.secret, cached);
        // The lastUsedAt write (at most per interval) does not invalidate: keep its time here.
        if (answer.ok && answer.token.lastUsedAt !== cached.touchedAt)
          cache?.set(key, { ...cached, touchedAt: answer.token.lastUsedAt }, stamp);
        return answer;
      }
      const [row] = await lookup.execute({ id: parts.id });
      if (row === undefined) return rejected('unknown');
      const entry: CachedCredential = {
        secretDigest: storedDigest(row.secretHash),
        userId: row.userId,
        user: row.user,
        permissions: jsonRows(row.permissions),
        scoped: jsonRows(row.scoped),
        touchedAt: row.lastUsedAt,
        createdAt: row.createdAt,
        name: row.name,
        expiresAt: row.expiresAt,
      };
      const answer = await accept(parts.id, parts.secret, entry);
      if (answer.ok) cache?.set(key, { ...entry, touchedAt: answer.token.lastUsedAt }, stamp);
      return answer;
    },
  };
}
