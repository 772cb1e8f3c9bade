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

// TG_ARGV: the app label and model of the table the trigger is on, and its key column.
const CLEANUP_FUNCTION = `create or replace function auth_delete_object_grants() returns trigger language plpgsql as $$
declare
  key text;
begin
  execute format('select ($1).%I::text', TG_ARGV[2]) using OLD into key;
  delete from auth_user_object_permission where object_pk = key and permission_id in
    (select p.id from auth_permission p join auth_content_type ct on ct.id = p.content_type_id
     where ct.app_label = TG_ARGV[0] and ct.model = TG_ARGV[1]);
  delete from auth_group_object_permission where object_pk = key and permission_id in
    (select p.id from auth_permission p join auth_content_type ct on ct.id = p.content_type_id
     where ct.app_label = TG_ARGV[0] and ct.model = TG_ARGV[1]);
  return OLD;
end $$;`;

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
    return { table: `${schema}.${tableName}`, schema, name, statement };
  });
}

/**
 * The SQL that installs the cleanup triggers of every registered table: put it in a migration of
 * your own (`drizzle-kit generate --custom`, or `warden triggers`), after the tables it names.
 * Re-run it when you register a table.
 */
export function objectGrantCleanupSql<TApps extends AppTables, C extends string>(
  registry: Registry<TApps, C>,
): string {
  const statements = [CLEANUP_FUNCTION, ...triggersOf(registry).map((t) => t.statement)];
  return `${statements.join('\n--> statement-breakpoint\n')}\n`;
}

/** Installs them now (needs the right to create functions and triggers). Returns the tables. */
export async function installCleanupTriggers<TApps extends AppTables, C extends string>(
  db: AnyPgDatabase,
  registry: Registry<TApps, C>,
): Promise<string[]> {
  await db.execute(sql.raw(CLEANUP_FUNCTION));
  const triggers = triggersOf(registry);
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
