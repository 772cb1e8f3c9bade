import { and, eq, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { type AnyTable, asPgTable, type ModelInfo } from './codenames.js';
import { NotFoundError, WrongModelError } from './errors.js';
import { storedKey } from './grant-lookups.js';
import { contentType, groupScopePermission, membership, userScopePermission } from './schema.js';
import { ancestorsOf, type ScopeInfo } from './scopes.js';
import type { AnyPgDatabase } from './types.js';

// Grants made on a scope row, and memberships of one: the writing half of scopes (scoped-perms.ts
// reads them). A scope row is named `within(organization, 5)`: the table, so the model is never
// guessed from a bare key, and the key as the caller has it (stored as the database spells it).

/** A row of a scope model (an organization), for a scoped grant or membership. */
export interface Within {
  readonly within: AnyTable;
  readonly key: string | number | bigint;
}

/** `within(organization, 5)`: the organization 5, as the scope of a grant or a membership. */
export const within = (table: AnyTable, key: string | number | bigint): Within => ({
  within: table,
  key,
});

/** Whether a grant's third argument names a scope rather than an object. */
export const isWithin = (value: unknown): value is Within =>
  typeof value === 'object' && value !== null && 'within' in value && is(value.within, PgTable);

/** A checked scope row: its model and its key as stored. */
export interface ScopeRow {
  readonly model: ModelInfo;
  readonly key: string;
}

/** `orgs.organization:5`: how the audit log and the messages name a scope row. */
export const scopeName = (row: ScopeRow) => `${row.model.appLabel}.${row.model.model}:${row.key}`;

/**
 * The scope row `ref` names: a registered model that some model declares as its parent, and a row
 * of it that exists, its key as the database spells it (`'05'` is stored as `'5'`).
 */
export async function scopeRow(
  tx: AnyPgDatabase,
  registry: {
    modelOf(table: AnyTable): ModelInfo | undefined;
    readonly scopes: readonly ScopeInfo[];
  },
  ref: Within,
): Promise<ScopeRow> {
  const model = registry.modelOf(ref.within);
  const name = getTableName(asPgTable(ref.within));
  if (model === undefined) throw new WrongModelError(`table '${name}' is not registered`);
  if (!registry.scopes.some((s) => s.parent === model))
    throw new WrongModelError(
      `${model.appLabel}.${model.model} is no scope: no model declares it as its parent (defineModels' scopes)`,
    );
  const key = await storedKey(tx, model.table, String(ref.key));
  if (key === undefined)
    throw new NotFoundError(
      `${model.appLabel}.${model.model} with key '${ref.key}' does not exist`,
    );
  return { model, key };
}

/**
 * Refuses a grant of a codename within a scope that is not above the codename's model: granting
 * `shop.change_product` within an organization covers its products; within a poll it would cover
 * nothing, which is a mistake to say so, not a silent no-op.
 */
export function assertAboveModel(
  codeModel: ModelInfo,
  scope: ScopeRow,
  scopes: readonly ScopeInfo[],
): void {
  const above = ancestorsOf(scopes, codeModel).some((a) => a.model === scope.model);
  if (!above) {
    throw new WrongModelError(
      `${scope.model.appLabel}.${scope.model.model} is not a parent of ${codeModel.appLabel}.${codeModel.model}: a grant within it would cover nothing (grant on the object itself instead)`,
    );
  }
}

/** Inserts or deletes one scope grant; whether a row changed. */
export async function writeScopeGrantRow(
  tx: AnyPgDatabase,
  mode: 'grant' | 'revoke',
  holder: { userId: number } | { groupId: number },
  permissionId: number,
  scope: ScopeRow,
): Promise<boolean> {
  const scopeTypeId = await contentTypeId(tx, scope.model);
  const scopePk = scope.key;
  let changed: unknown[];
  if ('userId' in holder) {
    const t = userScopePermission;
    const row = { userId: holder.userId, permissionId, scopeTypeId, scopePk };
    changed =
      mode === 'grant'
        ? await tx.insert(t).values(row).onConflictDoNothing().returning()
        : await tx
            .delete(t)
            .where(
              and(
                eq(t.userId, holder.userId),
                eq(t.permissionId, permissionId),
                eq(t.scopeTypeId, scopeTypeId),
                eq(t.scopePk, scopePk),
              ),
            )
            .returning();
  } else {
    const t = groupScopePermission;
    const row = { groupId: holder.groupId, permissionId, scopeTypeId, scopePk };
    changed =
      mode === 'grant'
        ? await tx.insert(t).values(row).onConflictDoNothing().returning()
        : await tx
            .delete(t)
            .where(
              and(
                eq(t.groupId, holder.groupId),
                eq(t.permissionId, permissionId),
                eq(t.scopeTypeId, scopeTypeId),
                eq(t.scopePk, scopePk),
              ),
            )
            .returning();
  }
  return changed.length > 0;
}

/** Adds or removes one membership (a user's role in a scope row); whether a row changed. */
export async function writeMembershipRow(
  tx: AnyPgDatabase,
  mode: 'add' | 'remove',
  userId: number,
  groupId: number,
  scope: ScopeRow,
): Promise<boolean> {
  const scopeTypeId = await contentTypeId(tx, scope.model);
  const row = { userId, groupId, scopeTypeId, scopePk: scope.key };
  const changed =
    mode === 'add'
      ? await tx.insert(membership).values(row).onConflictDoNothing().returning()
      : await tx
          .delete(membership)
          .where(
            and(
              eq(membership.userId, userId),
              eq(membership.groupId, groupId),
              eq(membership.scopeTypeId, scopeTypeId),
              eq(membership.scopePk, scope.key),
            ),
          )
          .returning();
  return changed.length > 0;
}

/** `auth_content_type.id` of a registered model; not synced yet is a clear error. */
export async function contentTypeId(tx: AnyPgDatabase, model: ModelInfo): Promise<number> {
  const [row] = await tx
    .select({ id: contentType.id })
    .from(contentType)
    .where(and(eq(contentType.appLabel, model.appLabel), eq(contentType.model, model.model)));
  if (row === undefined)
    throw new NotFoundError(
      `no content type for ${model.appLabel}.${model.model}: run the permission sync (perms sync)`,
    );
  return row.id;
}
