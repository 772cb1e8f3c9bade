import { applyMigrations } from '@warden/authz';
import { migratedTemplates } from '@warden/db/testing/setup';
import { wardenMigrations } from '../src/migrations.js';

export default migratedTemplates(wardenMigrations, applyMigrations);
