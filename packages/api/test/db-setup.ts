import { applyMigrations } from '@warden/authz';
import { migratedTemplates } from '@warden/db/testing/setup';
import { migrations } from '../src/migrations.js';

export default migratedTemplates(migrations, applyMigrations);
