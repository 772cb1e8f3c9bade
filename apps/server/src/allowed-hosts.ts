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
  return function refuseHost(c) {
    const header = c.req.header('host');
    const hosts = [new URL(c.req.url).host, ...(header === undefined ? [] : [header])];
    const refused = hosts.find((host) => !allowed(host));
    if (refused === undefined) return undefined;
    const shown = refused.length > 100 ? `${refused.slice(0, 100)}…` : refused;
    return errorResponse(
      c,
      'BAD_REQUEST',
      `host ${JSON.stringify(shown)} is not served here (ALLOWED_HOSTS)`,
    );
  };
}
