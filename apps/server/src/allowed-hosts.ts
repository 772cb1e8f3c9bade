import { errorResponse } from '@warden/auth';
import type { Context } from 'hono';

/** What a development server answers to when ALLOWED_HOSTS is not set: this machine only. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** A host as Django validates it: a name or IPv4 address, or an IPv6 address in brackets; a port. */
const HOST = /^(?<name>[a-z0-9.-]+|\[[a-f0-9:.]+\])(?::\d{1,5})?$/;

/** The name part of a `Host` value, lower-cased, without port or trailing dot; null if malformed. */
export function hostName(host: string): string | null {
  const name = HOST.exec(host.toLowerCase())?.groups?.name;
  return name === undefined ? null : name.replace(/\.$/, '');
}

/** An ALLOWED_HOSTS entry: a name, `.name` for it and its subdomains, or `[IPv6]`; no port. */
export const HOST_PATTERN = /^(\.?[a-z0-9-]+(\.[a-z0-9-]+)*|\[[a-f0-9:.]+\])$/i;

/** Django's ALLOWED_HOSTS matching: an exact name, or `.example.com` for it and its subdomains. */
export function isAllowedHost(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    pattern.startsWith('.')
      ? name === pattern.slice(1) || name.endsWith(pattern)
      : name === pattern,
  );
}

/** A URL's scheme and host when nothing in the host needs parsing. */
const PLAIN_ORIGIN = /^https?:\/\/[a-z0-9.:[\]-]+$/i;
const SEEN_MAX = 256;
const KEY_MAX = 300;

export interface AllowedHostsOptions {
  /** Host names (no port) this server answers to; `.example.com` covers its subdomains. */
  hosts: readonly string[];
}

/**
 * Django's ALLOWED_HOSTS: a request for any other host is refused with 400 before anything else
 * runs. The app takes its own origin from the request URL, whose host comes from the `Host`
 * header (or an absolute request target), so without this check a DNS-rebound page at
 * `evil.example` whose name resolves to this server is "same-origin" to the CSRF check, and
 * links built from the URL could point anywhere. Both the URL's host and the `Host` header are
 * checked, so what CSRF compares against is a host this server was configured to be.
 */
export function hostRefusal(options: AllowedHostsOptions): (c: Context) => Response | undefined {
  const patterns = options.hosts.map((h) => h.toLowerCase());
  const bad = patterns.filter((p) => !HOST_PATTERN.test(p));
  if (bad.length > 0) {
    throw new Error(`allowed hosts must be names without scheme or port (got ${bad.join(', ')})`);
  }
  const allowed = (host: string) => {
    const name = hostName(host);
    return name !== null && isAllowedHost(name, patterns);
  };
  const firstRefused = (url: string, header: string | undefined) =>
    [new URL(url).host, ...(header === undefined ? [] : [header])].find((host) => !allowed(host));
  // The answer for each request's origin and Host header, so a request from a client seen before
  // parses no URL and runs no pattern (both were in every request's profile). It depends on
  // nothing else: the URL's host is the text between `//` and the first `/`, `\`, `?` or `#`, so
  // a plain origin (letters, digits, `.-:[]`) decides it. Kept small (256 keys of at most 300
  // characters) and emptied when full: a client sending a new Host each time only makes us parse.
  const seen = new Map<string, string | null>();
  const refusedHost = (url: string, header: string | undefined): string | undefined => {
    // The origin ends at the path's `/` (after `http://` and at least one character).
    const end = url.indexOf('/', 8);
    const origin = end === -1 ? url : url.slice(0, end);
    const key = header === undefined ? origin : `${origin} ${header}`;
    let refused = seen.get(key);
    if (refused === undefined) {
      // Only a plain origin decides the host alone; the first look at a key checks that.
      if (key.length > KEY_MAX || !PLAIN_ORIGIN.test(origin)) return firstRefused(url, header);
      refused = firstRefused(url, header) ?? null;
      if (seen.size >= SEEN_MAX) seen.clear();
      seen.set(key, refused);
    }
    return refused ?? undefined;
  };
  return function refuseHost(c) {
    const refused = refusedHost(c.req.url, c.req.header('host'));
    if (refused === undefined) return undefined;
    const shown = refused.length > 100 ? `${refused.slice(0, 100)}…` : refused;
    return errorResponse(
      c,
      'BAD_REQUEST',
      `host ${JSON.stringify(shown)} is not served here (ALLOWED_HOSTS)`,
    );
  };
}
