import { dbEnvSchema, parseEnv } from '@warden/db';
import { z } from 'zod';

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
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      message: 'must be development, production or test',
    })
    .default('development'),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export function readServerEnv(env?: Record<string, string | undefined>): ServerEnv {
  return parseEnv(serverEnvSchema, env);
}
