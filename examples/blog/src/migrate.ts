import { openDatabase } from './db.js';

// Applies the app's own drizzle/ (drizzle-kit's migrations of src/schema.ts, and the custom one
// holding `warden triggers`), after `npx warden migrate` has created Warden's tables.
const database = openDatabase();
await database.migrate();
await database.close();
console.log('migrated');
