import { and, eq, getTableName, inArray, not, sql } from 'drizzle-orm';
import { boolean, getTableConfig, integer, pgSchema, text } from 'drizzle-orm/pg-core';
import { type AppTables, asPgTable } from './codenames.js';
import { primaryKeyOf } from './object-perms.js';
import type { Registry } from './registry.js';
import type { AnyPgDatabase } from './types.js';

// Object grants reference rows of any table by key, so no foreign key can cascade: a trigger on
// each registered table deletes the grants of a deleted row (guardian leaves them orphaned, and a
// row that later gets the same key would inherit them). The trigger names its model by app label
// and model, never by a content type id, so the SQL is the same in every database and can live in
// the application's migrations (applied by a role with DDL rights, not by the running app).

// The trigger function, and the triggers of authz's own tables (`user`, `group` and `permission`
// under app label 'auth'), are authz's DDL: drizzle/0002_object_grant_cleanup.sql, applied with
// `authzMigrations`. An app's migration adds the triggers of its other registered tables.
const MIGRATED = new Set([
  'public.auth_user auth.user',
  'public.auth_group auth.group',
  'public.auth_permission auth.permission',
]);
// The catalogue tables the check reads, typed so every driver returns the same rows (oids fit int4's
// comparisons here; they are only joined, never returned).
const catalog = pgSchema('pg_catalog');
const pgTrigger = catalog.table('pg_trigger', {
  tgname: text('tgname').notNull(),
  tgrelid: integer('tgrelid').notNull(),
  tgisinternal: boolean('tgisinternal').notNull(),
});
const pgClass = catalog.table('pg_class', {
  oid: integer('oid').notNull(),
  relnamespace: integer('relnamespace').notNull(),
});
const pgNamespace = catalog.table('pg_namespace', {
  oid: integer('oid').notNull(),
  nspname: text('nspname').notNull(),
});

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

interface CleanupTrigger {
  /** `schema.table`, as reported. */
  table: string;
  schema: string;
  name: string;
  statement: string;
  /** Created by authz's migrations, so not part of the app's SQL. */
  migrated: boolean;
}

function triggersOf<TApps extends AppTables, C extends string>(
  registry: Registry<TApps, C>,
): CleanupTrigger[] {
  return registry.models.map(({ appLabel, model, table }) => {
    const { column } = primaryKeyOf(table);
    const tableName = getTableName(asPgTable(table));
    const schema = getTableConfig(asPgTable(table)).schema ?? 'public';
    const name = `${tableName}_auth_object_grants`.slice(0, 63);
    const statement = `create or replace trigger ${ident(name)} after delete on ${ident(schema)}.${ident(tableName)}
  for each row execute function auth_delete_object_grants(${literal(appLabel)}, ${literal(model)}, ${literal(column.name)});`;
    const migrated = MIGRATED.has(`${schema}.${tableName} ${appLabel}.${model}`);
    return { table: `${schema}.${tableName}`, schema, name, statement, migrated };
  });
}

/**
 * The SQL that installs the cleanup triggers of the app's registered tables: put it in a migration
 * of your own (`drizzle-kit generate --custom`, or `warden triggers`), after the tables it names
 * and after `authzMigrations` (which create the trigger function and the triggers of authz's own
 * tables). Re-run it when you register a table.
 */
export function objectGrantCleanupSql<TApps extends AppTables, C extends string>(
  registry: Registry<TApps, C>,
): string {
  const statements = appTriggersOf(registry).map((t) => t.statement);
  return `${statements.join('\n--> statement-breakpoint\n')}\n`;
}

const appTriggersOf = <TApps extends AppTables, C extends string>(registry: Registry<TApps, C>) =>
  triggersOf(registry).filter((t) => !t.migrated);

/** Installs them now (needs the right to create triggers). Returns the tables. */
export async function installCleanupTriggers<TApps extends AppTables, C extends string>(
  db: AnyPgDatabase,
  registry: Registry<TApps, C>,
): Promise<string[]> {
  const triggers = appTriggersOf(registry);
  for (const trigger of triggers) await db.execute(sql.raw(trigger.statement));
  return triggers.map((t) => t.table);
}

/** The registered tables that lack their cleanup trigger (one catalogue query). */
export async function missingCleanupTriggers<TApps extends AppTables, C extends string>(
  db: AnyPgDatabase,
  registry: Registry<TApps, C>,
): Promise<string[]> {
  const triggers = triggersOf(registry);
  if (triggers.length === 0) return [];
  const rows = await db
    .select({ name: pgTrigger.tgname, schema: pgNamespace.nspname })
    .from(pgTrigger)
    .innerJoin(pgClass, eq(pgClass.oid, pgTrigger.tgrelid))
    .innerJoin(pgNamespace, eq(pgNamespace.oid, pgClass.relnamespace))
    .where(
      and(
        not(pgTrigger.tgisinternal),
        inArray(
          pgTrigger.tgname,
          triggers.map((t) => t.name),
        ),
      ),
    );
  const found = new Set(rows.map((r) => `${r.schema}.${r.name}`));
  return triggers.filter((t) => !found.has(`${t.schema}.${t.name}`)).map((t) => t.table);
}
