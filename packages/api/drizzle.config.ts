import { defineConfig } from 'drizzle-kit';

// Generation only needs the schema, never a connection: `pnpm --filter @warden/api db:generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/tables.ts',
  out: './drizzle',
});
