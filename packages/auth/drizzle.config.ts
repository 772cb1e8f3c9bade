import { defineConfig } from 'drizzle-kit';

// auth's own tables only: authz's come from authz's migrations, applied before these
// (`wardenMigrations`). Generation needs no connection: `pnpm --filter @warden/auth db:generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './drizzle.schema.ts',
  out: './drizzle',
});
