import { executeRows } from '@warden/db';
import { describeEachBackend } from '@warden/db/testing';
import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { expect, it } from 'vitest';
import { schema } from './index.js';

describeEachBackend('application migrations', (t) => {
  it("create every table of the composed schema from authz's, auth's and the app's folders", async () => {
    const declared = Object.values(schema)
      .filter((value) => is(value, PgTable))
      .map((table) => getTableName(table))
      .sort();
    const rows = await executeRows<{ name: string }>(
      t.db,
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' order by table_name`,
    );
    expect(rows.map((r) => r.name)).toEqual(declared);
    const histories = await executeRows<{ name: string }>(
      t.db,
      sql`select table_name as name from information_schema.tables
          where table_schema = 'drizzle' order by table_name`,
    );
    expect(histories.map((r) => r.name)).toEqual([
      '__demo_migrations',
      '__warden_auth_migrations',
      '__warden_authz_migrations',
    ]);
  });
});
