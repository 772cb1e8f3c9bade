/** What a client is told while the database cannot be reached (503, `SERVICE_UNAVAILABLE`). */
export const DATABASE_UNAVAILABLE_MESSAGE = 'the database is unavailable; try again shortly';

/**
 * Whether an error means "the database could not be reached", as opposed to a query that failed:
 * the first is answered 503 (nothing was decided, try again), the second 500. Recognised by the
 * `code` of the error or of any error in its `cause` chain (Drizzle wraps the driver's error in
 * `DrizzleQueryError`), so no driver is imported: it holds for postgres.js, node-postgres and a
 * pool that fails fast while the database is known to be down.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const code = 'code' in current ? current.code : undefined;
    if (typeof code === 'string' && UNAVAILABLE.test(code)) return true;
    current = current.cause;
  }
  return false;
}

// Node's socket errors; postgres.js' own connection codes (CONNECTION_CLOSED, _DESTROYED, _ENDED,
// CONNECT_TIMEOUT); DATABASE_UNAVAILABLE, a pool failing fast while the database is known to be
// down (Warden's postgres.js circuit); Postgres' SQLSTATE class 08 (connection exception),
// 57P01–57P03 (the server is shutting down or starting) and 53300 (too many connections).
const UNAVAILABLE =
  /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|CONNECTION_\w+|CONNECT_TIMEOUT|DATABASE_UNAVAILABLE|08\w{3}|57P0[123]|53300)$/;
