import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export interface CookieConfig {
  /** Production (HTTPS): `Secure` and the `__Host-` prefix, which pins the cookie to this host. */
  secure: boolean;
}

export const cookieNames = (config: CookieConfig) =>
  config.secure
    ? { session: '__Host-session', csrf: '__Host-csrftoken' }
    : { session: 'session', csrf: 'csrftoken' };

export function readCookie(c: Context, name: string): string | undefined {
  try {
    return getCookie(c, name);
  } catch {
    return undefined; // a malformed Cookie header is no cookie, not a 500
  }
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
