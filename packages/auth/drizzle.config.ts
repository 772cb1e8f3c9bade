import { defineConfig } from 'drizzle-kit';

// auth's tables together with authz's (they reference auth_user), for auth's own tests.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['../authz/src/schema.ts', './src/schema.ts'],
  out: './drizzle',
});
