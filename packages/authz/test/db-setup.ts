import { migratedTemplates } from '@warden/db/testing/setup';
import { authzMigrations } from '../src/migrations.js';

export default migratedTemplates([authzMigrations]);
