import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';

export interface CookieConfig {
  /** Production (HTTPS): `Secure` and the `__Host-` prefix, which pins the cookie to this host. */
  secure: boolean;
}

export const cookieNames = (config: CookieConfig) =>
  config.secure
    ? { session: '__Host-session', csrf: '__Host-csrftoken' }
    : { session: 'session', csrf: 'csrftoken' };

/** The cookie `name` of this request, or undefined; never throws on a malformed header. */
export function readCookie(c: Context, name: string): string | undefined {
  const header = c.req.header('cookie');
  return header === undefined ? undefined : cookieValue(header, name);
}

/**
 * The value of the first cookie called `name` in a Cookie header, unquoted and percent-decoded as
 * hono's reader gives it. Ours because it runs on every request and needs one cookie: hono's
 * `getCookie` builds them all into an object, 3 % of a warm protected call in a profile.
 */
export function cookieValue(header: string, name: string): string | undefined {
  if (!header.includes(name)) return undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1);
    if (!value.includes('%')) return value;
    try {
      return decodeURIComponent(value);
    } catch {
      return value; // a malformed escape: the value as sent, which no token matches
    }
  }
  return undefined;
}

export function setSessionCookie(
  c: Context,
  config: CookieConfig,
  token: string,
  expires: Date,
): void {
  setCookie(c, cookieNames(config).session, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: config.secure,
    expires,
  });
}

export function clearSessionCookie(c: Context, config: CookieConfig): void {
  deleteCookie(c, cookieNames(config).session, {
    path: '/',
    secure: config.secure,
    httpOnly: true,
    sameSite: 'Lax',
  });
}

/** Django's csrftoken: readable by the page's script (it echoes it in X-CSRFToken), a year long. */
export function setCsrfCookie(c: Context, config: CookieConfig, token: string): void {
  setCookie(c, cookieNames(config).csrf, token, {
    httpOnly: false,
    sameSite: 'Lax',
    path: '/',
    secure: config.secure,
    maxAge: 365 * 24 * 3600,
  });
}
