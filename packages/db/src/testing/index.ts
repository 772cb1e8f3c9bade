export { DEFAULT_TEST_DATABASE_URL, type TestBackend, withDatabase } from './backends.js';
export {
  findPgBouncer,
  type PgBouncer,
  type PgBouncerBinary,
  pgBouncerForTests,
  startPgBouncer,
} from './pgbouncer.js';
export { describeEachBackend, TestDb } from './test-db.js';
export {
  findPostgresBinaries,
  type PostgresBinaries,
  postgresBinariesForTests,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from './throwaway-postgres.js';
