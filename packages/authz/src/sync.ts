import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { installCleanupTriggers, missingCleanupTriggers } from './cleanup-triggers.js';
import type { AppTables } from './codenames.js';
import type { Registry } from './registry.js';
import { contentType, permission } from './schema.js';
import type { AnyPgDatabase } from './types.js';

export interface SyncReport {
  /** Tables that got the trigger deleting their objects' grants (`triggers: 'install'`). */
  cleanupTriggers: string[];
  /**
   * Registered tables without that trigger (`triggers: 'check'`, the default): deleting one of
   * their rows would leave its object grants behind. Add `objectGrantCleanupSql(registry)` to a
   * migration.
   */
  missingTriggers: string[];
  createdContentTypes: string[];
  created: string[];
  /** Permissions whose human name changed in the registry. */
  renamed: string[];
  /** In the database but no longer in the registry: kept unless `prune`, deleted with it. */
  stale: string[];
  deleted: string[];
}

export interface SyncOptions {
  /** Delete permissions (and their grants) no longer in the registry. */
  prune?: boolean;
  /**
   * The object-grant cleanup triggers: `'check'` (default) reports the tables that lack them, so
   * the app's role needs no DDL rights; `'install'` creates them (for apps that own their schema
   * at run time, and tests).
   */
  triggers?: 'check' | 'install';
}

/**
 * Django's `create_permissions`: writes the registry's content types and permissions into the
 * database, in one transaction. Idempotent; renames changed human names; deletes stale rows (and,
 * through the cascades, their grants) only with `prune`.
 */
export async function syncPermissions<TApps extends AppTables, C extends string>(
  db: AnyPgDatabase,
  registry: Registry<TApps, C>,
  options: SyncOptions = {},
): Promise<SyncReport> {
  const triggers = options.triggers ?? 'check';
  return db.transaction(async (tx) => {
    const report: SyncReport = {
      cleanupTriggers: [],
      missingTriggers: [],
      createdContentTypes: [],
      created: [],
      renamed: [],
      stale: [],
      deleted: [],
    };
    const ctIds = new Map<string, number>();
    for (const { appLabel, model } of registry.models) {
      const inserted = await tx
        .insert(contentType)
        .values({ appLabel, model })
        .onConflictDoNothing()
        .returning({ id: contentType.id });
      if (inserted[0]) report.createdContentTypes.push(`${appLabel}.${model}`);
      const [row] = await tx
        .select({ id: contentType.id })
        .from(contentType)
        .where(and(eq(contentType.appLabel, appLabel), eq(contentType.model, model)));
      if (row === undefined)
        throw new Error(`content type ${appLabel}.${model} vanished during sync`);
      ctIds.set(`${appLabel}.${model}`, row.id);
    }

    const existing = await tx
      .select({
        id: permission.id,
        appLabel: contentType.appLabel,
        model: contentType.model,
        codename: permission.codename,
        name: permission.name,
      })
      .from(permission)
      .innerJoin(contentType, eq(contentType.id, permission.contentTypeId));
    const byKey = new Map(existing.map((p) => [`${p.appLabel}.${p.model}.${p.codename}`, p]));
    const wanted = new Set<string>();

    for (const p of registry.permissions) {
      const key = `${p.appLabel}.${p.model}.${p.localCodename}`;
      wanted.add(key);
      const row = byKey.get(key);
      if (row === undefined) {
        const contentTypeId = ctIds.get(`${p.appLabel}.${p.model}`) ?? 0;
        await tx
          .insert(permission)
          .values({ contentTypeId, codename: p.localCodename, name: p.name })
          .onConflictDoNothing();
        report.created.push(p.codename);
      } else if (row.name !== p.name) {
        await tx.update(permission).set({ name: p.name }).where(eq(permission.id, row.id));
        report.renamed.push(p.codename);
      }
    }

    if (triggers === 'install') report.cleanupTriggers = await installCleanupTriggers(tx, registry);
    else report.missingTriggers = await missingCleanupTriggers(tx, registry);

    const stale = existing.filter((p) => !wanted.has(`${p.appLabel}.${p.model}.${p.codename}`));
    report.stale = stale.map((p) => `${p.appLabel}.${p.codename}`);
    if (options.prune) {
      if (stale.length > 0) {
        await tx.delete(permission).where(
          inArray(
            permission.id,
            stale.map((p) => p.id),
          ),
        );
      }
      report.deleted = report.stale;
      report.stale = [];
      // Content types of models that left the registry go too (their permissions already did).
      const keep = [...ctIds.values()];
      await tx
        .delete(contentType)
        .where(keep.length > 0 ? notInArray(contentType.id, keep) : sql`true`);
    }
    return report;
  });
}

/** `select name, codename from auth_permission` as Django prints it, from the registry. */
export function formatPermissionTable<C extends string>(registry: Registry<AppTables, C>): string {
  const rows = registry.permissions.map((p) => [p.name, p.codename] as const);
  const width = Math.max(4, ...rows.map(([name]) => name.length));
  const codeWidth = Math.max(8, ...rows.map(([, c]) => c.length));
  const line = (a: string, b: string) => ` ${a.padEnd(width)} | ${b}`;
  return [
    line('name', 'codename'),
    `-${'-'.repeat(width)}-+-${'-'.repeat(codeWidth)}`,
    ...rows.map(([name, codename]) => line(name, codename)),
    `(${rows.length} rows)`,
  ].join('\n');
}
