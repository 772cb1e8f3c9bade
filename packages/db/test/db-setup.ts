import { migratedTemplates } from '../src/testing/setup.js';
import { fixtureMigrations } from './fixture/migrations.js';

export default migratedTemplates(fixtureMigrations);
