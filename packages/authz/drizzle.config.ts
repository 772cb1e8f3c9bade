import { defineConfig } from 'drizzle-kit';

// Generation only needs the schema, never a connection: `pnpm --filter @warden/authz db:generate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema.ts',
  out: './drizzle',
});
