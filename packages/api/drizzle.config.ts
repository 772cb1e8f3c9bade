import { defineConfig } from 'drizzle-kit';

// The demo app's own tables only: Warden's come from `wardenMigrations` (authz's, then auth's),
// applied first. The app's tables import `user` for their foreign keys without re-exporting it.
// Generation only needs the schema, never a connection: `pnpm --filter @warden/api db:generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/orgs/tables.ts', './src/polls/tables.ts', './src/shop/tables.ts'],
  out: './drizzle',
});
