import { migratedTemplates } from '@warden/db/testing/setup';
import { applyMigrations } from '../src/migrate.js';
import { authzMigrations } from '../src/migrations.js';

export default migratedTemplates([authzMigrations], applyMigrations);
