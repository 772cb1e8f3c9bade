import { migratedTemplates } from '../src/testing/setup.js';
import { createFixtureTables, fixtureMigrations } from './fixture/migrations.js';

export default migratedTemplates(fixtureMigrations, createFixtureTables);
