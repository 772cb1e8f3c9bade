export { DEFAULT_TEST_DATABASE_URL, type TestBackend, withDatabase } from './backends';
export { describeEachBackend, TestDb } from './test-db';
