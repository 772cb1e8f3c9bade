import { migratedTemplates } from '@warden/db/testing/setup';
import { wardenMigrations } from '../src/migrations.js';

export default migratedTemplates(wardenMigrations);
