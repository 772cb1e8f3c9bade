import { openDatabase } from './db.js';

// Applies drizzle/ (drizzle-kit's migrations, and the custom one holding `warden triggers`).
const database = openDatabase();
await database.migrate();
await database.close();
console.log('migrated');
