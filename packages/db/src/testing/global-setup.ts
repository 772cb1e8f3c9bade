import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { createDb } from '../create-db.js';
import { redactUrl } from '../env.js';
import {
  DEFAULT_TEST_DATABASE_URL,
  migrationsHash,
  type TestBackend,
  wantedBackends,
  withDatabase,
} from './backends.js';

// Runs once per test run, in vitest's main process: migrates one template per backend so that every
// test file starts from a copy (~1 s for PGlite instead of ~3 s cold + migrations; milliseconds for
// Postgres' CREATE DATABASE … TEMPLATE).
export default async function setup(project: TestProject): Promise<void> {
  const migrationsFolder = project.config.provide?.['warden:migrationsFolder'];
  if (migrationsFolder === undefined) {
    throw new Error('use dbTestConfig(migrationsFolder) in vitest.config.ts to set the migrations');
  }
  const hash = migrationsHash(migrationsFolder);
  const backends: TestBackend[] = [];
  for (const backend of wantedBackends()) {
    backends.push(
      backend === 'pglite'
        ? await pgliteTemplate(hash, migrationsFolder)
        : await postgresTemplate(hash, migrationsFolder),
    );
  }
  project.provide('warden:testBackends', backends);
}

const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/warden-db', import.meta.url));

async function pgliteTemplate(hash: string, migrationsFolder: string): Promise<TestBackend> {
  const templateFile = join(cacheDir, `pglite-${hash}.tar`);
  if (!existsSync(templateFile)) {
    const client = await PGlite.create();
    const handle = await createDb({ schema: {}, migrationsFolder, connection: { client } });
    await handle.migrate();
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

async function postgresTemplate(hash: string, migrationsFolder: string): Promise<TestBackend> {
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
        migrationsFolder,
        connection: { url: withDatabase(adminUrl, building) },
      });
      try {
        await handle.migrate();
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
