import { logSafe } from './log-safe.js';

/**
 * Security-relevant events the server counts and logs: what an operator watches for (password
 * guessing, probing for permissions, forged requests, an unreachable database). Counted for the
 * process's lifetime (staff read them at `GET /admin/security-events`) and logged rate-limited: at
 * most one line per kind per interval, carrying how many happened, so a burst of 10,000 failed
 * logins is two lines, not 10,000 (a log flood hides other events and fills disks).
 *
 * A line holds the kind, the count and a short non-secret detail the caller chose (a client
 * address, a procedure path). Never a username (people type passwords into the username field),
 * password, cookie, token or session id: callers pass none, and nothing of the request is read here.
 * The detail is written through `logSafe`: it often holds a request's path, which must not be able
 * to end the line and forge another.
 */
export const SECURITY_EVENTS = {
  login_failed: 'failed logins',
  login_throttled: 'logins refused by the throttle',
  csrf_rejected: 'requests refused by the CSRF check',
  permission_denied: 'permission denials',
  database_unavailable: 'requests refused because the database was unavailable',
  request_timeout: 'requests answered without their handler after the deadline',
} as const;

export type SecurityEventKind = keyof typeof SECURITY_EVENTS;

export interface SecurityEventsOptions {
  /** The shortest time between two lines of one kind. Default one minute. */
  intervalMs?: number;
  /** Where lines go. Default `console.warn`. */
  log?: (line: string) => void;
  now?: () => number;
}

export interface SecurityEvents {
  record(kind: SecurityEventKind, detail?: string): void;
  /** Totals since the process started, per kind. */
  counts(): Record<SecurityEventKind, number>;
  /** Logs what is pending now (at shutdown), and stops the timers. */
  flush(): void;
}

interface Pending {
  count: number;
  detail: string | undefined;
  lastLine: number;
  timer: NodeJS.Timeout | undefined;
}

export function createSecurityEvents(options: SecurityEventsOptions = {}): SecurityEvents {
  const intervalMs = options.intervalMs ?? 60_000;
  const log = options.log ?? ((line: string) => console.warn(line));
  const now = options.now ?? Date.now;
  const totals: Record<SecurityEventKind, number> = {
    login_failed: 0,
    login_throttled: 0,
    csrf_rejected: 0,
    permission_denied: 0,
    database_unavailable: 0,
    request_timeout: 0,
  };
  const pending = new Map<SecurityEventKind, Pending>();

  const emit = (kind: SecurityEventKind, p: Pending) => {
    if (p.timer !== undefined) clearTimeout(p.timer);
    p.timer = undefined;
    if (p.count === 0) return;
    const seconds = Math.round(intervalMs / 1000);
    const detail = p.detail === undefined ? '' : ` (last: ${p.detail})`;
    log(`security: ${p.count} ${SECURITY_EVENTS[kind]} in the last ${seconds} s${detail}`);
    p.count = 0;
    p.lastLine = now();
  };

  return {
    record(kind, detail) {
      totals[kind] += 1;
      let p = pending.get(kind);
      if (p === undefined) {
        p = { count: 0, detail: undefined, lastLine: -Infinity, timer: undefined };
        pending.set(kind, p);
      }
      p.count += 1;
      p.detail = detail === undefined ? undefined : logSafe(detail);
      const wait = p.lastLine + intervalMs - now();
      if (wait <= 0) {
        emit(kind, p);
      } else if (p.timer === undefined) {
        const scheduled = p;
        // unref: a pending line never keeps the process alive; flush() writes it at shutdown.
        p.timer = setTimeout(() => emit(kind, scheduled), wait).unref();
      }
    },
    counts: () => ({ ...totals }),
    flush() {
      for (const [kind, p] of pending) emit(kind, p);
    },
  };
}
