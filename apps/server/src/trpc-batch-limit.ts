import { errorResponse } from '@warden/auth';
import type { Context } from 'hono';

/** Calls one `/trpc` request may carry by default; tRPC's httpBatchLink sends up to `maxItems`. */
export const DEFAULT_TRPC_BATCH_LIMIT = 50;

export interface TrpcBatchLimitOptions {
  /** Where tRPC is mounted. */
  endpoint: string;
  /** The most calls one batch may hold. */
  maxCalls: number;
}

/** The commas in `text` before `end`, counted up to `atMost`: no array, no copy of the path. */
function commasBefore(text: string, end: number, atMost: number): number {
  let count = 0;
  let at = text.indexOf(',');
  while (at !== -1 && at < end && count < atMost) {
    count++;
    at = text.indexOf(',', at + 1);
  }
  return count;
}

/**
 * Refuses a tRPC batch (`/trpc/a,b,c?batch=1`) of more than `maxCalls` calls with 400, before the
 * body is read or any call runs: one request of 1,000 calls held the only database connection for
 * 1.2 s (issue 13). The calls are counted as tRPC counts them, on the percent-decoded path.
 * tRPC's own `maxBatchSize` answers "Batch call exceeds maximum size" after the request reached
 * the adapter; this one says what the limit is, and costs no authentication query.
 */
export function batchRefusal(options: TrpcBatchLimitOptions): (c: Context) => Response | undefined {
  const { endpoint, maxCalls } = options;
  if (!Number.isSafeInteger(maxCalls) || maxCalls < 1) {
    throw new Error(`tRPC batch limit must be a positive whole number (got ${maxCalls})`);
  }
  const under = `${endpoint}/`;
  return function refuseBatch(c) {
    if (!c.req.path.startsWith(under)) return undefined;
    // Without parsing anything: a path with no escapes and at most maxCalls names is within the
    // limit, batch or not (commas before the path, in the host, only send it the long way). The
    // query parse below was 2 % of a warm protected call's CPU (issue 9).
    const url = c.req.url;
    const query = url.indexOf('?');
    const end = query === -1 ? url.length : query;
    const percent = url.indexOf('%');
    if ((percent === -1 || percent > end) && commasBefore(url, end, maxCalls) < maxCalls)
      return undefined;
    // As tRPC reads it: URLSearchParams (`%62atch=1` is a batch too).
    const parsed = new URL(url);
    if (parsed.searchParams.get('batch') !== '1') return undefined;
    const raw = parsed.pathname.slice(endpoint.length + 1);
    let path = raw;
    try {
      path = decodeURIComponent(raw);
    } catch {
      // tRPC refuses a malformed path itself; count what is there.
    }
    const calls = path.split(',').length;
    if (calls <= maxCalls) return undefined;
    return errorResponse(
      c,
      'BAD_REQUEST',
      `a batch may hold at most ${maxCalls} calls; this one has ${calls}`,
    );
  };
}
