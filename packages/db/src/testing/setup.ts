import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { MigrationConfig } from 'drizzle-orm/migrator';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { createDb, type Database } from '../create-db.js';
import { redactUrl } from '../env.js';
import {
  DEFAULT_TEST_DATABASE_URL,
  migrationsHash,
  type TestBackend,
  wantedBackends,
  withDatabase,
} from './backends.js';

/** What applies the migrations: `applyMigrations` of `@warden/authz`, as the server and CLI run it. */
export type ApplyMigrations<S> = (db: Database, migrations: readonly S[]) => Promise<unknown>;

/**
 * A package's vitest globalSetup (the default export of the file given to `dbTestConfig`): runs once
 * per test run, in vitest's main process, and migrates one template per backend with `migrations`
 * (through `apply`: this package cannot import the runner, every package's tests import this one)
 * so that every test file starts from a copy (~1 s for PGlite instead of ~3 s cold + migrations;
 * milliseconds for Postgres' CREATE DATABASE … TEMPLATE).
 *
 * It is a setup file rather than a value in vitest.config.ts because the sources come from the
 * packages' TypeScript (`@warden/auth`'s list names `@warden/authz`'s), which vitest resolves
 * through the `@warden/source` condition for setup files and tests, but not for config files.
 *
 * @example
 * // test/db-setup.ts
 * import { applyMigrations } from '@warden/authz';
 * import { migratedTemplates } from '@warden/db/testing/setup';
 * import { wardenMigrations } from '../src/migrations.js';
 * export default migratedTemplates(wardenMigrations, applyMigrations);
 */
export function migratedTemplates<S extends MigrationConfig>(
  migrations: readonly S[],
  apply: ApplyMigrations<S>,
) {
  const migrate = (db: Database) => apply(db, migrations);
  return async function setup(project: TestProject): Promise<void> {
    const hash = migrationsHash(migrations);
    const backends: TestBackend[] = [];
    for (const backend of wantedBackends()) {
      backends.push(
        backend === 'pglite'
          ? await pgliteTemplate(hash, migrate)
          : await postgresTemplate(hash, migrate),
      );
    }
    project.provide('warden:testBackends', backends);
  };
}

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/warden-db', import.meta.url));

async function pgliteTemplate(
  hash: string,
  migrate: (db: Database) => Promise<unknown>,
): Promise<TestBackend> {
  const templateFile = join(cacheDir, `pglite-${hash}.tar`);
  if (!existsSync(templateFile)) {
    const client = await PGlite.create();
    const handle = await createDb({ schema: {}, connection: { client } });
    await migrate(handle.db);
    const dump = await client.dumpDataDir('none');
    await handle.close();
    mkdirSync(cacheDir, { recursive: true });
    // Write then rename: several packages' test runs may build the same template at once.
    const partial = `${templateFile}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, templateFile);
  }
  return { backend: 'pglite', available: true, templateFile };
}

async function postgresTemplate(
  hash: string,
  migrate: (db: Database) => Promise<unknown>,
): Promise<TestBackend> {
  const adminUrl = process.env.TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
  const templateDb = `warden_tpl_${hash}`;
  const admin = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => {});
    const reason = `no Postgres at ${redactUrl(adminUrl)}: ${(error as Error).message}`;
    if (process.env.TEST_REQUIRE_POSTGRES === '1') {
      throw new Error(`TEST_REQUIRE_POSTGRES=1 but ${reason}`);
    }
    console.warn(`\n!!! ${reason}\n!!! database tests run on PGlite only\n`);
    return { backend: 'postgres', available: false, reason };
  }
  try {
    // Serialise template building across concurrent test runs (turbo runs packages in parallel).
    await admin`select pg_advisory_lock(hashtext(${templateDb}))`;
    const [existing] = await admin`select 1 from pg_database where datname = ${templateDb}`;
    if (existing === undefined) {
      const building = `${templateDb}_building`;
      await admin.unsafe(`drop database if exists "${building}" with (force)`);
      await admin.unsafe(`create database "${building}"`);
      const handle = await createDb({
        schema: {},
        connection: { url: withDatabase(adminUrl, building) },
      });
      try {
        await migrate(handle.db);
      } finally {
        await handle.close();
      }
      // Renamed only once complete, so a crash mid-migration never leaves a half-built template.
      await admin.unsafe(`alter database "${building}" rename to "${templateDb}"`);
    }
    await admin`select pg_advisory_unlock(hashtext(${templateDb}))`;
  } finally {
    await admin.end({ timeout: 5 });
  }
  return { backend: 'postgres', available: true, adminUrl, templateDb };
}
