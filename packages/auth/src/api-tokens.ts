import { type AnyPgDatabase, type PermissionRow, primeModelPermissions } from '@warden/authz';
import { user } from '@warden/authz/schema';
import { and, desc, eq } from 'drizzle-orm';
import { apiToken } from './schema.js';
import { hashSecret, randomString, secretMatches, splitToken } from './secrets.js';
import { permissionsJson, sessionUserFields } from './user-row.js';
import { type Clock, type SessionUser, systemClock } from './users.js';

/** Marks our tokens in logs and secret scanners. */
export const TOKEN_PREFIX = 'wdn_';

export interface ApiTokenInfo {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly expiresAt: Date | null;
}

export type TokenValidation =
  | { ok: true; token: ApiTokenInfo; user: SessionUser; permissions: PermissionRow[] }
  | { ok: false; reason: 'malformed' | 'unknown' | 'expired' };

const info = {
  id: apiToken.id,
  name: apiToken.name,
  createdAt: apiToken.createdAt,
  lastUsedAt: apiToken.lastUsedAt,
  expiresAt: apiToken.expiresAt,
};

/** Bearer tokens for scripts and mobile clients: shown once, hashed at rest, revocable. */
export function createApiTokens(options: {
  db: AnyPgDatabase;
  clock?: Clock;
  lastUsedIntervalMs?: number;
}) {
  const { db } = options;
  const now = options.clock ?? systemClock;
  const lastUsedInterval = options.lastUsedIntervalMs ?? 60_000;

  return {
    /** The only time the secret exists outside the client: store it now. */
    async create(
      userId: number,
      name: string,
      expiresAt?: Date,
    ): Promise<{ token: string; info: ApiTokenInfo }> {
      const id = randomString();
      const secret = randomString();
      const createdAt = now();
      await db.insert(apiToken).values({
        id,
        secretHash: hashSecret(secret),
        userId,
        name,
        createdAt,
        expiresAt: expiresAt ?? null,
      });
      return {
        token: `${TOKEN_PREFIX}${id}.${secret}`,
        info: { id, name, createdAt, lastUsedAt: null, expiresAt: expiresAt ?? null },
      };
    },

    list(userId: number): Promise<ApiTokenInfo[]> {
      return db
        .select(info)
        .from(apiToken)
        .where(eq(apiToken.userId, userId))
        .orderBy(desc(apiToken.createdAt));
    },

    /** True when the user had such a token. */
    async revoke(userId: number, id: string): Promise<boolean> {
      const gone = await db
        .delete(apiToken)
        .where(and(eq(apiToken.userId, userId), eq(apiToken.id, id)))
        .returning({ id: apiToken.id });
      return gone.length > 0;
    },

    /** Token → user and permissions in one statement (plus a lastUsedAt write, at most per minute). */
    async validate(token: string): Promise<TokenValidation> {
      const parts = splitToken(token, TOKEN_PREFIX);
      if (parts === null) return { ok: false, reason: 'malformed' };
      const [row] = await db
        .select({
          ...info,
          secretHash: apiToken.secretHash,
          user: sessionUserFields,
          permissions: permissionsJson(db, apiToken.userId),
        })
        .from(apiToken)
        .innerJoin(user, eq(user.id, apiToken.userId))
        .where(and(eq(apiToken.id, parts.id), eq(user.isActive, true)));
      if (row === undefined || !secretMatches(parts.secret, row.secretHash))
        return { ok: false, reason: 'unknown' };
      const at = now();
      if (row.expiresAt !== null && row.expiresAt.getTime() <= at.getTime())
        return { ok: false, reason: 'expired' };
      if (row.lastUsedAt === null || at.getTime() - row.lastUsedAt.getTime() >= lastUsedInterval) {
        await db.update(apiToken).set({ lastUsedAt: at }).where(eq(apiToken.id, row.id));
      }
      const permissions =
        typeof row.permissions === 'string'
          ? (JSON.parse(row.permissions) as PermissionRow[])
          : row.permissions;
      const tokenUser: SessionUser = row.user;
      primeModelPermissions(tokenUser, permissions);
      const { secretHash: _hash, user: _user, permissions: _perms, ...tokenInfo } = row;
      return { ok: true, token: tokenInfo, user: tokenUser, permissions };
    },
  };
}

export type ApiTokens = ReturnType<typeof createApiTokens>;
