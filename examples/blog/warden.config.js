// What `npx warden …` (from @warden/auth) works on: the app's registry and database.
import { openDatabase } from './dist/db.js';
import { registry } from './dist/registry.js';

const { db, close } = openDatabase();
export default { registry, db, close };
