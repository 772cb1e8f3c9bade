// What `npx warden …` (from @warden/auth) works on: the app's registry and database, and its tRPC
// router for `warden routes`.
import { openDatabase } from './dist/db.js';
import { registry } from './dist/registry.js';
import { makeRouter } from './dist/router.js';

const { db, close } = openDatabase();
export default { registry, db, router: makeRouter(db), close };
