import { dbEnvSchema, EnvError, parseEnv } from '@warden/db';
import { z } from 'zod';
import { HOST_PATTERN, LOOPBACK_HOSTS } from './allowed-hosts.js';

const port = z
  .string()
  .regex(/^\d{1,5}$/, { message: 'must be an integer between 0 and 65535' })
  .transform(Number)
  .pipe(z.number().max(65535, { message: 'must be an integer between 0 and 65535' }));

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kib: 1024,
  kb: 1024,
  mib: 1024 ** 2,
  mb: 1024 ** 2,
};
const byteSizeMessage = 'must be a size in bytes, like 65536, 64KiB or 1MiB';

/** A size in bytes: `65536`, `64KiB`, `1MiB` (KB and MB are read as KiB and MiB). */
const byteSize = z
  .string()
  .regex(/^\s*\d{1,10}\s*(b|kib|kb|mib|mb)?\s*$/i, { message: byteSizeMessage })
  .transform((value) => {
    const [, digits = '', unit = ''] = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(value) ?? [];
    return Number(digits) * (UNITS[unit.toLowerCase()] ?? 1);
  })
  .pipe(
    z
      .number()
      .int()
      .min(1, { message: byteSizeMessage })
      .max(2 ** 31, { message: byteSizeMessage }),
  );

// The server's variables and the database's, validated together so one run names every mistake.
export const serverEnvSchema = dbEnvSchema.extend({
  /** 0 picks a free port (tests). */
  PORT: port.default(3000),
  /** Loopback by default; set 0.0.0.0 to listen on every interface (containers). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Origins (comma-separated) whose pages may send unsafe requests besides the server's own,
   * e.g. the Vite dev server: `http://localhost:5173`.
   */
  TRUSTED_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().refine((o) => /^https?:\/\/[^/]+$/.test(o), {
          message: 'must be a comma-separated list of origins like https://app.example.com',
        }),
      ),
    )
    .default([]),
  /** The largest request body `/auth` accepts (413 beyond). */
  AUTH_BODY_LIMIT: byteSize.optional(),
  /** The largest request body `/trpc` accepts (413 beyond). */
  TRPC_BODY_LIMIT: byteSize.optional(),
  /** The most calls one batched `/trpc` request may carry (400 beyond). */
  TRPC_BATCH_LIMIT: z
    .string()
    .regex(/^\d{1,6}$/, { message: 'must be a whole number of calls, at least 1' })
    .transform(Number)
    .pipe(z.number().min(1, { message: 'must be a whole number of calls, at least 1' }))
    .optional(),
  /**
   * Host names this server answers to, comma-separated (Django's ALLOWED_HOSTS): `app.example.com`,
   * `.example.com` for it and its subdomains. Unset: PUBLIC_URL's host, else (not in production)
   * the loopback names.
   */
  ALLOWED_HOSTS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.string().regex(HOST_PATTERN, {
            message:
              'must be a comma-separated list of host names without scheme or port, like app.example.com or .example.com',
          }),
        )
        .min(1, { message: 'must name at least one host' }),
    )
    .optional(),
  /** Where users reach this server, e.g. `https://app.example.com` (behind a TLS proxy too). */
  PUBLIC_URL: z
    .string()
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return /^https?:$/.test(url.protocol) && url.pathname === '/' && !url.search;
        } catch {
          return false;
        }
      },
      {
        message: 'must be an http:// or https:// URL without a path, like https://app.example.com',
      },
    )
    .transform((value) => new URL(value).origin)
    .optional(),
  /** Server processes (node:cluster workers); more than 1 needs DATABASE_URL. Default 1. */
  WEB_CONCURRENCY: z
    .string()
    .regex(/^\d{1,3}$/, { message: 'must be a whole number of processes, at least 1' })
    .transform(Number)
    .pipe(z.number().min(1, { message: 'must be a whole number of processes, at least 1' }))
    .default(1),
  /**
   * `off` reads session, user and permissions from the database on every request (1 statement)
   * instead of keeping them in memory, invalidated by LISTEN/NOTIFY (docs/performance.md).
   */
  CREDENTIAL_CACHE: z
    .enum(['on', 'off'], { message: 'must be on or off' })
    .default('on')
    .transform((value) => value === 'on'),
  /**
   * The demo users (with the passwords the README prints) on an empty database: unset, only for a
   * server on this machine; `1` also for a public host (never in production); `0` never.
   */
  SEED_DEMO: z
    .enum(['0', '1'], { message: 'must be 1 (seed the demo data) or 0 (never)' })
    .optional(),
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      message: 'must be development, production or test',
    })
    .default('development'),
});

/**
 * The hosts the server answers to: ALLOWED_HOSTS and PUBLIC_URL's host (the public name is served
 * by definition); with neither, the loopback names in development, and in production an EnvError:
 * the loopback default would refuse every real request, and trusting whatever Host arrives is what
 * ALLOWED_HOSTS exists to prevent. Asked only by the server (the manage CLI serves no host).
 */
export function allowedHostsOf(
  env: Pick<ServerEnv, 'ALLOWED_HOSTS' | 'PUBLIC_URL' | 'NODE_ENV'>,
): readonly string[] {
  const hosts = [...(env.ALLOWED_HOSTS ?? [])];
  if (env.PUBLIC_URL !== undefined) hosts.push(new URL(env.PUBLIC_URL).hostname);
  if (hosts.length > 0) return [...new Set(hosts)];
  if (env.NODE_ENV === 'production') {
    throw new EnvError([
      'ALLOWED_HOSTS: must be set in production, or PUBLIC_URL: the host names this server answers to, like app.example.com (got unset)',
    ]);
  }
  return LOOPBACK_HOSTS;
}

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export function readServerEnv(env?: Record<string, string | undefined>): ServerEnv {
  return parseEnv(serverEnvSchema, env);
}
