import { z } from 'zod';

/** A startup configuration mistake. Its message names every bad variable; print it, no stack. */
export class EnvError extends Error {
  override readonly name = 'EnvError';
  constructor(readonly issues: readonly string[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

/** Masks the password of a connection URL, so errors and logs never print it. */
export function redactUrl(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/**
 * Validates `env` against a zod object schema. Empty strings count as unset, as shells and .env
 * files produce them for "no value". Throws EnvError naming each variable and what was wrong.
 */
export function parseEnv<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') input[key] = value.trim();
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '(env)');
      const got = input[name];
      const shown = got === undefined ? 'unset' : JSON.stringify(redactUrl(got));
      return `${name}: ${issue.message} (got ${shown})`;
    }),
  );
}

const postgresUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== ''
      );
    } catch {
      return false;
    }
  },
  { message: 'must be a postgres:// or postgresql:// URL with a host' },
);

export const dbEnvSchema = z.object({
  /** Unset: embedded PGlite. Set: postgres.js against this server. */
  DATABASE_URL: postgresUrl.optional(),
  /**
   * Where the credential cache's LISTEN connects, when not DATABASE_URL: behind PgBouncer in
   * transaction mode, Postgres itself (a LISTEN needs a session the pooler keeps).
   */
  DATABASE_LISTEN_URL: postgresUrl.optional(),
  /**
   * Whether postgres.js prepares its statements (named, reused: a warm query skips the parse and
   * plan). Unset or `auto`: on, unless DATABASE_URL answers through a pooler (the session's cancel
   * key is not its Postgres backend's, as PgBouncer's never is); `on`: always (a pooler must keep
   * them: session mode, or PgBouncer ≥ 1.21 with `max_prepared_statements`); `off`: never, as
   * PgBouncer in transaction mode before 1.21 needs (docs/decisions/0015-pooler.md).
   */
  DATABASE_PREPARE: z
    .enum(['auto', 'on', 'off'], { message: 'must be auto, on or off' })
    .optional(),
  /** Where the server's PGlite keeps its files (relative to the working directory). */
  PGLITE_DIR: z.string().default('.data/pglite'),
  /**
   * postgres.js pool size. Default 1: one connection pipelines the queries of concurrent requests,
   * and no run on the 2-core machines measured has shown a larger pool serve more
   * (docs/performance.md). The
   * decay postgres.js 3.4.9 showed with a larger pool (DESIGN.md, "Known pitfall") is patched
   * (`patches/postgres@3.4.9.patch`); raise it where the database has cores to spare.
   */
  DATABASE_POOL_MAX: z.coerce
    .number({ message: 'must be an integer between 1 and 100' })
    .int({ message: 'must be an integer between 1 and 100' })
    .min(1, { message: 'must be an integer between 1 and 100' })
    .max(100, { message: 'must be an integer between 1 and 100' })
    .default(1),
});

export type DbEnv = z.infer<typeof dbEnvSchema>;

export function readDbEnv(env?: Record<string, string | undefined>): DbEnv {
  return parseEnv(dbEnvSchema, env);
}
