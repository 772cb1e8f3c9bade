import { dbEnvSchema, parseEnv } from '@warden/db';
import { z } from 'zod';

const port = z
  .string()
  .regex(/^\d{1,5}$/, { message: 'must be an integer between 0 and 65535' })
  .transform(Number)
  .pipe(z.number().max(65535, { message: 'must be an integer between 0 and 65535' }));

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
