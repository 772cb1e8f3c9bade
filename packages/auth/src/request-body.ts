import type { Context } from 'hono';
import type { z } from 'zod';
import { errorResponse } from './error-response.js';

/** Parses a JSON body with zod; a client mistake becomes a 400 naming the fields. */
export async function parseBody<T>(
  c: Context,
  schema: z.ZodType<T>,
): Promise<{ ok: true; data: T } | { ok: false; res: Response }> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, res: errorResponse(c, 'BAD_REQUEST', 'the request body must be JSON') };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const message = parsed.error.issues
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
    .join('; ');
  return { ok: false, res: errorResponse(c, 'BAD_REQUEST', message) };
}
